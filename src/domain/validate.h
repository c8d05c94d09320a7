#ifndef KRING_DOMAIN_VALIDATE_H
#define KRING_DOMAIN_VALIDATE_H
/*
 * Validation of records against the model. Pure: no I/O. References to other
 * records (FT_REF) are checked for type here and for existence by the service.
 */
#include <jansson.h>

#include "domain/model.h"

/* stable error codes, also used as the problem "code" in the API */
#define VE_REQUIRED "required"           /* a required field is missing or null */
#define VE_TYPE "wrong_type"             /* e.g. a string where a number belongs */
#define VE_ENUM "unknown_value"          /* not one of the allowed values */
#define VE_RANGE "out_of_range"          /* number outside min..max */
#define VE_TOO_LONG "too_long"           /* text longer than max, or too many items */
#define VE_EMPTY "empty"                 /* empty text where text is required */
#define VE_DATE "invalid_date"           /* not an existing YYYY-MM-DD date */
#define VE_TIME "invalid_time"           /* not HH:MM */
#define VE_LANG "invalid_language"       /* not a 2-3 letter language code */
#define VE_UNKNOWN_FIELD "unknown_field" /* not a field of this record */
#define VE_READ_ONLY "read_only"         /* system field, or a field fixed after creation */
#define VE_DUPLICATE_ITEM "duplicate_item" /* the same value twice in a list */
#define VE_RULE "invalid"                /* a rule between fields is broken */
#define VE_UTF8 "invalid_utf8"           /* text is not valid UTF-8 */
#define VE_NOT_OBJECT "not_an_object"    /* the body is not a JSON object */

struct verr {
	const char *code; /* one of VE_* */
	char field[64];   /* offending field ("" for the whole body) */
	char detail[256]; /* a sentence for people */
};

enum vmode {
	V_CREATE, /* required fields must be present; defaults are filled in */
	V_UPDATE, /* only the fields present; null clears an optional field */
};

/*
 * Check input (a JSON object from outside) against entity e. On success
 * returns 0 and *out is a new object with exactly the accepted model fields
 * (normalised; on create with defaults filled in). Fields flagged F_SYSTEM or
 * F_PARENT and the system fields (id, version, created_at, updated_at) are
 * refused with VE_READ_ONLY, as are F_IMMUTABLE fields on update. On failure
 * returns -1 and fills *err with the first problem found.
 */
int validate_record(const struct entity *e, const json_t *input, enum vmode mode, json_t **out,
		    struct verr *err);

/*
 * Check one value for one field (the same rules validate_record applies).
 * Returns 0, or -1 with *err filled in (err->field is set to f->name).
 */
int validate_value(const struct field *f, const json_t *v, struct verr *err);

/*
 * Rules between fields of one record, checked on the record as it would be
 * stored (the old record with the changes applied): e.g. an agreement ends
 * on or after it starts; a do-not-invite member cannot be invited; an action
 * by the network names a network member, one by a professional names the
 * professional; a rejected verdict gives reasons; the conference phases are
 * in order. Returns 0, or -1 with *err filled in.
 */
int validate_rules(const struct entity *e, const json_t *rec, struct verr *err);

/*
 * Parse a filter value given as query-string text for field f into a JSON
 * value of the field's type (integer for REF/INT, true/false for BOOL, the
 * string for ENUM/DATE/TEXT). Returns 0, or -1 with *err filled in.
 */
int validate_filter_value(const struct field *f, const char *text, json_t **out, struct verr *err);

#endif
