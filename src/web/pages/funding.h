#ifndef KRING_WEB_PAGES_FUNDING_H
#define KRING_WEB_PAGES_FUNDING_H
/*
 * The funding decision's form (for case.c): the agreements proposed for
 * the case with what each has left, those that do not fit with why, and
 * the other ways to pay with the note. The budgets page is page_budgets
 * (pages.h).
 */
#include <jansson.h>

#include "web/pages/fields.h"

/* the inputs of decide-funding for request request_id: o is the form as
 * fields_render would show it (values, typed, errors, options) */
void funding_form_fields(struct page *p, int64_t request_id, const struct fields *o);

/* the posted decide-funding input before it goes to the service: an
 * agreement ticked and then another way to pay chosen counts as that way */
void funding_form_input(json_t *input);

#endif
