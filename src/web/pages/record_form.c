/*
 * Saving a record's form (see record_form.h).
 */
#include "web/pages/record_form.h"

#include <string.h>


void record_form_conflict_box(struct page *p)
{
	struct html *h = &p->h;
	html_lit(h, "<div class=\"utrecht-alert utrecht-alert--warning kring-alert\" role=\"alert\">"
		    "<div class=\"utrecht-alert__content\"><h2 class=\"utrecht-heading-2\">");
	page_t(p, "form.conflict_title");
	html_lit(h, "</h2><p class=\"utrecht-paragraph\">");
	page_t(p, "form.conflict_text");
	html_lit(h, "</p></div></div>");
}

enum record_saved record_save(struct page *p, const struct record_save *s, const json_t *input, json_t **out,
			      json_t **stored, struct svc_error *err)
{
	json_t *saved = NULL;
	int r;
	*stored = NULL;
	if (out)
		*out = NULL;
	if (s->id) {
		r = svc_update(&p->svc, s->e, s->id, s->version, input, &saved, err);
	} else {
		struct svc_result res = { 0 };
		r = svc_create(&p->svc, s->e, s->parent_id, input, NULL, &res, err);
		saved = r == 0 ? res.body : NULL;
	}
	if (r == 0) {
		if (out)
			*out = saved;
		else
			json_decref(saved);
		return RECORD_SAVED;
	}
	json_decref(saved);
	/* a change based on an older version; a record of which there is one
	 * per parent written meanwhile */
	bool stale = s->id ? err->status == 412
			   : s->one && (err->status == 412 || strcmp(err->code, "already_exists") == 0);
	if (!stale)
		return RECORD_REFUSED;
	/* changed (or written) meanwhile: read it as it is now */
	r = s->one ? svc_get_by_parent(&p->svc, s->e, s->parent_id, stored, err)
		   : svc_get(&p->svc, s->e, s->id, stored, err);
	if (r < 0) {
		page_fail(p, err);
		return RECORD_FAILED;
	}
	p->resp->status = 409;
	return RECORD_STALE;
}
