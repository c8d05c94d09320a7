#ifndef KRING_WEB_PAGES_CASE_LIST_H
#define KRING_WEB_PAGES_CASE_LIST_H
/*
 * The tables of cases (the start page's lists, the search results): the
 * column heads and the cells of a case's row, written the same way in
 * every list. Each cell is a whole <td>.
 */
#include <jansson.h>

#include "web/pages/page.h"

/* a column head: <th scope="col"> with the text of key */
void case_list_th(struct page *p, const char *key);
/* <td> and </td>, around a cell a list writes itself */
void case_list_td_open(struct page *p);
void case_list_td_close(struct page *p);

/* the case's number, a link to the case page */
void case_list_number(struct page *p, const json_t *rec);
/* the main persons, joined by commas (a dash when there is none) */
void case_list_persons(struct page *p, const json_t *rec);
/* the region's name (options: the labels of fields_options) */
void case_list_region(struct page *p, const json_t *rec, const json_t *options);
/* the state's name */
void case_list_state(struct page *p, const json_t *rec);
/* the date the request came in */
void case_list_requested_on(struct page *p, const json_t *rec);

#endif
