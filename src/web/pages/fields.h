#ifndef KRING_WEB_PAGES_FIELDS_H
#define KRING_WEB_PAGES_FIELDS_H
/*
 * Forms and record views made from the data model (domain/model.c): every
 * field gets the input that suits its type, its label from the catalogue
 * (field.ENTITY.FIELD, with an optional hint.ENTITY.FIELD), its value, and
 * its error next to it. Reading a posted form turns the texts back into
 * the typed JSON input the services take. So a field added to the model
 * appears in every form, and the forms check nothing the services do not.
 *
 * A form never loses what was typed: fields_read keeps the typed texts
 * (typed), and fields_render shows them instead of the stored values.
 */
#include <jansson.h>
#include <stdbool.h>

#include "domain/model.h"
#include "web/pages/page.h"

struct fields {
	const struct entity *e;
	/* the fields, NULL-terminated; NULL: every field input may set (not
	 * system or parent fields; immutable ones only when create) */
	const char *const *only;
	bool create;            /* a new record: immutable fields may be set */
	const json_t *values;   /* field -> stored (typed) value, or NULL */
	const json_t *typed;    /* field -> what was typed (string or array), or NULL */
	const json_t *errors;   /* field -> message (already in the page's language), or NULL */
	const json_t *options;  /* referenced entity -> [{"id": n, "label": "..."}], or NULL */
	const char *prefix;     /* catalogue prefix of the labels: "field.ENTITY" by default;
				 * an action's input uses "field.ACTION" */
};

/* the inputs (each a utrecht-form-field with label, hint, error) */
void fields_render(struct page *p, const struct fields *o);
/* the summary of the errors at the top of a form: a role=alert box with
 * one link per field to its input; nothing when there is none */
void fields_error_summary(struct page *p, const struct fields *o);

/*
 * Inputs and error summaries written outside the model (passwords, the
 * measures of a new request, the login form): the same markup as
 * fields_render's and fields_error_summary's, for an input with id f-NAME.
 */
/* <div class="utrecht-form-field kring-field">, marked invalid on error */
void fields_own_open(struct page *p, bool error);
/* the input's label (with the "required" mark when required), hint and
 * error (hint, error: NULL for none) */
void fields_own_head(struct page *p, const char *name, const char *label, const char *hint, const char *error,
		     bool required);
/* the input's attributes id="f-NAME", aria-invalid and aria-describedby */
void fields_own_attrs(struct page *p, const char *name, bool hint, bool error);
/* the error summary's box: open (a role=alert box with its heading and
 * list), one item linking to input f-NAME ("LABEL: MESSAGE"), one item of
 * text only, close */
void fields_summary_open(struct page *p);
void fields_summary_link(struct page *p, const char *name, const char *label, const char *msg);
void fields_summary_text(struct page *p, const char *msg);
void fields_summary_close(struct page *p);
/* the whole summary of errors (field -> message) for the inputs names[i]
 * with the labels of the catalogue keys label_keys[i], in that order; the
 * name "" is a message of no field; nothing when there is no error */
void fields_own_error_summary(struct page *p, const json_t *errors, const char *const *names,
			      const char *const *label_keys);

/*
 * Read the posted form for the fields of o (o->values/typed/errors are not
 * used). *input gets the typed JSON for the service (on create empty
 * fields are left out; on change they become null, clearing the field),
 * *typed what was typed, *errors the fields whose text cannot be read at
 * all (a number that is no number), each with its message. Returns the
 * number of such errors.
 */
int fields_read(struct page *p, const struct fields *o, json_t **input, json_t **typed, json_t **errors);
/* put the service's error into errors (field -> message); a failure
 * without a field goes under "" */
void fields_add_error(struct page *p, json_t *errors, const struct svc_error *err);

/* the labels of the records fields of e refer to (regions, coordinators,
 * ...; network members of request parent_id): for struct fields.options */
json_t *fields_options(struct page *p, const struct entity *e, const char *const *only, int64_t parent_id);

/* one value of field f as text (enum label, date, money, yes/no, list,
 * the label of a referenced record when options has it) */
void fields_value(struct page *p, const struct entity *e, const struct field *f, const json_t *v,
		  const json_t *options);
/* a record as a <dl> of label and value, for the fields of only (NULL:
 * every field), leaving out empty ones unless show_empty */
void fields_dl(struct page *p, const struct entity *e, const json_t *rec, const char *const *only,
	       const json_t *options, bool show_empty);
/* a stale change: a table of every field of only where what was typed
 * differs from what is stored now, "yours" next to "stored now" */
void fields_conflict(struct page *p, const struct fields *o, const json_t *stored);

/* the label of a field (field.ENTITY.FIELD, or prefix.FIELD) */
const char *fields_label(struct page *p, const char *prefix_or_entity, const char *field);

#endif
