#include "domain/validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

/* ---- errors ----------------------------------------------------------- */

/*
 * Fill *err and return -1, so every check can end in `return fail(...)`.
 * The detail is cut by vsnprintf when too long; that is safe, and the code
 * and field still say precisely what is wrong.
 */
static int fail(struct verr *err, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct verr *err, const char *code, const char *field, const char *fmt, ...)
{
	if (!err)
		return -1;
	err->code = code;
	snprintf(err->field, sizeof(err->field), "%s", field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * "a, b, c" of a NULL-terminated value list into out[size]. A list that does
 * not fit ends in ", ..." after the last whole value, so the detail never
 * shows half a value.
 */
static void list_values(const char *const *values, char *out, size_t size)
{
	static const char more[] = ", ...";
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; values && values[i]; i++) {
		const char *sep = i ? ", " : "";
		size_t need = strlen(sep) + strlen(values[i]);
		/* keep room for the ellipsis unless this is the last value */
		size_t reserve = values[i + 1] ? sizeof(more) - 1 : 0;
		if (len + need + reserve >= size) {
			if (len + sizeof(more) <= size)
				snprintf(out + len, size - len, "%s", more);
			return;
		}
		snprintf(out + len, size - len, "%s%s", sep, values[i]);
		len += need;
	}
}

/* ---- single values ----------------------------------------------------- */

/* a JSON string without embedded NUL: the C string is the whole value */
static bool plain_string(const json_t *v)
{
	return json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Text: valid UTF-8, no control characters except tab and line breaks (they
 * break CSV, logs and terminals, and nobody types them), not only
 * whitespace, at most max code points. what names the value in the detail
 * ("name", "backgrounds item 2").
 */
static int check_text(const struct field *f, const json_t *v, int64_t max, const char *what,
		      struct verr *err)
{
	if (!json_is_string(v))
		return fail(err, VE_TYPE, f->name, "%s must be text", what);
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (!utf8_valid(s, len))
		return fail(err, VE_UTF8, f->name, "%s must be valid UTF-8", what);

	bool blank = true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		/* C0 controls and DEL, and C1 controls (U+0080..U+009F, which
		 * UTF-8 encodes as C2 80..C2 9F) */
		bool control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F ||
			       (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] < 0xA0);
		if (control)
			return fail(err, VE_RULE, f->name,
				    "%s must not contain control characters other than tab and line breaks",
				    what);
		if (!is_space(s[i]))
			blank = false;
	}
	if (blank)
		return fail(err, VE_EMPTY, f->name, "%s must not be empty", what);
	if ((int64_t)utf8_length(s, len) > max)
		return fail(err, VE_TOO_LONG, f->name, "%s must be at most %lld characters", what,
			    (long long)max);
	return 0;
}

static int check_enum(const struct field *f, const json_t *v, const char *what, struct verr *err)
{
	if (!json_is_string(v))
		return fail(err, VE_TYPE, f->name, "%s must be text", what);
	if (plain_string(v) && f->values && model_enum_index(f->values, json_string_value(v)) >= 0)
		return 0;
	/* size the list so the whole sentence fits err->detail: cut at a
	 * value, never inside one */
	static const char lead[] = " must be one of: ";
	char allowed[sizeof(err->detail)];
	size_t room = sizeof(allowed) - strlen(what) - (sizeof(lead) - 1);
	if (room > sizeof(allowed))
		room = 1; /* what alone overflows the detail: no list */
	list_values(f->values, allowed, room);
	return fail(err, VE_ENUM, f->name, "%s%s%s", what, lead, allowed);
}

/* ISO 639 codes as kring stores them: 2 or 3 lowercase ASCII letters */
static int check_lang(const struct field *f, const json_t *v, const char *what, struct verr *err)
{
	if (!json_is_string(v))
		return fail(err, VE_TYPE, f->name, "%s must be text", what);
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	bool ok = len >= 2 && len <= 3;
	for (size_t i = 0; ok && i < len; i++)
		ok = s[i] >= 'a' && s[i] <= 'z';
	if (!ok)
		return fail(err, VE_LANG, f->name,
			    "%s must be a language code of 2 or 3 lowercase letters (ISO 639)", what);
	return 0;
}

static int check_ref(const struct field *f, const json_t *v, const char *what, struct verr *err)
{
	if (!json_is_integer(v))
		return fail(err, VE_TYPE, f->name, "%s must be a whole number: the id of the %s",
			    what, f->ref ? f->ref : "record");
	if (json_integer_value(v) < 1)
		return fail(err, VE_RANGE, f->name, "%s must be an id of 1 or more", what);
	return 0;
}

/*
 * One value of a scalar type; lists call this for each item with the item
 * type, so an item obeys exactly the rules of a single value.
 */
static int check_scalar(const struct field *f, enum field_type type, const json_t *v,
			const char *what, struct verr *err)
{
	switch (type) {
	case FT_TEXT:
		return check_text(f, v, f->max, what, err);
	case FT_INT:
	case FT_CENTS:
		/* a real (2.0) or a numeric string is refused: amounts are
		 * exact whole cents, and the API says so */
		if (!json_is_integer(v))
			return fail(err, VE_TYPE, f->name, "%s must be a whole number", what);
		if (json_integer_value(v) < f->min || json_integer_value(v) > f->max)
			return fail(err, VE_RANGE, f->name, "%s must be between %lld and %lld", what,
				    (long long)f->min, (long long)f->max);
		return 0;
	case FT_BOOL:
		if (!json_is_boolean(v))
			return fail(err, VE_TYPE, f->name, "%s must be true or false", what);
		return 0;
	case FT_DATE:
		if (!json_is_string(v))
			return fail(err, VE_TYPE, f->name, "%s must be a date as text (YYYY-MM-DD)",
				    what);
		if (!plain_string(v) || !date_valid(json_string_value(v)))
			return fail(err, VE_DATE, f->name,
				    "%s must be an existing date written YYYY-MM-DD (years 1900 to 2199)",
				    what);
		return 0;
	case FT_TIME:
		if (!json_is_string(v))
			return fail(err, VE_TYPE, f->name, "%s must be a time as text (HH:MM)", what);
		if (!plain_string(v) || !time_valid(json_string_value(v)))
			return fail(err, VE_TIME, f->name,
				    "%s must be a time of day written HH:MM (00:00 to 23:59)", what);
		return 0;
	case FT_ENUM:
		return check_enum(f, v, what, err);
	case FT_REF:
		return check_ref(f, v, what, err);
	case FT_LANG:
		return check_lang(f, v, what, err);
	case FT_TIMESTAMP:
		return fail(err, VE_READ_ONLY, f->name, "%s is set by kring and cannot be given",
			    what);
	case FT_TEXT_LIST:
	case FT_ENUM_LIST:
	case FT_LANG_LIST:
	case FT_REF_LIST:
		break;
	}
	/* a list type as an item type: a model error, never input's fault */
	return fail(err, VE_TYPE, f->name, "%s has a type kring cannot check", what);
}

/* equal list items, for the types whose lists must be distinct */
static bool same_item(const json_t *a, const json_t *b)
{
	return json_equal(a, b);
}

static int check_list(const struct field *f, const json_t *v, struct verr *err)
{
	enum field_type item;
	switch (f->type) {
	case FT_TEXT_LIST: item = FT_TEXT; break;
	case FT_ENUM_LIST: item = FT_ENUM; break;
	case FT_LANG_LIST: item = FT_LANG; break;
	case FT_REF_LIST: item = FT_REF; break;
	default: return fail(err, VE_TYPE, f->name, "%s is not a list", f->name);
	}
	if (!json_is_array(v))
		return fail(err, VE_TYPE, f->name, "%s must be a list", f->name);
	size_t n = json_array_size(v);
	if (n > (size_t)(f->max_items > 0 ? f->max_items : 0))
		return fail(err, VE_TOO_LONG, f->name, "%s must have at most %d items", f->name,
			    f->max_items);
	if (n == 0 && (f->flags & F_REQUIRED))
		return fail(err, VE_REQUIRED, f->name, "%s must have at least one item", f->name);

	for (size_t i = 0; i < n; i++) {
		char what[96];
		snprintf(what, sizeof(what), "%s item %zu", f->name, i + 1);
		const json_t *it = json_array_get(v, i);
		if (check_scalar(f, item, it, what, err) < 0)
			return -1;
		/* text lists (people's names) may repeat; codes and ids may not,
		 * because a list of them is a set */
		if (item == FT_TEXT)
			continue;
		for (size_t k = 0; k < i; k++)
			if (same_item(json_array_get(v, k), it))
				return fail(err, VE_DUPLICATE_ITEM, f->name,
					    "%s must not contain the same value twice (items %zu and %zu)",
					    f->name, k + 1, i + 1);
	}
	return 0;
}

/*
 * One value (not null) for field f, by the field's type and constraints. The
 * detail names the field and the rule; err->field is always f->name.
 */
int validate_value(const struct field *f, const json_t *v, struct verr *err)
{
	if (!v)
		return fail(err, VE_REQUIRED, f->name, "%s is required", f->name);
	switch (f->type) {
	case FT_TEXT_LIST:
	case FT_ENUM_LIST:
	case FT_LANG_LIST:
	case FT_REF_LIST:
		return check_list(f, v, err);
	default:
		return check_scalar(f, f->type, v, f->name, err);
	}
}

/* ---- records ----------------------------------------------------------- */

/* the system fields every record has, never accepted as input */
static const char *const system_keys[] = { "id", "version", "created_at", "updated_at", NULL };

/*
 * The default of f as a new JSON value, or NULL (with *err) when the model's
 * default text is not JSON: a model bug, reported rather than hidden.
 */
static json_t *default_value(const struct field *f, struct verr *err)
{
	json_t *v = json_loads(f->dflt, JSON_DECODE_ANY, NULL);
	if (!v)
		fail(err, VE_TYPE, f->name, "the default of %s is not valid JSON", f->name);
	return v;
}

/* the length of an object key; keys may hold NUL since jansson 2.14 */
static size_t key_length(void *iter, const char *key)
{
#if JANSSON_VERSION_HEX >= 0x020e00
	(void)key;
	return json_object_iter_key_len(iter);
#else
	(void)iter;
	return strlen(key);
#endif
}

/*
 * Keys that are neither model fields nor system fields, in the order of the
 * input. A key that is not UTF-8 or too long for err->field is reported
 * with field "" so the error never echoes bytes that cannot be shown.
 */
static int check_keys(const struct entity *e, const json_t *input, struct verr *err)
{
	void *iter = json_object_iter((json_t *)input);
	for (; iter; iter = json_object_iter_next((json_t *)input, iter)) {
		const char *key = json_object_iter_key(iter);
		size_t len = key_length(iter, key);
		if (len != strlen(key) || len >= sizeof(err->field) || !utf8_valid(key, len))
			return fail(err, VE_UNKNOWN_FIELD, "",
				    "a field name is not valid UTF-8 or longer than %zu bytes",
				    sizeof(err->field) - 1);
		if (model_field(e, key) || model_enum_index(system_keys, key) >= 0)
			continue;
		return fail(err, VE_UNKNOWN_FIELD, key, "%s is not a field of %s records", key,
			    e->name);
	}
	return 0;
}

/*
 * One model field of the input: decide what goes into out. Absent and null
 * are told apart: on create both mean "not given"; on update null clears.
 */
static int take_field(const struct field *f, const json_t *input, enum vmode mode, json_t *out,
		      struct verr *err)
{
	const json_t *v = json_object_get(input, f->name);
	json_t *val = NULL;

	if (v && (f->flags & F_PARENT))
		return fail(err, VE_READ_ONLY, f->name, "%s is taken from the URL and cannot be given",
			    f->name);
	if (v && (f->flags & F_SYSTEM))
		return fail(err, VE_READ_ONLY, f->name, "%s is set by kring and cannot be given",
			    f->name);
	if (v && mode == V_UPDATE && (f->flags & F_IMMUTABLE))
		return fail(err, VE_READ_ONLY, f->name, "%s cannot be changed after creation",
			    f->name);

	if (v && !json_is_null(v)) {
		if (validate_value(f, v, err) < 0)
			return -1;
		val = json_deep_copy(v);
	} else if (f->flags & F_REQUIRED) {
		/* absent is fine on update (unchanged); null never is */
		if (mode == V_UPDATE && !v)
			return 0;
		return fail(err, VE_REQUIRED, f->name, "%s is required", f->name);
	} else if (mode == V_CREATE || v) {
		/* create: a field left out gets its default. Update with null:
		 * a field with a default goes back to it (a list to [], a flag
		 * to its usual value) rather than to a null nobody expects;
		 * other fields are cleared. */
		if (f->dflt) {
			if (!(val = default_value(f, err)))
				return -1;
		} else if (mode == V_UPDATE) {
			val = json_null();
		} else {
			return 0;
		}
	} else {
		return 0;
	}

	if (!val || json_object_set_new(out, f->name, val) < 0)
		return fail(err, VE_TYPE, f->name, "out of memory while checking %s", f->name);
	return 0;
}

/*
 * Check input against e, reporting unknown keys first, then system keys,
 * then the model fields in model order, so the same input always gives the
 * same first error. *out is only set on success.
 */
int validate_record(const struct entity *e, const json_t *input, enum vmode mode, json_t **out,
		    struct verr *err)
{
	int rc = -1;
	json_t *rec = NULL;

	*out = NULL;
	if (!json_is_object(input)) {
		fail(err, VE_NOT_OBJECT, "", "the body must be a JSON object");
		goto cleanup;
	}
	if (check_keys(e, input, err) < 0)
		goto cleanup;
	for (size_t i = 0; system_keys[i]; i++)
		if (json_object_get(input, system_keys[i])) {
			fail(err, VE_READ_ONLY, system_keys[i],
			     "%s is set by kring and cannot be given", system_keys[i]);
			goto cleanup;
		}

	if (!(rec = json_object())) {
		fail(err, VE_TYPE, "", "out of memory while checking the body");
		goto cleanup;
	}
	for (size_t i = 0; i < e->nfields; i++)
		if (take_field(&e->fields[i], input, mode, rec, err) < 0)
			goto cleanup;

	*out = rec;
	rec = NULL;
	rc = 0;
cleanup:
	json_decref(rec);
	return rc;
}

/* ---- rules between fields ---------------------------------------------- */

/* a field's string value, or NULL when absent, null or not a string */
static const char *str_of(const json_t *rec, const char *name)
{
	return json_string_value(json_object_get(rec, name));
}

static bool is_true(const json_t *rec, const char *name)
{
	return json_is_true(json_object_get(rec, name));
}

/* present and not null */
static bool given(const json_t *rec, const char *name)
{
	const json_t *v = json_object_get(rec, name);
	return v && !json_is_null(v);
}

/* text with something other than whitespace in it */
static bool has_text(const json_t *rec, const char *name)
{
	const char *s = str_of(rec, name);
	for (; s && *s; s++)
		if (!is_space(*s))
			return true;
	return false;
}

static int rules_agreement(const json_t *rec, struct verr *err)
{
	const char *starts = str_of(rec, "starts_on"), *ends = str_of(rec, "ends_on");
	if (starts && ends && date_cmp(ends, starts) < 0)
		return fail(err, VE_RULE, "ends_on", "ends_on must not be before starts_on");
	return 0;
}

static int rules_network_member(const json_t *rec, struct verr *err)
{
	if (!is_true(rec, "do_not_invite"))
		return 0;
	if (is_true(rec, "invited"))
		return fail(err, VE_RULE, "invited",
			    "invited cannot be true for a member who must not be invited");
	if (is_true(rec, "consented"))
		return fail(err, VE_RULE, "consented",
			    "consented cannot be true for a member who must not be invited");
	if (is_true(rec, "attended"))
		return fail(err, VE_RULE, "attended",
			    "attended cannot be true for a member who must not be invited");
	return 0;
}

static int rules_plan_action(const json_t *rec, struct verr *err)
{
	const char *by = str_of(rec, "by");
	if (!by)
		return 0;
	if (strcmp(by, "network") == 0 && !given(rec, "network_member_id"))
		return fail(err, VE_REQUIRED, "network_member_id",
			    "network_member_id is required when by is network");
	if (strcmp(by, "professional") == 0) {
		if (!has_text(rec, "professional"))
			return fail(err, VE_REQUIRED, "professional",
				    "professional is required when by is professional");
		if (given(rec, "network_member_id"))
			return fail(err, VE_RULE, "network_member_id",
				    "network_member_id must be empty when by is professional");
	}
	return 0;
}

static int rules_verdict(const json_t *rec, struct verr *err)
{
	if (json_is_false(json_object_get(rec, "safe_and_feasible")) && !has_text(rec, "reasons"))
		return fail(err, VE_REQUIRED, "reasons",
			    "reasons are required when the plan is not safe and feasible");
	return 0;
}

/* the phases happen in this order; equal times are allowed (a short phase) */
static int rules_conference(const json_t *rec, struct verr *err)
{
	static const char *const order[] = { "phase1_start", "phase2_start", "phase3_start",
					     "ended_at" };
	const char *prev_name = NULL, *prev = NULL;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const char *t = str_of(rec, order[i]);
		if (!t)
			continue;
		if (prev && strcmp(t, prev) < 0)
			return fail(err, VE_RULE, order[i], "%s must not be before %s", order[i],
				    prev_name);
		prev = t;
		prev_name = order[i];
	}
	return 0;
}

static int rules_request(const json_t *rec, struct verr *err)
{
	const char *referrer = str_of(rec, "referrer_type");
	if (referrer && strcmp(referrer, "self") == 0 && given(rec, "referrer_organisation_id"))
		return fail(err, VE_RULE, "referrer_organisation_id",
			    "referrer_organisation_id must be empty when referrer_type is self");
	if (given(rec, "consent_on") && !is_true(rec, "consent"))
		return fail(err, VE_RULE, "consent_on",
			    "consent_on can only be given when consent is true");
	if (given(rec, "interpreter_language") && !is_true(rec, "interpreter_needed"))
		return fail(err, VE_RULE, "interpreter_language",
			    "interpreter_language can only be given when interpreter_needed is true");
	return 0;
}

/* every item of the text list name is a date YYYY-MM-DD */
static int check_date_list(const json_t *rec, const char *name, struct verr *err)
{
	size_t i;
	const json_t *it;
	json_array_foreach(json_object_get(rec, name), i, it)
		if (!json_is_string(it) || !date_valid(json_string_value(it)))
			return fail(err, VE_DATE, name,
				    "%s item %zu must be an existing date written YYYY-MM-DD", name, i + 1);
	return 0;
}

/* a period "YYYY-MM-DD/YYYY-MM-DD" (first and last day, from <= to) */
static bool period_valid(const char *s)
{
	char from[11], to[11];
	if (strlen(s) != 21 || s[10] != '/')
		return false;
	memcpy(from, s, 10);
	from[10] = '\0';
	memcpy(to, s + 11, 10);
	to[10] = '\0';
	return date_valid(from) && date_valid(to) && date_cmp(from, to) <= 0;
}

static int rules_coordinator(const json_t *rec, struct verr *err)
{
	size_t i;
	const json_t *it;
	json_array_foreach(json_object_get(rec, "unavailable"), i, it)
		if (!json_is_string(it) || !period_valid(json_string_value(it)))
			return fail(err, VE_RULE, "unavailable",
				    "unavailable item %zu must be a period YYYY-MM-DD/YYYY-MM-DD of existing "
				    "dates, the first not after the last", i + 1);
	if (check_date_list(rec, "coaching_dates", err) < 0 || check_date_list(rec, "refresher_dates", err) < 0)
		return -1;
	return 0;
}

/* One row per entity that has rules; within a row the fields in model order. */
static const struct {
	const struct entity *entity;
	int (*check)(const json_t *rec, struct verr *err);
} rules[] = {
	{ &ENTITY_AGREEMENT, rules_agreement },
	{ &ENTITY_COORDINATOR, rules_coordinator },
	{ &ENTITY_REQUEST, rules_request },
	{ &ENTITY_NETWORK_MEMBER, rules_network_member },
	{ &ENTITY_CONFERENCE, rules_conference },
	{ &ENTITY_PLAN_ACTION, rules_plan_action },
	{ &ENTITY_VERDICT, rules_verdict },
};

/*
 * The rules between fields of e on the record as it would be stored. Fields
 * that are absent or null take part in no rule, except where a rule says a
 * field is needed.
 */
int validate_rules(const struct entity *e, const json_t *rec, struct verr *err)
{
	if (!json_is_object(rec))
		return fail(err, VE_NOT_OBJECT, "", "the record must be a JSON object");
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].entity == e)
			return rules[i].check(rec, err);
	return 0;
}

/* ---- filters ------------------------------------------------------------ */

/*
 * A query-string value for field f as a JSON value of f's type, checked by
 * the same rules as a value in a body. Numbers that do not parse are
 * VE_TYPE; numbers that parse but fall outside the range are VE_RANGE.
 */
int validate_filter_value(const struct field *f, const char *text, json_t **out, struct verr *err)
{
	int rc = -1;
	json_t *v = NULL;
	int64_t n;

	*out = NULL;
	if (!text)
		text = "";
	switch (f->type) {
	case FT_REF:
	case FT_INT:
	case FT_CENTS:
		if (parse_int64(text, INT64_MIN, INT64_MAX, &n) < 0) {
			fail(err, VE_TYPE, f->name, "%s must be a whole number", f->name);
			goto cleanup;
		}
		v = json_integer((json_int_t)n);
		break;
	case FT_BOOL:
		if (strcmp(text, "true") == 0) {
			v = json_true();
		} else if (strcmp(text, "false") == 0) {
			v = json_false();
		} else {
			fail(err, VE_TYPE, f->name, "%s must be true or false", f->name);
			goto cleanup;
		}
		break;
	case FT_TEXT:
	case FT_ENUM:
	case FT_DATE:
	case FT_TIME:
	case FT_LANG:
		if (!utf8_valid(text, strlen(text))) {
			fail(err, VE_UTF8, f->name, "%s must be valid UTF-8", f->name);
			goto cleanup;
		}
		v = json_string(text);
		break;
	default:
		fail(err, VE_TYPE, f->name, "%s cannot be used as a filter", f->name);
		goto cleanup;
	}
	if (!v) {
		fail(err, VE_TYPE, f->name, "out of memory while reading %s", f->name);
		goto cleanup;
	}
	if (validate_value(f, v, err) < 0)
		goto cleanup;

	*out = v;
	v = NULL;
	rc = 0;
cleanup:
	json_decref(v);
	return rc;
}
