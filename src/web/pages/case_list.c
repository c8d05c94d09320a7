/*
 * The cells of a case in the tables of cases (see case_list.h).
 */
#include "web/pages/case_list.h"

#include <stdio.h>

#include "web/pages/fields.h"

void case_list_th(struct page *p, const char *key)
{
	html_lit(&p->h, "<th scope=\"col\" class=\"utrecht-table__header-cell\">");
	page_t(p, key);
	html_lit(&p->h, "</th>");
}

void case_list_td_open(struct page *p)
{
	html_lit(&p->h, "<td class=\"utrecht-table__cell\">");
}

void case_list_td_close(struct page *p)
{
	html_lit(&p->h, "</td>");
}

void case_list_number(struct page *p, const json_t *rec)
{
	struct html *h = &p->h;
	char href[48];
	snprintf(href, sizeof href, "/requests/%lld", (long long)jint(rec, "id"));
	case_list_td_open(p);
	html_lit(h, "<a class=\"utrecht-link\"");
	html_attr_kv(h, "href", href);
	html_lit(h, ">");
	html_int(h, jint(rec, "id"));
	html_lit(h, "</a>");
	case_list_td_close(p);
}

void case_list_persons(struct page *p, const json_t *rec)
{
	const json_t *mp = json_object_get(rec, "main_persons");
	size_t i;
	json_t *x;
	case_list_td_open(p);
	if (json_array_size(mp) == 0)
		html_lit(&p->h, "&ndash;");
	json_array_foreach(mp, i, x) {
		if (i)
			html_lit(&p->h, ", ");
		html_text(&p->h, json_string_value(x));
	}
	case_list_td_close(p);
}

void case_list_region(struct page *p, const json_t *rec, const json_t *options)
{
	case_list_td_open(p);
	fields_value(p, &ENTITY_REQUEST, model_field(&ENTITY_REQUEST, "region_id"), json_object_get(rec, "region_id"),
		     options);
	case_list_td_close(p);
}

void case_list_state(struct page *p, const json_t *rec)
{
	case_list_td_open(p);
	html_text(&p->h, tr3(p->lang, "state", jstr(rec, "state"), NULL));
	case_list_td_close(p);
}

void case_list_requested_on(struct page *p, const json_t *rec)
{
	case_list_td_open(p);
	page_date(p, jstr(rec, "requested_on"));
	case_list_td_close(p);
}
