/*
 * kring-case/1, declared once: the keys of a case and of the objects inside
 * it, with their types and limits. The limits are the data model's (a value
 * that passes here fits the column it is stored in); the enumerations are
 * the model's lists, so the format cannot drift from the model.
 */
#include "domain/interchange.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/model.h"
#include "util/text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum ix_type {
	IX_TEXT,        /* a string of 1..max code points */
	IX_DATE,        /* YYYY-MM-DD, a date that exists */
	IX_INT,         /* an integer in min..max */
	IX_BOOL,        /* true or false */
	IX_ENUM,        /* one of values */
	IX_OBJECT,      /* an object with the keys of object */
	IX_TEXT_LIST,   /* a list of at most max_items texts of 1..max code points */
	IX_ENUM_LIST,   /* a list of distinct values */
	IX_OBJECT_LIST, /* a list of at most max_items objects */
};

enum {
	IX_REQ = 1 << 0,  /* the key must be present */
	IX_NULL = 1 << 1, /* null is a value of its own (else null is refused) */
};

struct ix_object;

struct ix_key {
	const char *name;
	enum ix_type type;
	unsigned flags;
	int64_t min, max;          /* IX_INT range; IX_TEXT(_LIST) max code points */
	const char *const *values; /* IX_ENUM, IX_ENUM_LIST */
	const struct ix_object *object; /* IX_OBJECT, IX_OBJECT_LIST */
	int max_items;             /* lists */
	const char *doc;           /* the schema's description */
};

struct ix_object {
	const struct ix_key *keys;
	size_t nkeys;
};

#define OBJ(k) { k, N(k) }

static const char *const OUTCOMES[] = { "plan", "plan_without_meeting", "stopped", NULL };

static const struct ix_key referrer_keys[] = {
	{ "type", IX_ENUM, IX_REQ, .values = ENUM_REFERRER_TYPE, .doc = "a professional asked, or the person themself" },
	{ "organisation", IX_TEXT, 0, .max = 200,
	  .doc = "the referring organisation, by name (created when kring does not know it)" },
};
static const struct ix_object referrer = OBJ(referrer_keys);

static const struct ix_key action_keys[] = {
	{ "topic", IX_ENUM, IX_REQ, .values = ENUM_TOPIC, .doc = "the topic the action serves" },
	{ "by", IX_ENUM, IX_REQ, .values = ENUM_BY, .doc = "done by the network or by a professional" },
	{ "substitutes_professional", IX_BOOL, IX_REQ,
	  .doc = "done by the network where a professional would otherwise have done it" },
	{ "what", IX_TEXT, 0, .max = 1000, .doc = "what will be done" },
	{ "due", IX_DATE, 0, .doc = "due date" },
	{ "done", IX_BOOL, 0, .doc = "done (false when absent)" },
};
static const struct ix_object action = OBJ(action_keys);

static const struct ix_key plan_keys[] = {
	{ "safe_and_feasible", IX_BOOL, IX_NULL,
	  .doc = "the responsible professional's verdict; null or absent: not judged" },
	{ "actions", IX_OBJECT_LIST, 0, .object = &action, .max_items = 200,
	  .doc = "the plan's actions (none when absent)" },
	{ "evaluation_on", IX_DATE, 0, .doc = "date the plan is evaluated" },
	{ "fallback", IX_TEXT, 0, .max = 4000, .doc = "what if it goes differently" },
};
static const struct ix_object plan = OBJ(plan_keys);

static const struct ix_key measure_keys[] = {
	{ "measure", IX_ENUM, IX_REQ, .values = ENUM_MEASURE, .doc = "the measure" },
	{ "count", IX_INT, IX_REQ, .min = 1, .max = 50, .doc = "number of persons (children) concerned" },
	{ "at_request", IX_ENUM, IX_REQ, .values = ENUM_AT_REQUEST,
	  .doc = "threatened or in place when the request was made" },
	{ "at_follow_up", IX_ENUM, 0, .values = ENUM_AT_FOLLOW_UP,
	  .doc = "at follow-up: prevented or happened (when threatened), reversed or continued (when in place)" },
};
static const struct ix_object measure = OBJ(measure_keys);

#define GRADE(n, d) { n, IX_INT, 0, .min = 1, .max = 10, .doc = d }
static const struct ix_key satisfaction_keys[] = {
	GRADE("main_person", "grade 1-10 given by the main person(s)"),
	GRADE("child", "grade 1-10 given by the children"),
	GRADE("network", "grade 1-10 given by the network"),
	GRADE("professional", "grade 1-10 given by the professionals"),
};
static const struct ix_object satisfaction = OBJ(satisfaction_keys);

static const struct ix_key follow_up_keys[] = {
	{ "on", IX_DATE, IX_REQ, .doc = "date of the follow-up" },
	{ "situation", IX_ENUM, 0, .values = ENUM_SITUATION, .doc = "the situation compared with the request" },
	{ "satisfaction", IX_OBJECT, 0, .object = &satisfaction, .doc = "grades per respondent group" },
	{ "actions_done_pct", IX_INT, 0, .min = 0, .max = 100, .doc = "share of the plan's actions done, in percent" },
};
static const struct ix_object follow_up = OBJ(follow_up_keys);

static const struct ix_key network_keys[] = {
	{ "name", IX_TEXT, IX_REQ, .max = 200, .doc = "name" },
	{ "relation", IX_TEXT, IX_REQ, .max = 100, .doc = "relation to the main person" },
	{ "role", IX_ENUM, 0, .values = ENUM_ROLE,
	  .doc = "network member (the default), or informant (a professional giving information)" },
};
static const struct ix_object network = OBJ(network_keys);

static const struct ix_key case_keys[] = {
	{ "ref", IX_TEXT, IX_REQ, .max = 100,
	  .doc = "the case's own reference, unique: importing it again changes that case" },
	{ "kind", IX_ENUM, IX_REQ, .values = ENUM_KIND, .doc = "kind of conference" },
	{ "track", IX_ENUM, IX_REQ, .values = ENUM_TRACK, .doc = "the field the request comes from" },
	{ "region", IX_TEXT, IX_REQ, .max = 100, .doc = "the region, by name (created when kring does not know it)" },
	{ "requested_on", IX_DATE, IX_REQ, .doc = "date of the request" },
	{ "referrer", IX_OBJECT, IX_REQ, .object = &referrer, .doc = "who asked for the conference" },
	{ "funder", IX_TEXT, 0, .max = 200, .doc = "the funder, by name (created when kring does not know it)" },
	{ "agreement", IX_TEXT, 0, .max = 200,
	  .doc = "the funder's agreement, by name (created when the funder has none of that name)" },
	{ "topics", IX_ENUM_LIST, IX_REQ, .values = ENUM_TOPIC, .max_items = 18, .doc = "topics of the request" },
	{ "minors", IX_INT, IX_REQ, .min = 0, .max = 50, .doc = "number of minors involved" },
	{ "coordinator", IX_TEXT, 0, .max = 200, .doc = "the coordinator, by name (created when kring does not know it)" },
	{ "outcome", IX_ENUM, 0, .values = OUTCOMES, .doc = "absent while the case is open" },
	{ "stop_reason", IX_ENUM, 0, .values = ENUM_STOP_REASON, .doc = "why the request stopped (outcome stopped)" },
	{ "conference_on", IX_DATE, 0, .doc = "date the conference was held" },
	{ "participants", IX_INT, 0, .min = 0, .max = 500, .doc = "number of people present" },
	{ "plan", IX_OBJECT, 0, .object = &plan, .doc = "the plan" },
	{ "measures", IX_OBJECT_LIST, IX_REQ, .object = &measure, .max_items = 50,
	  .doc = "measures threatened or in place at the request, and what became of them" },
	{ "costs_cents", IX_INT, 0, .min = 0, .max = 100000000, .doc = "what the conference cost, in euro cents" },
	{ "follow_up", IX_OBJECT, 0, .object = &follow_up, .doc = "the (last) follow-up" },
	{ "main_persons", IX_TEXT_LIST, 0, .max = 200, .max_items = 20,
	  .doc = "person data: the main person(s) the conference is about" },
	{ "network", IX_OBJECT_LIST, 0, .object = &network, .max_items = 200,
	  .doc = "person data: the network members and informants" },
};
static const struct ix_object case_object = OBJ(case_keys);

/* ---- checking ------------------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static int fail(struct ix_error *err, const char *path, const char *fmt, ...)
{
	va_list ap;
	snprintf(err->path, sizeof err->path, "%s", path);
	va_start(ap, fmt);
	vsnprintf(err->reason, sizeof err->reason, fmt, ap);
	va_end(ap);
	return -1;
}

/* "must be one of a, b, c" */
static int fail_enum(struct ix_error *err, const char *path, const char *const *values)
{
	char list[160];
	size_t len = 0;
	list[0] = '\0';
	for (size_t i = 0; values[i] && len < sizeof list; i++) {
		int n = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", values[i]);
		if (n < 0)
			break;
		len += (size_t)n;
	}
	return fail(err, path, "must be one of %s", list);
}

static int check_object(const json_t *o, const struct ix_object *def, const char *path, struct ix_error *err);

static int check_text(const json_t *v, int64_t max, const char *path, struct ix_error *err)
{
	if (!json_is_string(v))
		return fail(err, path, "must be a string");
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (!utf8_valid(s, len) || memchr(s, '\0', len))
		return fail(err, path, "must be UTF-8 text");
	size_t n = utf8_length(s, len);
	if (n == 0)
		return fail(err, path, "must not be empty");
	if ((int64_t)n > max)
		return fail(err, path, "must be at most %lld characters", (long long)max);
	return 0;
}

/* path of item i of the list at path */
static void item_path(char *out, size_t len, const char *path, size_t i)
{
	/* paths are short: the format nests three deep */
	if (snprintf(out, len, "%s[%zu]", path, i) >= (int)len)
		out[len - 1] = '\0';
}

static int check_value(const json_t *v, const struct ix_key *k, const char *path, struct ix_error *err)
{
	char sub[96];
	size_t i;
	const json_t *item;

	switch (k->type) {
	case IX_TEXT:
		return check_text(v, k->max, path, err);
	case IX_DATE:
		if (!json_is_string(v) || !date_valid(json_string_value(v)))
			return fail(err, path, "must be a date YYYY-MM-DD");
		return 0;
	case IX_INT:
		if (!json_is_integer(v) || json_integer_value(v) < k->min || json_integer_value(v) > k->max)
			return fail(err, path, "must be a whole number from %lld to %lld", (long long)k->min,
				    (long long)k->max);
		return 0;
	case IX_BOOL:
		if (!json_is_boolean(v))
			return fail(err, path, "must be true or false%s", k->flags & IX_NULL ? " or null" : "");
		return 0;
	case IX_ENUM:
		if (!json_is_string(v) || model_enum_index(k->values, json_string_value(v)) < 0)
			return fail_enum(err, path, k->values);
		return 0;
	case IX_OBJECT:
		return check_object(v, k->object, path, err);
	case IX_TEXT_LIST:
	case IX_ENUM_LIST:
	case IX_OBJECT_LIST:
		break;
	}
	if (!json_is_array(v))
		return fail(err, path, "must be a list");
	if (json_array_size(v) > (size_t)k->max_items)
		return fail(err, path, "must have at most %d items", k->max_items);
	json_array_foreach(v, i, item) {
		item_path(sub, sizeof sub, path, i);
		if (k->type == IX_TEXT_LIST && check_text(item, k->max, sub, err) < 0)
			return -1;
		if (k->type == IX_OBJECT_LIST && check_object(item, k->object, sub, err) < 0)
			return -1;
		if (k->type == IX_ENUM_LIST) {
			if (!json_is_string(item) || model_enum_index(k->values, json_string_value(item)) < 0)
				return fail_enum(err, sub, k->values);
			for (size_t j = 0; j < i; j++)
				if (json_equal(json_array_get(v, j), item))
					return fail(err, sub, "appears twice");
		}
	}
	return 0;
}

static const struct ix_key *key_of(const struct ix_object *def, const char *name)
{
	for (size_t i = 0; i < def->nkeys; i++)
		if (strcmp(def->keys[i].name, name) == 0)
			return &def->keys[i];
	return NULL;
}

/* path.name into out; by hand rather than snprintf, as it runs for every
 * key of every case of an import */
static void key_path(char *out, size_t len, const char *path, const char *name)
{
	size_t p = strlen(path), n = strlen(name), at = 0;
	if (p + n + 2 > len) { /* never for the format's own keys */
		out[0] = '\0';
		return;
	}
	memcpy(out, path, p);
	at = p;
	if (p)
		out[at++] = '.';
	memcpy(out + at, name, n + 1);
}

static int check_object(const json_t *o, const struct ix_object *def, const char *path, struct ix_error *err)
{
	char sub[96];
	const char *name;
	json_t *v;

	if (!json_is_object(o))
		return fail(err, path, "must be an object");
	/* unknown keys first: a misspelt key would otherwise read as a missing one */
	json_object_foreach((json_t *)o, name, v) {
		if (!key_of(def, name)) {
			key_path(sub, sizeof sub, path, name);
			return fail(err, sub, "is not a key of " IX_FORMAT);
		}
	}
	for (size_t i = 0; i < def->nkeys; i++) {
		const struct ix_key *k = &def->keys[i];
		key_path(sub, sizeof sub, path, k->name);
		v = json_object_get(o, k->name);
		if (!v) {
			if (k->flags & IX_REQ)
				return fail(err, sub, "is required");
			continue;
		}
		if (json_is_null(v)) {
			if (k->flags & IX_NULL)
				continue;
			return fail(err, sub, (k->flags & IX_REQ) ? "is required" : "must be left out rather than null");
		}
		if (check_value(v, k, sub, err) < 0)
			return -1;
	}
	return 0;
}

static const char *str_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* the rules between keys, on a case whose keys passed */
static int check_rules(const json_t *c, struct ix_error *err)
{
	const char *outcome = str_of(c, "outcome");
	char path[96];
	size_t i;
	json_t *m;

	if (json_object_get(c, "stop_reason") && !(outcome && strcmp(outcome, "stopped") == 0))
		return fail(err, "stop_reason", "is only given with outcome stopped");
	if (json_object_get(c, "agreement") && !json_object_get(c, "funder"))
		return fail(err, "agreement", "needs the funder it belongs to (funder)");
	json_array_foreach(json_object_get(c, "measures"), i, m) {
		const char *at_request = str_of(m, "at_request"), *after = str_of(m, "at_follow_up");
		if (!after)
			continue;
		bool threatened = strcmp(at_request, "threatened") == 0;
		bool fits = threatened ? strcmp(after, "prevented") == 0 || strcmp(after, "happened") == 0
				       : strcmp(after, "reversed") == 0 || strcmp(after, "continued") == 0;
		if (!fits) {
			char item[96];
			item_path(item, sizeof item, "measures", i);
			key_path(path, sizeof path, item, "at_follow_up");
			return fail(err, path, "must be %s for a measure %s at request",
				    threatened ? "prevented or happened" : "reversed or continued", at_request);
		}
	}
	return 0;
}

int ix_check_case(const json_t *c, struct ix_error *err)
{
	if (check_object(c, &case_object, "", err) < 0)
		return -1;
	return check_rules(c, err);
}

/* ---- the state -------------------------------------------------------------- */

const char *ix_state(const json_t *c)
{
	const char *outcome = str_of(c, "outcome");
	if (!outcome) {
		if (json_object_get(c, "coordinator"))
			return "coordinator_assigned";
		if (json_object_get(c, "funder"))
			return "funding_decided";
		return "requested";
	}
	if (strcmp(outcome, "stopped") == 0)
		return "stopped";
	if (json_object_get(c, "follow_up"))
		return "follow_up";
	/* as judge-plan does: a plan judged not safe and feasible stays held */
	if (json_is_true(json_object_get(json_object_get(c, "plan"), "safe_and_feasible")))
		return "plan_judged";
	return "conference_held";
}

/* ---- the schema --------------------------------------------------------------- */

static json_t *schema_object(const struct ix_object *def);

static json_t *enum_array(const char *const *values)
{
	json_t *a = json_array();
	for (size_t i = 0; a && values[i]; i++)
		json_array_append_new(a, json_string(values[i]));
	return a;
}

static json_t *schema_value(const struct ix_key *k)
{
	switch (k->type) {
	case IX_TEXT:
		return json_pack("{s:s, s:i, s:I}", "type", "string", "minLength", 1, "maxLength", (json_int_t)k->max);
	case IX_DATE:
		return json_pack("{s:s, s:s, s:s}", "type", "string", "format", "date", "pattern",
				 "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
	case IX_INT:
		return json_pack("{s:s, s:I, s:I}", "type", "integer", "minimum", (json_int_t)k->min, "maximum",
				 (json_int_t)k->max);
	case IX_BOOL:
		return (k->flags & IX_NULL) ? json_pack("{s:[ss]}", "type", "boolean", "null")
					    : json_pack("{s:s}", "type", "boolean");
	case IX_ENUM:
		return json_pack("{s:s, s:o}", "type", "string", "enum", enum_array(k->values));
	case IX_OBJECT:
		return schema_object(k->object);
	case IX_TEXT_LIST:
		return json_pack("{s:s, s:i, s:{s:s, s:i, s:I}}", "type", "array", "maxItems", k->max_items, "items",
				 "type", "string", "minLength", 1, "maxLength", (json_int_t)k->max);
	case IX_ENUM_LIST:
		return json_pack("{s:s, s:i, s:b, s:{s:s, s:o}}", "type", "array", "maxItems", k->max_items,
				 "uniqueItems", 1, "items", "type", "string", "enum", enum_array(k->values));
	case IX_OBJECT_LIST:
		return json_pack("{s:s, s:i, s:o}", "type", "array", "maxItems", k->max_items, "items",
				 schema_object(k->object));
	}
	return NULL;
}

static json_t *schema_object(const struct ix_object *def)
{
	json_t *props = json_object(), *req = json_array();
	for (size_t i = 0; props && req && i < def->nkeys; i++) {
		const struct ix_key *k = &def->keys[i];
		json_t *v = schema_value(k);
		if (v)
			json_object_set_new(v, "description", json_string(k->doc));
		json_object_set_new(props, k->name, v);
		if (k->flags & IX_REQ)
			json_array_append_new(req, json_string(k->name));
	}
	return json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "properties", props, "required", req,
			 "additionalProperties", 0);
}

json_t *ix_schema(void)
{
	json_t *s = schema_object(&case_object);
	if (!s)
		return NULL;
	json_object_set_new(s, "$schema", json_string("https://json-schema.org/draft/2020-12/schema"));
	json_object_set_new(s, "$id", json_string("urn:kring:kring-case:1"));
	json_object_set_new(s, "title", json_string(IX_FORMAT));
	json_object_set_new(s, "description",
			    json_string("One case of kring (an Eigen Kracht-conferentie request and what became of "
					"it), one per line of a JSON Lines file. See docs/import-format.md."));
	/* the rules between keys that a schema can say */
	json_object_set_new(s, "dependentRequired", json_pack("{s:[s]}", "agreement", "funder"));
	json_object_set_new(s, "if", json_pack("{s:[s]}", "required", "stop_reason"));
	json_object_set_new(s, "then", json_pack("{s:[s], s:{s:{s:s}}}", "required", "outcome", "properties",
						 "outcome", "const", "stopped"));
	json_t *item = json_object_get(json_object_get(json_object_get(s, "properties"), "measures"), "items");
	if (item) {
		json_object_set_new(item, "if", json_pack("{s:{s:{s:s}}}", "properties", "at_request", "const",
							  "threatened"));
		json_object_set_new(item, "then", json_pack("{s:{s:{s:[ss]}}}", "properties", "at_follow_up", "enum",
							    "prevented", "happened"));
		json_object_set_new(item, "else", json_pack("{s:{s:{s:[ss]}}}", "properties", "at_follow_up", "enum",
							    "reversed", "continued"));
	}
	return s;
}
