#ifndef KRING_WEB_PAGES_MATCHING_H
#define KRING_WEB_PAGES_MATCHING_H
/*
 * Matching on the pages (web/pages/matching.c): the ranked shortlist in the
 * form of assign-coordinator, the choices kept on the case page, and a
 * coordinator's own availability (/availability; handlers in pages.h).
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "web/pages/page.h"

/*
 * In the form of assign-coordinator: the shortlist of request_id as a
 * table with one radio button (coordinator_id) per candidate, the one
 * chosen (typed text, else the value) checked, the field's error above it,
 * and the excluded coordinators with their reasons in a <details>. false
 * when the shortlist cannot be made (the form then offers its usual list).
 */
bool match_shortlist_render(struct page *p, int64_t request_id, const json_t *values, const json_t *typed,
			    const json_t *errors);

/* On the case page: the coordinators chosen (who, when, by whom, why), each
 * with the shortlist of that moment; nothing when there is none. */
void match_choices_render(struct page *p, int64_t request_id);

#endif
