#ifndef KRING_WEB_PAGES_RECORD_FORM_H
#define KRING_WEB_PAGES_RECORD_FORM_H
/*
 * Saving a record's form (case records, reference data, requests): the
 * save itself (a new record or a change), and when
 * someone else changed the record meanwhile (412) the record as stored
 * now, so that the form shows both versions side by side. What a refusal
 * means for the form (an error at a field, an alert, an error page) stays
 * with each form.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/model.h"
#include "web/pages/page.h"

/* the warning above a stale change's two versions */
void record_form_conflict_box(struct page *p);

enum record_saved {
	RECORD_SAVED,   /* saved: the caller redirects */
	RECORD_STALE,   /* changed meanwhile: *stored holds the record now, status 409 */
	RECORD_REFUSED, /* the service refused: err says why */
	RECORD_FAILED,  /* answered with an error page */
};

struct record_save {
	const struct entity *e;
	int64_t id;        /* the record changed; 0: a new record */
	int64_t parent_id; /* a new record's parent (0: none) */
	int64_t version;   /* the version a change is based on */
	bool one;          /* one record per parent (plan, conference): re-read by
			    * parent, and a new one written meanwhile is stale too */
};

/*
 * Save input as s says. *out (when out is not NULL) gets the saved record
 * on RECORD_SAVED, *stored the record as stored now on RECORD_STALE; the
 * caller frees both.
 */
enum record_saved record_save(struct page *p, const struct record_save *s, const json_t *input, json_t **out,
			      json_t **stored, struct svc_error *err);

#endif
