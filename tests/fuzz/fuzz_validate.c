/*
 * Fuzz target for domain/validate.c: a request body from outside, checked
 * against a record of the model or a lifecycle action's input.
 *
 * Input: the first byte picks the mode (bit 0: create or update) and the
 * entity (the rest, modulo the model entities followed by the action
 * inputs); the other bytes are the body, read exactly as web/api/input.c
 * reads it (UTF-8 check, then json_loadb with JSON_REJECT_DUPLICATES |
 * JSON_DECODE_ANY). The body goes through validate_record and
 * validate_rules; a JSON string also goes through validate_filter_value for
 * every field, as a query-string value would.
 *
 * Besides "no crash, no leak, no UB" (ASan, LSan, UBSan), the promises of
 * validate.h are checked, and a broken one calls abort():
 *  - on failure *out is NULL and *err names a code, a field that belongs to
 *    the error, and a sentence that mentions that field;
 *  - on success *out holds only model fields the mode may write, every
 *    required field on create, every default on create, exactly the values
 *    given, and each value passes validate_value; validating *out again
 *    gives *out (the result is a fixed point);
 *  - validate_value agrees, on every value of the input, with a reference
 *    written here from the rules in model.h and validate.h, and
 *    validate_rules agrees on every accepted record with a reference of the
 *    rules between fields that validate.h lists;
 *  - the input is never changed.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/lifecycle.h"
#include "domain/model.h"
#include "domain/validate.h"
#include "service/service.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* a broken promise: say which, then abort so libFuzzer keeps the input */
#define CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz_validate: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

static const char *const system_keys[] = { "id", "version", "created_at", "updated_at" };

static const char *const codes[] = { VE_REQUIRED, VE_TYPE, VE_ENUM, VE_RANGE, VE_TOO_LONG,
	VE_EMPTY, VE_DATE, VE_TIME, VE_LANG, VE_UNKNOWN_FIELD, VE_READ_ONLY, VE_DUPLICATE_ITEM,
	VE_RULE, VE_UTF8, VE_NOT_OBJECT };

static bool is_system_key(const char *k)
{
	for (size_t i = 0; i < N(system_keys); i++)
		if (strcmp(system_keys[i], k) == 0)
			return true;
	return false;
}

static bool known_code(const char *code)
{
	for (size_t i = 0; code && i < N(codes); i++)
		if (strcmp(codes[i], code) == 0)
			return true;
	return false;
}

/* the entity for selector i: the model's, then the action inputs */
static const struct entity *pick_entity(size_t i)
{
	if (i < model_nentities)
		return model_entities[i];
	return svc_action_input((enum action)(i - model_nentities));
}

/* *err as validate.h describes it after a -1 */
static void check_err_shape(const struct verr *err, const char *what)
{
	CHECK(known_code(err->code), "%s: unknown code %s", what, err->code ? err->code : "(null)");
	CHECK(memchr(err->field, '\0', sizeof(err->field)) != NULL, "%s: field not terminated",
	      what);
	CHECK(memchr(err->detail, '\0', sizeof(err->detail)) != NULL, "%s: detail not terminated",
	      what);
	CHECK(err->detail[0] != '\0', "%s: empty detail for %s", what, err->code);
	CHECK(utf8_valid(err->field, strlen(err->field)), "%s: field is not UTF-8", what);
	/* the sentence names the field it is about (see tests/unit) */
	CHECK(!err->field[0] || strstr(err->detail, err->field), "%s: detail \"%s\" omits \"%s\"",
	      what, err->detail, err->field);
}

/* ---- the reference: the value rules as model.h and validate.h state them */

/* a JSON string as code points; false when it is not UTF-8 */
static bool decode(const json_t *v, uint32_t *cps, size_t cap, size_t *n)
{
	const unsigned char *s = (const unsigned char *)json_string_value(v);
	size_t len = json_string_length(v);
	*n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t more;
		if (s[i] < 0x80) {
			cp = s[i], more = 0;
		} else if (s[i] >= 0xC2 && s[i] <= 0xDF) {
			cp = s[i] & 0x1Fu, more = 1;
		} else if (s[i] >= 0xE0 && s[i] <= 0xEF) {
			cp = s[i] & 0x0Fu, more = 2;
		} else if (s[i] >= 0xF0 && s[i] <= 0xF4) {
			cp = s[i] & 0x07u, more = 3;
		} else {
			return false;
		}
		if (len - i - 1 < more)
			return false;
		for (size_t k = 1; k <= more; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3Fu);
		}
		static const uint32_t least[] = { 0, 0x80, 0x800, 0x10000 };
		if (cp < least[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		if (*n < cap)
			cps[*n] = cp;
		++*n;
		i += more + 1;
	}
	return true;
}

/* text: UTF-8, no controls but tab and line breaks (C0, DEL, C1), not only
 * whitespace, at most max code points */
static bool ref_text(const json_t *v, int64_t max)
{
	if (!json_is_string(v))
		return false;
	size_t cap = json_string_length(v) + 1, n;
	uint32_t *cps = malloc(cap * sizeof(*cps));
	CHECK(cps != NULL, "out of memory");
	bool ok = decode(v, cps, cap, &n), blank = true;
	for (size_t i = 0; ok && i < n; i++) {
		uint32_t c = cps[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F))
			ok = false;
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			blank = false;
	}
	free(cps);
	return ok && !blank && (int64_t)n <= max;
}

static bool ref_scalar(const struct field *f, enum field_type type, const json_t *v)
{
	const char *s = json_string_value(v);
	bool plain = s && strlen(s) == json_string_length(v);
	switch (type) {
	case FT_TEXT:
		return ref_text(v, f->max);
	case FT_INT:
	case FT_CENTS:
		return json_is_integer(v) && json_integer_value(v) >= f->min &&
		       json_integer_value(v) <= f->max;
	case FT_BOOL:
		return json_is_boolean(v);
	case FT_DATE:
		return plain && date_valid(s);
	case FT_TIME:
		return plain && time_valid(s);
	case FT_ENUM:
		for (size_t i = 0; plain && f->values && f->values[i]; i++)
			if (strcmp(f->values[i], s) == 0)
				return true;
		return false;
	case FT_REF:
		return json_is_integer(v) && json_integer_value(v) >= 1;
	case FT_LANG: {
		size_t len = s ? json_string_length(v) : 0;
		bool ok = len == 2 || len == 3;
		for (size_t i = 0; ok && i < len; i++)
			ok = s[i] >= 'a' && s[i] <= 'z';
		return ok;
	}
	default:
		return false; /* timestamps are kring's; lists are not items */
	}
}

/* may v be stored in f? lists: at most max_items, at least one when
 * required, each item a valid item, and no item twice but in text lists */
static bool ref_value(const struct field *f, const json_t *v)
{
	enum field_type item;
	switch (f->type) {
	case FT_TEXT_LIST: item = FT_TEXT; break;
	case FT_ENUM_LIST: item = FT_ENUM; break;
	case FT_LANG_LIST: item = FT_LANG; break;
	case FT_REF_LIST: item = FT_REF; break;
	default: return ref_scalar(f, f->type, v);
	}
	size_t n = json_array_size(v);
	if (!json_is_array(v) || n > (size_t)f->max_items || (n == 0 && (f->flags & F_REQUIRED)))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!ref_scalar(f, item, json_array_get(v, i)))
			return false;
		for (size_t k = 0; item != FT_TEXT && k < i; k++)
			if (json_equal(json_array_get(v, k), json_array_get(v, i)))
				return false;
	}
	return true;
}

/* validate_value agrees with the reference on every value of the input */
static void check_values(const struct entity *e, const json_t *in)
{
	for (size_t i = 0; json_is_object(in) && i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		const json_t *v = json_object_get(in, f->name);
		if (!v || json_is_null(v))
			continue;
		struct verr err = { 0 };
		bool got = validate_value(f, v, &err) == 0;
		CHECK(got == ref_value(f, v), "validate_value %s \"%s\", the rules say otherwise",
		      got ? "accepts" : "refuses", f->name);
		if (!got) {
			check_err_shape(&err, "validate_value");
			CHECK(strcmp(err.field, f->name) == 0, "validate_value on %s blamed \"%s\"",
			      f->name, err.field);
		}
	}
}

/* a failed validate_record: the error belongs to this input */
static void check_refusal(const struct entity *e, const json_t *in, enum vmode mode,
			  const struct verr *err)
{
	check_err_shape(err, "validate_record");
	const char *code = err->code, *field = err->field;
	if (!json_is_object(in)) {
		CHECK(strcmp(code, VE_NOT_OBJECT) == 0 && !field[0], "non-object gave %s on \"%s\"",
		      code, field);
		return;
	}
	CHECK(strcmp(code, VE_NOT_OBJECT) != 0, "an object was called no object");
	const struct field *f = field[0] ? model_field(e, field) : NULL;
	const json_t *v = field[0] ? json_object_get(in, field) : NULL;
	if (strcmp(code, VE_UNKNOWN_FIELD) == 0) {
		CHECK(!field[0] || (v && !f && !is_system_key(field)),
		      "unknown_field on \"%s\", which is known or not given", field);
		return;
	}
	if (strcmp(code, VE_READ_ONLY) == 0) {
		CHECK(v != NULL, "read_only on \"%s\", which was not given", field);
		CHECK(is_system_key(field) ||
			      (f && ((f->flags & (F_SYSTEM | F_PARENT)) || f->type == FT_TIMESTAMP ||
				     (mode == V_UPDATE && (f->flags & F_IMMUTABLE)))),
		      "read_only on \"%s\", which may be written", field);
		return;
	}
	CHECK(f != NULL, "%s on \"%s\", which is not a field of %s", code, field, e->name);
	if (strcmp(code, VE_REQUIRED) == 0) {
		CHECK(f->flags & F_REQUIRED, "required on optional \"%s\"", field);
		CHECK(mode == V_CREATE || v, "required on \"%s\" left out of an update", field);
		return;
	}
	/* every other code is about a value that was given */
	CHECK(v && !json_is_null(v), "%s on \"%s\", which was not given", code, field);
	struct verr again = { 0 };
	CHECK(validate_value(f, v, &again) < 0, "%s on \"%s\" but validate_value accepts it", code,
	      field);
}

/* a successful validate_record: *out is what validate.h promises */
static void check_result(const struct entity *e, const json_t *in, enum vmode mode,
			 const json_t *out)
{
	CHECK(json_is_object(out), "the result is not an object");

	const char *key;
	json_t *v;
	json_object_foreach((json_t *)out, key, v) {
		const struct field *f = model_field(e, key);
		CHECK(f != NULL, "the result holds \"%s\", no field of %s", key, e->name);
		CHECK(!(f->flags & (F_SYSTEM | F_PARENT)), "the result holds read-only \"%s\"", key);
		CHECK(mode == V_CREATE || !(f->flags & F_IMMUTABLE),
		      "an update result holds immutable \"%s\"", key);
		const json_t *given = json_object_get(in, key);
		if (json_is_null(v)) {
			/* only an update clears, and only a field given as null
			 * that is optional and has no default */
			CHECK(mode == V_UPDATE && json_is_null(given) && !(f->flags & F_REQUIRED) &&
				      !f->dflt,
			      "the result clears \"%s\" unasked", key);
			continue;
		}
		struct verr err = { 0 };
		CHECK(validate_value(f, v, &err) == 0, "validate_value refuses result \"%s\": %s (%s)",
		      key, err.code, err.detail);
		if (given && !json_is_null(given)) {
			CHECK(json_equal(v, (json_t *)given), "the result changed \"%s\"", key);
		} else {
			/* left out on create, or null on update: the default */
			CHECK(f->dflt != NULL, "\"%s\" has a value nobody gave", key);
			json_t *d = json_loads(f->dflt, JSON_DECODE_ANY, NULL);
			CHECK(d && json_equal(v, d), "\"%s\" is not its default %s", key, f->dflt);
			json_decref(d);
		}
	}

	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if (f->flags & (F_SYSTEM | F_PARENT))
			continue;
		const json_t *given = json_object_get(in, f->name);
		const json_t *got = json_object_get(out, f->name);
		if (mode == V_CREATE) {
			CHECK(!(f->flags & F_REQUIRED) || (got && !json_is_null(got)),
			      "create without required \"%s\"", f->name);
			CHECK(!f->dflt || got, "create without the default of \"%s\"", f->name);
		} else if (!given) {
			CHECK(!got, "update result holds \"%s\", which was not given", f->name);
		}
		/* a value given is kept; null on create is "not given" */
		CHECK(!given || got || (mode == V_CREATE && json_is_null(given) && !f->dflt),
		      "\"%s\" was given but dropped", f->name);
	}

	/* validating the result again changes nothing */
	json_t *again = NULL;
	struct verr err = { 0 };
	CHECK(validate_record(e, out, mode, &again, &err) == 0,
	      "the result does not validate again: %s on %s (%s)", err.code, err.field,
	      err.detail);
	CHECK(json_equal(again, (json_t *)out), "validating the result again changes it");
	json_decref(again);
}

/* ---- the reference: the rules between fields, as validate.h lists them */

static const char *str_in(const json_t *rec, const char *k)
{
	return json_string_value(json_object_get(rec, k));
}

static bool given_in(const json_t *rec, const char *k)
{
	const json_t *v = json_object_get(rec, k);
	return v && !json_is_null(v);
}

static bool true_in(const json_t *rec, const char *k)
{
	return json_is_true(json_object_get(rec, k));
}

/* text with something in it besides spaces, tabs and line breaks */
static bool text_in(const json_t *rec, const char *k)
{
	const char *s = str_in(rec, k);
	return s && s[strspn(s, " \t\n\r")] != '\0';
}

static bool is(const char *s, const char *want)
{
	return s && strcmp(s, want) == 0;
}

/* does a record (valid fields) keep the rules between its fields? */
static bool ref_rules(const struct entity *e, const json_t *rec)
{
	if (e == &ENTITY_AGREEMENT) {
		const char *from = str_in(rec, "starts_on"), *to = str_in(rec, "ends_on");
		return !from || !to || date_days(to) >= date_days(from);
	}
	if (e == &ENTITY_REQUEST)
		return !(is(str_in(rec, "referrer_type"), "self") &&
			 given_in(rec, "referrer_organisation_id")) &&
		       !(given_in(rec, "consent_on") && !true_in(rec, "consent")) &&
		       !(given_in(rec, "interpreter_language") && !true_in(rec, "interpreter_needed"));
	if (e == &ENTITY_NETWORK_MEMBER)
		return !true_in(rec, "do_not_invite") ||
		       !(true_in(rec, "invited") || true_in(rec, "consented") || true_in(rec, "attended"));
	if (e == &ENTITY_CONFERENCE) {
		static const char *const order[] = { "phase1_start", "phase2_start", "phase3_start",
						     "ended_at" };
		int last = -1;
		for (size_t i = 0; i < N(order); i++) {
			const char *t = str_in(rec, order[i]);
			if (!t)
				continue;
			int minutes = ((t[0] - '0') * 10 + (t[1] - '0')) * 60 + (t[3] - '0') * 10 + (t[4] - '0');
			if (minutes < last)
				return false;
			last = minutes;
		}
		return true;
	}
	if (e == &ENTITY_PLAN_ACTION) {
		const char *by = str_in(rec, "by");
		if (is(by, "network"))
			return given_in(rec, "network_member_id");
		if (is(by, "professional"))
			return text_in(rec, "professional") && !given_in(rec, "network_member_id");
		return true;
	}
	if (e == &ENTITY_VERDICT)
		return !json_is_false(json_object_get(rec, "safe_and_feasible")) || text_in(rec, "reasons");
	return true;
}

/* validate_rules on any object: 0, or a rule error about a field of e */
static void check_rules(const struct entity *e, const json_t *rec)
{
	struct verr err = { 0 };
	int rc = validate_rules(e, rec, &err);
	CHECK(rc == 0 || rc == -1, "validate_rules returned %d", rc);
	if (rc == 0)
		return;
	check_err_shape(&err, "validate_rules");
	if (!json_is_object(rec)) {
		CHECK(strcmp(err.code, VE_NOT_OBJECT) == 0, "rules on a non-object gave %s",
		      err.code);
		return;
	}
	CHECK(strcmp(err.code, VE_RULE) == 0 || strcmp(err.code, VE_REQUIRED) == 0,
	      "rules gave %s", err.code);
	CHECK(model_field(e, err.field) != NULL, "rules blame \"%s\", no field of %s", err.field,
	      e->name);
}

/* a string from the body used as a query-string filter on every field */
static void check_filters(const struct entity *e, const json_t *in)
{
	const char *text = json_string_value(in);
	if (!text || strlen(text) != json_string_length(in))
		return;
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		json_t *v = (json_t *)&v; /* any non-NULL: must be reset */
		struct verr err = { 0 };
		if (validate_filter_value(f, text, &v, &err) == 0) {
			CHECK(v != NULL, "filter %s accepted without a value", f->name);
			struct verr err2 = { 0 };
			CHECK(validate_value(f, v, &err2) == 0, "filter %s gave a value %s refuses",
			      f->name, err2.code);
			json_decref(v);
		} else {
			CHECK(v == NULL, "filter %s refused but set *out", f->name);
			check_err_shape(&err, "validate_filter_value");
			CHECK(strcmp(err.field, f->name) == 0, "filter %s blamed \"%s\"", f->name,
			      err.field);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum vmode mode = (data[0] & 1) ? V_UPDATE : V_CREATE;
	const struct entity *e = pick_entity((size_t)(data[0] >> 1) % (model_nentities + ACT__COUNT));
	CHECK(e != NULL, "no entity for selector %u", data[0]);
	const char *body = (const char *)data + 1;
	size_t len = size - 1;

	/* as web/api/input.c: the server refuses bodies that are not UTF-8 */
	if (!utf8_valid(body, len))
		return 0;
	json_error_t jerr;
	json_t *in = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (!in)
		return 0;
	json_t *copy = json_deep_copy(in);
	CHECK(copy != NULL, "out of memory");

	json_t *out = (json_t *)&out; /* any non-NULL: must be reset */
	struct verr err = { 0 };
	int rc = validate_record(e, in, mode, &out, &err);
	CHECK(rc == 0 || rc == -1, "validate_record returned %d", rc);
	if (rc == 0) {
		CHECK(out != NULL, "success without a result");
		check_result(e, in, mode, out);
		check_rules(e, out);
		struct verr rerr = { 0 };
		bool kept = validate_rules(e, out, &rerr) == 0;
		CHECK(kept == ref_rules(e, out), "validate_rules %s a record the rules %s: %s",
		      kept ? "accepts" : "refuses", kept ? "refuse" : "accept",
		      kept ? "" : rerr.detail);
	} else {
		CHECK(out == NULL, "failure but *out was set");
		check_refusal(e, in, mode, &err);
	}
	check_values(e, in);
	check_rules(e, in);
	check_filters(e, in);
	CHECK(json_equal(in, copy), "the input was changed");

	json_decref(out);
	json_decref(copy);
	json_decref(in);
	return 0;
}
