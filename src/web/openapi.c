/*
 * The API description: OpenAPI 3.1 as YAML, derived from the data model
 * (domain/model.c), the lifecycle (domain/lifecycle.c), the actions' inputs
 * (service/transitions.c) and the route table (web/router.c). Nothing here
 * is written per record or per route: a new field, entity, action or route
 * shows up in the output by itself. Only the conventions that hold for every
 * endpoint (docs/api.md: headers, paging, problem codes, logging in) and the
 * few routes that are not about records (health, logging in and out) are
 * written here.
 *
 * The output is deterministic (no dates, no hash order), so the committed
 * docs/openapi.yaml can be compared with `kring openapi` by a test. Every
 * string taken from the tables is written double-quoted with escapes, so no
 * text can change the YAML's structure.
 */
#include "web/openapi.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "domain/lifecycle.h"
#include "domain/model.h"
#include "service/service.h"
#include "web/api/api.h"
#include "web/http.h"

/* ---- a small YAML writer ---------------------------------------------- */

/* the output and whether an append failed (out of memory): the writers
 * carry on and the error is reported once at the end */
struct yw {
	struct buf *b;
	int err;
};

static void put(struct yw *w, const char *s)
{
	if (buf_adds(w->b, s) < 0)
		w->err = 1;
}

static void putf(struct yw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(struct yw *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (buf_vprintf(w->b, fmt, ap) < 0)
		w->err = 1;
	va_end(ap);
}

static void indent(struct yw *w, int level)
{
	putf(w, "%*s", 2 * level, "");
}

/* s as a YAML double-quoted scalar; bytes from 0x80 up are UTF-8 and pass */
static void quoted(struct yw *w, const char *s)
{
	put(w, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			putf(w, "\\%c", *p);
		else if (*p == '\n')
			put(w, "\\n");
		else if (*p == '\t')
			put(w, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			putf(w, "\\x%02x", *p);
		else if (buf_addc(w->b, (char)*p) < 0)
			w->err = 1;
	}
	put(w, "\"");
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Can k be written as a plain key? Letters, digits, '_', '-', '.', '$',
 * starting with a letter or '$', and not a word YAML 1.1 reads as a boolean
 * or null (PyYAML still does).
 */
static bool plain_key(const char *k)
{
	static const char *const reserved[] = { "y", "n", "yes", "no", "on", "off", "true",
		"false", "null", NULL };
	if (!is_alpha(k[0]) && k[0] != '$')
		return false;
	for (const char *p = k; *p; p++)
		if (!is_alpha(*p) && !is_digit(*p) && !strchr("_-.$", *p))
			return false;
	for (size_t i = 0; reserved[i]; i++)
		if (strcasecmp(k, reserved[i]) == 0)
			return false;
	return true;
}

/* "key:" at level, the value left to the caller */
static void key(struct yw *w, int level, const char *k)
{
	indent(w, level);
	if (plain_key(k))
		put(w, k);
	else
		quoted(w, k);
	put(w, ":");
}

/* "key:" opening a nested mapping or sequence */
static void nest(struct yw *w, int level, const char *k)
{
	key(w, level, k);
	put(w, "\n");
}

/* key: "text" */
static void str(struct yw *w, int level, const char *k, const char *s)
{
	key(w, level, k);
	put(w, " ");
	quoted(w, s);
	put(w, "\n");
}

/* key: value written as is (numbers, booleans, JSON defaults) */
static void raw(struct yw *w, int level, const char *k, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void raw(struct yw *w, int level, const char *k, const char *fmt, ...)
{
	key(w, level, k);
	put(w, " ");
	va_list ap;
	va_start(ap, fmt);
	if (buf_vprintf(w->b, fmt, ap) < 0)
		w->err = 1;
	va_end(ap);
	put(w, "\n");
}

/* - "text" */
static void item(struct yw *w, int level, const char *s)
{
	indent(w, level);
	put(w, "- ");
	quoted(w, s);
	put(w, "\n");
}

/* name written in PascalCase: "network_member" or "decide-funding" become
 * NetworkMember and DecideFunding; lower makes the first letter small */
static void pascal(struct yw *w, const char *name, bool lower)
{
	bool up = !lower;
	for (const char *p = name; *p; p++) {
		if (*p == '_' || *p == '-' || *p == ' ') {
			up = true;
			continue;
		}
		char c = *p;
		if (up && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if (!up && p == name && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		up = false;
		if (buf_addc(w->b, c) < 0)
			w->err = 1;
	}
}

/* name in words: "network_member" is "network member" */
static void words(struct yw *w, const char *name)
{
	for (const char *p = name; *p; p++)
		if (buf_addc(w->b, *p == '_' || *p == '-' ? ' ' : *p) < 0)
			w->err = 1;
}

/* "a network member", "an agreement" */
static void a_words(struct yw *w, const char *name)
{
	put(w, strchr("aeiou", name[0]) ? "an " : "a ");
	words(w, name);
}

/* $ref: "#/components/<section>/<prefix><Name><suffix>" */
static void ref(struct yw *w, int level, const char *section, const char *name, const char *suffix)
{
	indent(w, level);
	putf(w, "$ref: \"#/components/%s/", section);
	pascal(w, name, false);
	putf(w, "%s\"\n", suffix);
}

/* "- $ref: ..." as a sequence item */
static void ref_item(struct yw *w, int level, const char *section, const char *name)
{
	indent(w, level);
	putf(w, "- $ref: \"#/components/%s/%s\"\n", section, name);
}

/*
 * A description composed piece by piece: text_begin gives a writer on a
 * scratch buffer, text_end writes it as key: "text" and frees the buffer.
 */
struct text {
	struct buf b;
	struct yw w;
};

static void text_begin(struct text *t)
{
	buf_init(&t->b, 0);
	t->w.b = &t->b;
	t->w.err = 0;
}

static void text_end(struct text *t, struct yw *w, int level, const char *k)
{
	if (t->w.err)
		w->err = 1;
	str(w, level, k, buf_str(&t->b));
	buf_release(&t->b);
}

/* ---- routes --------------------------------------------------------- */

enum kind {
	K_LIST,
	K_CREATE,
	K_GET,
	K_UPDATE,
	K_DELETE,
	K_CHILD_LIST,
	K_CHILD_CREATE,
	K_ONE_GET,
	K_TRANSITION,
	K_HEALTHZ,
	K_READYZ,
	K_LOGIN,  /* POST /session: a browser session (cookie) */
	K_TOKEN,  /* POST /tokens: an API token */
	K_WHOAMI, /* GET /session: the account logged in */
	K_LOGOUT, /* DELETE /session */
	K_EXPORT, /* GET /requests/{id}/export: everything held on a case */
	K_REPORT, /* GET /reports/NAME: a report's figures, or the report as a file */
	K_MATCHES, /* GET /requests/{id}/matches: the ranked shortlist of coordinators */
	K_FUNDING_OPTIONS, /* GET /requests/{id}/funding-options: the agreements that could pay */
	K_BUDGETS, /* GET /budgets: what each agreement has committed, spent and left */
	K_OTHER,
};

static const struct {
	http_handler handler;
	enum kind kind;
} handler_kinds[] = {
	{ api_list, K_LIST },
	{ api_create, K_CREATE },
	{ api_get, K_GET },
	{ api_update, K_UPDATE },
	{ api_delete, K_DELETE },
	{ api_child_list, K_CHILD_LIST },
	{ api_child_create, K_CHILD_CREATE },
	{ api_one_get, K_ONE_GET },
	{ api_transition, K_TRANSITION },
	{ api_healthz, K_HEALTHZ },
	{ api_readyz, K_READYZ },
	{ api_session_open, K_LOGIN },
	{ api_token_open, K_TOKEN },
	{ api_session_get, K_WHOAMI },
	{ api_session_end, K_LOGOUT },
	{ api_export, K_EXPORT },
	{ api_report, K_REPORT },
	{ api_matches, K_MATCHES },
	{ api_funding_options, K_FUNDING_OPTIONS },
	{ api_budgets, K_BUDGETS },
};

static bool is_record_kind(enum kind k)
{
	return k <= K_ONE_GET;
}

/* the routes of logging in and out */
static bool is_session_kind(enum kind k)
{
	return k == K_LOGIN || k == K_TOKEN || k == K_WHOAMI || k == K_LOGOUT;
}

/* what kind of route r is, told by its handler; a record or action route
 * without its entity or action name is described as K_OTHER */
static enum kind route_kind(const struct route *r)
{
	for (size_t i = 0; i < sizeof(handler_kinds) / sizeof(handler_kinds[0]); i++) {
		enum kind k = handler_kinds[i].kind;
		if (handler_kinds[i].handler != r->handler)
			continue;
		if ((is_record_kind(k) || k == K_TRANSITION) && !r->arg)
			return K_OTHER;
		return k;
	}
	return K_OTHER;
}

/* the first route of kind k (or k2) for entity e, or NULL */
static const struct route *find_route(const struct entity *e, enum kind k, enum kind k2)
{
	for (size_t i = 0; i < nroutes; i++) {
		enum kind rk = route_kind(&routes[i]);
		if ((rk == k || rk == k2) && routes[i].arg == e)
			return &routes[i];
	}
	return NULL;
}

/* the name of the entity owning records of e ("request"), or NULL */
static const char *parent_name(const struct entity *e)
{
	const struct field *p = model_parent(e);
	return p && p->ref ? p->ref : NULL;
}

/* ---- fields as JSON Schema ---------------------------------------------- */

/* where a field's schema is used */
enum use {
	U_RECORD, /* a record as returned */
	U_INPUT,  /* the body of a POST */
	U_PATCH,  /* the body of a PATCH */
	U_QUERY,  /* a list filter */
};

/*
 * May the value be null? A returned record holds every field, null when it
 * has no value: that happens to fields that are neither required nor given
 * a default. In input, null for an optional field means "not given" (POST)
 * or "clear it" (PATCH). A filter is never null.
 */
static bool nullable(const struct field *f, enum use u)
{
	switch (u) {
	case U_RECORD:
		return !(f->flags & F_REQUIRED) && !f->dflt;
	case U_INPUT:
	case U_PATCH:
		return !(f->flags & F_REQUIRED);
	case U_QUERY:
		break;
	}
	return false;
}

static bool is_list(enum field_type t)
{
	return t == FT_TEXT_LIST || t == FT_ENUM_LIST || t == FT_LANG_LIST || t == FT_REF_LIST;
}

static enum field_type item_type(enum field_type t)
{
	switch (t) {
	case FT_TEXT_LIST: return FT_TEXT;
	case FT_ENUM_LIST: return FT_ENUM;
	case FT_LANG_LIST: return FT_LANG;
	case FT_REF_LIST: return FT_REF;
	default: return t;
	}
}

static const char *schema_type(enum field_type t)
{
	switch (t) {
	case FT_INT:
	case FT_CENTS:
	case FT_REF:
		return "integer";
	case FT_BOOL:
		return "boolean";
	case FT_TEXT_LIST:
	case FT_ENUM_LIST:
	case FT_LANG_LIST:
	case FT_REF_LIST:
		return "array";
	case FT_TEXT:
	case FT_DATE:
	case FT_TIME:
	case FT_ENUM:
	case FT_LANG:
	case FT_TIMESTAMP:
		break;
	}
	return "string";
}

#define TIME_PATTERN "^([01][0-9]|2[0-3]):[0-5][0-9]$"
#define LANG_PATTERN "^[a-z]{2,3}$"
#define TIMESTAMP_PATTERN "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"

static void type_line(struct yw *w, int level, const char *type, bool null)
{
	indent(w, level);
	if (null)
		putf(w, "type: [\"%s\", \"null\"]\n", type);
	else
		putf(w, "type: \"%s\"\n", type);
}

/* type and constraints of one value of type t (a field, or a list item) */
static void scalar_schema(struct yw *w, int level, const struct field *f, enum field_type t,
			  bool null)
{
	type_line(w, level, schema_type(t), null);
	switch (t) {
	case FT_TEXT:
		raw(w, level, "minLength", "1");
		if (f->max > 0)
			raw(w, level, "maxLength", "%lld", (long long)f->max);
		break;
	case FT_INT:
	case FT_CENTS:
		raw(w, level, "minimum", "%lld", (long long)f->min);
		raw(w, level, "maximum", "%lld", (long long)f->max);
		break;
	case FT_REF:
		raw(w, level, "minimum", "1");
		break;
	case FT_DATE:
		str(w, level, "format", "date");
		break;
	case FT_TIME:
		str(w, level, "pattern", TIME_PATTERN);
		break;
	case FT_LANG:
		str(w, level, "pattern", LANG_PATTERN);
		break;
	case FT_TIMESTAMP:
		str(w, level, "format", "date-time");
		str(w, level, "pattern", TIMESTAMP_PATTERN);
		break;
	case FT_ENUM:
		nest(w, level, "enum");
		for (size_t i = 0; f->values && f->values[i]; i++)
			item(w, level + 1, f->values[i]);
		if (null) {
			indent(w, level + 1);
			put(w, "- null\n");
		}
		break;
	case FT_BOOL:
	case FT_TEXT_LIST:
	case FT_ENUM_LIST:
	case FT_LANG_LIST:
	case FT_REF_LIST:
		break;
	}
}

/* what the type adds to the doc line: "euro cents", "id of a region" */
static void type_note(struct yw *w, const struct field *f)
{
	switch (f->type) {
	case FT_CENTS:
		put(w, "euro cents");
		break;
	case FT_REF:
		put(w, "id of ");
		a_words(w, f->ref ? f->ref : "record");
		break;
	case FT_REF_LIST:
		put(w, "ids of ");
		words(w, f->ref ? f->ref : "record");
		put(w, " records, each once");
		break;
	case FT_DATE:
		put(w, "YYYY-MM-DD");
		break;
	case FT_TIME:
		put(w, "HH:MM");
		break;
	case FT_LANG:
	case FT_LANG_LIST:
		if (!f->doc || !strstr(f->doc, "ISO 639"))
			put(w, "ISO 639 codes: ");
		put(w, "2 or 3 lowercase letters");
		break;
	case FT_TIMESTAMP:
		put(w, "UTC, YYYY-MM-DDTHH:MM:SSZ");
		break;
	default:
		break;
	}
}

/* the doc line with the type's note: "the funder (set by decide-funding;
 * id of a funder)" */
static void field_text(struct yw *w, const struct field *f)
{
	const char *doc = f->doc ? f->doc : f->name;
	size_t len = strlen(doc);
	struct text note;
	text_begin(&note);
	type_note(&note.w, f);
	if (note.w.err)
		w->err = 1;
	if (note.b.len == 0) {
		put(w, doc);
	} else if (len > 0 && doc[len - 1] == ')') {
		if (buf_add(w->b, doc, len - 1) < 0)
			w->err = 1;
		putf(w, "; %s)", buf_str(&note.b));
	} else {
		putf(w, "%s (%s)", doc, buf_str(&note.b));
	}
	buf_release(&note.b);
}

/* the field's text and what the use adds */
static void field_description(struct yw *w, int level, const struct field *f, enum use u)
{
	struct text t;
	text_begin(&t);
	field_text(&t.w, f);
	if (u == U_INPUT && (f->flags & F_IMMUTABLE))
		put(&t.w, ". Cannot be changed after creation: PATCH refuses it (422 read_only)");
	if (u == U_PATCH && nullable(f, u)) {
		if (f->dflt)
			putf(&t.w, ". null sets it back to its default, %s", f->dflt);
		else
			put(&t.w, ". null clears it");
	}
	text_end(&t, w, level, "description");
}

/* the schema of field f (the mapping's contents, at level) */
static void field_schema(struct yw *w, int level, const struct field *f, enum use u)
{
	bool null = nullable(f, u);
	if (is_list(f->type)) {
		type_line(w, level, "array", null);
		if ((f->flags & F_REQUIRED) && u != U_QUERY)
			raw(w, level, "minItems", "1");
		if (f->max_items > 0)
			raw(w, level, "maxItems", "%d", f->max_items);
		/* text lists (people's names) may repeat; codes and ids are sets */
		if (item_type(f->type) != FT_TEXT)
			raw(w, level, "uniqueItems", "true");
		nest(w, level, "items");
		scalar_schema(w, level + 1, f, item_type(f->type), false);
	} else {
		scalar_schema(w, level, f, f->type, null);
	}
	if (u == U_INPUT && f->dflt)
		raw(w, level, "default", "%s", f->dflt);
	if (u == U_RECORD && (f->flags & (F_SYSTEM | F_PARENT)))
		raw(w, level, "readOnly", "true");
	if (u != U_QUERY)
		field_description(w, level, f, u);
}

/* is field f part of the body for use u? */
static bool in_body(const struct field *f, enum use u)
{
	if (u == U_RECORD)
		return true;
	if (f->flags & (F_SYSTEM | F_PARENT))
		return false;
	return !(u == U_PATCH && (f->flags & F_IMMUTABLE));
}

/* the properties (and required list) of the fields of e for use u */
static void fields_object(struct yw *w, int level, const struct entity *e, enum use u)
{
	bool any_required = false;
	for (size_t i = 0; i < e->nfields; i++)
		if (in_body(&e->fields[i], u) && (e->fields[i].flags & F_REQUIRED))
			any_required = true;
	if (u == U_INPUT && any_required) {
		nest(w, level, "required");
		for (size_t i = 0; i < e->nfields; i++)
			if (in_body(&e->fields[i], u) && (e->fields[i].flags & F_REQUIRED))
				item(w, level + 1, e->fields[i].name);
	}
	nest(w, level, "properties");
	for (size_t i = 0; i < e->nfields; i++) {
		if (!in_body(&e->fields[i], u))
			continue;
		nest(w, level + 1, e->fields[i].name);
		field_schema(w, level + 2, &e->fields[i], u);
	}
}

/* ---- components.schemas ------------------------------------------------ */

static const char *const system_names[] = { "id", "version", "created_at", "updated_at", NULL };

/* required and properties of a record of e as returned, without the field
 * named hidden (NULL: none); version_doc tells what its version is for */
static void record_properties(struct yw *w, const struct entity *e, const char *hidden,
			      const char *version_doc)
{
	nest(w, 3, "required");
	for (size_t i = 0; system_names[i]; i++)
		item(w, 4, system_names[i]);
	for (size_t i = 0; i < e->nfields; i++)
		if (!hidden || strcmp(e->fields[i].name, hidden) != 0)
			item(w, 4, e->fields[i].name);
	nest(w, 3, "properties");
	nest(w, 4, "id");
	str(w, 5, "type", "integer");
	raw(w, 5, "minimum", "1");
	raw(w, 5, "readOnly", "true");
	str(w, 5, "description", "id, set by kring");
	nest(w, 4, "version");
	str(w, 5, "type", "integer");
	raw(w, 5, "minimum", "1");
	raw(w, 5, "readOnly", "true");
	str(w, 5, "description", version_doc);
	for (size_t i = 2; system_names[i]; i++) {
		nest(w, 4, system_names[i]);
		str(w, 5, "type", "string");
		str(w, 5, "format", "date-time");
		str(w, 5, "pattern", TIMESTAMP_PATTERN);
		raw(w, 5, "readOnly", "true");
		str(w, 5, "description", i == 2 ? "when the record was created (UTC)" :
						  "when the record was last changed (UTC)");
	}
	for (size_t i = 0; i < e->nfields; i++) {
		if (hidden && strcmp(e->fields[i].name, hidden) == 0)
			continue;
		nest(w, 4, e->fields[i].name);
		field_schema(w, 5, &e->fields[i], U_RECORD);
	}
}

static void record_schema(struct yw *w, const struct entity *e)
{
	indent(w, 2);
	pascal(w, e->name, false);
	put(w, ":\n");
	str(w, 3, "type", "object");
	struct text t;
	text_begin(&t);
	putf(&t.w, "%s, as kring returns it. Every field is present; an optional field "
		   "without a value is null.", e->title);
	text_end(&t, w, 3, "description");
	record_properties(w, e, NULL,
			  "raised by every change; sent as ETag \"N\" and expected in If-Match");
}

static void input_schema(struct yw *w, const struct entity *e, const struct route *post)
{
	indent(w, 2);
	pascal(w, e->name, false);
	put(w, "Input:\n");
	str(w, 3, "type", "object");
	struct text t;
	text_begin(&t);
	putf(&t.w, "What POST %s accepts to create ", post->pattern);
	a_words(&t.w, e->name);
	put(&t.w, ". Fields left out (or null) get their default or stay empty. ");
	put(&t.w, "PATCH accepts the same fields with none required (schema ");
	pascal(&t.w, e->name, false);
	put(&t.w, "Patch), except those fixed at creation. id, version, created_at, updated_at "
		  "and the fields set by kring are refused (422 read_only).");
	text_end(&t, w, 3, "description");
	raw(w, 3, "additionalProperties", "false");
	fields_object(w, 3, e, U_INPUT);
}

static void patch_schema(struct yw *w, const struct entity *e, const struct route *patch)
{
	indent(w, 2);
	pascal(w, e->name, false);
	put(w, "Patch:\n");
	str(w, 3, "type", "object");
	struct text t;
	text_begin(&t);
	putf(&t.w, "What PATCH %s accepts: the fields to change, none required; fields left "
		   "out stay as they are.", patch->pattern);
	const char *sep = " Fixed at creation and refused here (422 read_only): ";
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if ((f->flags & F_IMMUTABLE) && !(f->flags & (F_SYSTEM | F_PARENT))) {
			putf(&t.w, "%s%s", sep, f->name);
			sep = ", ";
		}
	}
	if (strcmp(sep, ", ") == 0)
		put(&t.w, ".");
	text_end(&t, w, 3, "description");
	raw(w, 3, "additionalProperties", "false");
	fields_object(w, 3, e, U_PATCH);
}

static void page_schema(struct yw *w, const struct entity *e)
{
	indent(w, 2);
	pascal(w, e->name, false);
	put(w, "Page:\n");
	str(w, 3, "type", "object");
	struct text t;
	text_begin(&t);
	put(&t.w, "One page of a list of ");
	words(&t.w, e->name);
	put(&t.w, " records, ordered by id.");
	text_end(&t, w, 3, "description");
	nest(w, 3, "required");
	item(w, 4, "items");
	item(w, 4, "next");
	item(w, 4, "total");
	nest(w, 3, "properties");
	nest(w, 4, "items");
	str(w, 5, "type", "array");
	nest(w, 5, "items");
	ref(w, 6, "schemas", e->name, "");
	nest(w, 4, "next");
	type_line(w, 5, "string", true);
	str(w, 5, "description", "the cursor for after= to get the next page; null on the last page");
	nest(w, 4, "total");
	str(w, 5, "type", "integer");
	raw(w, 5, "minimum", "0");
	str(w, 5, "description", "how many records match, on all pages together");
}

static void action_input_schema(struct yw *w, const struct action_def *a)
{
	const struct entity *in = svc_action_input(a->action);
	indent(w, 2);
	pascal(w, a->name, false);
	put(w, "Input:\n");
	str(w, 3, "type", "object");
	struct text t;
	text_begin(&t);
	putf(&t.w, "The body of the lifecycle action %s: %s. Send {} when no field is needed.",
	     a->name, a->doc);
	text_end(&t, w, 3, "description");
	raw(w, 3, "additionalProperties", "false");
	if (in)
		fields_object(w, 3, in, U_INPUT);
}

static void problem_schema(struct yw *w)
{
	static const struct {
		const char *name, *type, *doc;
	} props[] = {
		{ "type", "string", "a URI reference naming the problem: /problems/<code>" },
		{ "title", "string", "the HTTP status in words" },
		{ "status", "integer", "the HTTP status" },
		{ "code", "string", "stable machine-readable code, e.g. version_mismatch (see docs/api.md)" },
		{ "field", "string", "the offending field, header or parameter, when there is one" },
		{ "detail", "string", "a sentence for people" },
	};
	nest(w, 2, "Problem");
	str(w, 3, "type", "object");
	str(w, 3, "description", "An error (RFC 9457 problem details), sent as application/problem+json.");
	nest(w, 3, "required");
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		if (strcmp(props[i].name, "field") != 0)
			item(w, 4, props[i].name);
	nest(w, 3, "properties");
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		nest(w, 4, props[i].name);
		str(w, 5, "type", props[i].type);
		if (strcmp(props[i].name, "type") == 0)
			str(w, 5, "format", "uri-reference");
		str(w, 5, "description", props[i].doc);
	}
}

static void health_schemas(struct yw *w)
{
	nest(w, 2, "Health");
	str(w, 3, "type", "object");
	nest(w, 3, "required");
	item(w, 4, "status");
	nest(w, 3, "properties");
	nest(w, 4, "status");
	str(w, 5, "type", "string");
	nest(w, 5, "enum");
	item(w, 6, "ok");
	nest(w, 2, "Readiness");
	str(w, 3, "type", "object");
	nest(w, 3, "required");
	item(w, 4, "status");
	item(w, 4, "database");
	nest(w, 3, "properties");
	nest(w, 4, "status");
	str(w, 5, "type", "string");
	nest(w, 5, "enum");
	item(w, 6, "ready");
	nest(w, 4, "database");
	str(w, 5, "type", "string");
	str(w, 5, "description", "the database backend");
}

/* ---- logging in ---------------------------------------------------------- */

/* the field of a user account that no answer shows (svc_user_public) */
#define HIDDEN_USER_FIELD "password_hash"
/* the longest password an account can have (service/accounts.c) */
#define PASSWORD_MAX_CHARS 200
#define TOKEN_CHARS (SVC_TOKEN_LEN - 1)

/* property name of record kind e as the model declares it, for use u */
static void model_property(struct yw *w, int level, const struct entity *e, const char *name,
			   enum use u)
{
	const struct field *f = model_field(e, name);
	nest(w, level, name);
	if (f)
		field_schema(w, level + 1, f, u);
	else
		str(w, level + 1, "type", "string");
}

/* "name: {$ref: schemas/target}" */
static void property_ref(struct yw *w, int level, const char *name, const char *target)
{
	nest(w, level, name);
	indent(w, level + 1);
	putf(w, "$ref: \"#/components/schemas/%s\"\n", target);
}

/* the body of POST /api/v1/session (Login) or /api/v1/tokens (TokenLogin) */
static void login_schema(struct yw *w, bool token)
{
	const struct field *label = model_field(&ENTITY_SESSION, "label");
	nest(w, 2, token ? "TokenLogin" : "Login");
	str(w, 3, "type", "object");
	str(w, 3, "description",
	    token ? "What POST /api/v1/tokens accepts: the account's user name and password, and "
		    "optionally what the token is for."
		  : "What POST /api/v1/session accepts: the account's user name and password.");
	nest(w, 3, "required");
	item(w, 4, "username");
	item(w, 4, "password");
	nest(w, 3, "properties");
	model_property(w, 4, &ENTITY_USER, "username", U_RECORD);
	nest(w, 4, "password");
	str(w, 5, "type", "string");
	raw(w, 5, "minLength", "1");
	raw(w, 5, "maxLength", "%d", PASSWORD_MAX_CHARS);
	str(w, 5, "format", "password");
	str(w, 5, "description", "the account's password (12 to 200 characters)");
	nest(w, 4, "code");
	str(w, 5, "type", "string");
	raw(w, 5, "maxLength", "64");
	str(w, 5, "description",
	    "the second factor, for an account that has one: the six digits of its authenticator "
	    "app (TOTP), or one of its recovery codes; 401 second_factor_required without it");
	if (!token)
		return;
	nest(w, 4, "label");
	str(w, 5, "type", "string");
	raw(w, 5, "maxLength", "%lld", (long long)(label ? label->max : 100));
	str(w, 5, "description",
	    "what the token is for, e.g. the script that uses it; kept with the session (at most "
	    "100 bytes of UTF-8)");
}

static void csrf_property(struct yw *w)
{
	nest(w, 4, "csrf_token");
	str(w, 5, "type", "string");
	indent(w, 5);
	put(w, "pattern: \"^[0-9a-f]{64}$\"\n");
	str(w, 5, "description",
	    "send it in the X-CSRF-Token header with every POST, PATCH and DELETE made through the "
	    "session cookie (403 csrf_failed without it); bearer tokens need none");
}

static void session_schemas(struct yw *w)
{
	login_schema(w, false);
	login_schema(w, true);

	nest(w, 2, "SessionUser");
	str(w, 3, "type", "object");
	str(w, 3, "description",
	    "The account logged in, as kring returns it: every field of the user account but "
	    "its password hash, which no answer shows. Every field is present; an optional field "
	    "without a value is null.");
	record_properties(w, &ENTITY_USER, HIDDEN_USER_FIELD, "raised by every change of the account");

	nest(w, 2, "SessionInfo");
	str(w, 3, "type", "object");
	str(w, 3, "description",
	    "The session a login opened. A browser session ends after 30 minutes without a "
	    "request and at the latest 12 hours after the login; an API token 90 days after it; "
	    "either ends at once at logout.");
	nest(w, 3, "required");
	item(w, 4, "kind");
	item(w, 4, "expires_at");
	item(w, 4, "last_seen_at");
	nest(w, 3, "properties");
	model_property(w, 4, &ENTITY_SESSION, "kind", U_RECORD);
	model_property(w, 4, &ENTITY_SESSION, "expires_at", U_RECORD);
	model_property(w, 4, &ENTITY_SESSION, "last_seen_at", U_RECORD);

	nest(w, 2, "Session");
	str(w, 3, "type", "object");
	str(w, 3, "description", "A browser login: the account and its session. The token is only "
				 "in the cookie.");
	nest(w, 3, "required");
	item(w, 4, "user");
	item(w, 4, "session");
	item(w, 4, "csrf_token");
	nest(w, 3, "properties");
	property_ref(w, 4, "user", "SessionUser");
	property_ref(w, 4, "session", "SessionInfo");
	csrf_property(w);

	nest(w, 2, "Token");
	str(w, 3, "type", "object");
	str(w, 3, "description", "An API login: the account, its session and the token.");
	nest(w, 3, "required");
	item(w, 4, "user");
	item(w, 4, "session");
	item(w, 4, "token");
	nest(w, 3, "properties");
	property_ref(w, 4, "user", "SessionUser");
	property_ref(w, 4, "session", "SessionInfo");
	nest(w, 4, "token");
	str(w, 5, "type", "string");
	raw(w, 5, "minLength", "%d", TOKEN_CHARS);
	raw(w, 5, "maxLength", "%d", TOKEN_CHARS);
	indent(w, 5);
	putf(w, "pattern: \"^[A-Za-z0-9_-]{%d}$\"\n", TOKEN_CHARS);
	str(w, 5, "description",
	    "the token, shown only this once (kring keeps only its SHA-256); send it as "
	    "Authorization: Bearer TOKEN");

	nest(w, 2, "CurrentUser");
	str(w, 3, "type", "object");
	str(w, 3, "description", "Who is logged in (with the CSRF token when through the cookie).");
	nest(w, 3, "required");
	item(w, 4, "user");
	nest(w, 3, "properties");
	property_ref(w, 4, "user", "SessionUser");
	csrf_property(w);
}

/* ---- the AVG right of access ------------------------------------------- */

/* an entry of the access log as the export gives it (store/audit.h) */
static void access_log_schema(struct yw *w)
{
	static const struct {
		const char *name, *type, *doc;
		bool null;
	} cols[] = {
		{ "id", "integer", "the entry's number", false },
		{ "event_id", "string", "a random id of the event (32 hex digits)", false },
		{ "at", "string", "when (UTC, YYYY-MM-DDTHH:MM:SSZ)", false },
		{ "action", "string", "create, read, update, delete, export, login, login_failed or logout", false },
		{ "outcome", "string", "success, denied or failed", false },
		{ "user_name", "string", "who: the account's user name (retention for kring retention, cli for "
					 "commands)", false },
		{ "role", "string", "the role that allowed it", false },
		{ "on_behalf_of", "string", "on whose behalf", true },
		{ "request_id", "integer", "the case concerned", true },
		{ "object_type", "string", "the kind of record", false },
		{ "object_id", "integer", "the record's id", true },
		{ "address", "string", "the client's IP address (empty for commands)", false },
		{ "prev_hash", "string", "SHA-256 of the entry before (hex)", false },
		{ "hash", "string", "SHA-256 over prev_hash and this entry (hex)", false },
	};
	nest(w, 2, "AccessLogEntry");
	str(w, 3, "type", "object");
	str(w, 3, "description", "One entry of the access log (NEN 7513): who read or changed what, when.");
	nest(w, 3, "required");
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		item(w, 4, cols[i].name);
	nest(w, 3, "properties");
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		nest(w, 4, cols[i].name);
		type_line(w, 5, cols[i].type, cols[i].null);
		str(w, 5, "description", cols[i].doc);
	}
}

/* the answer of GET /api/v1/requests/{id}/export */
static void export_schemas(struct yw *w)
{
	access_log_schema(w);
	nest(w, 2, "PersonExport");
	str(w, 3, "type", "object");
	str(w, 3, "description",
	    "Everything kring holds on one case (the AVG right of access), keys sorted: the request, "
	    "one list per kind of record under it, and the access-log entries about it.");
	nest(w, 3, "required");
	item(w, 4, "generated_at");
	item(w, 4, "schema_version");
	item(w, 4, "request");
	for (size_t i = 0; i < model_nentities; i++)
		if (model_parent(model_entities[i]))
			item(w, 4, model_entities[i]->table);
	item(w, 4, "access_log");
	nest(w, 3, "properties");
	nest(w, 4, "generated_at");
	str(w, 5, "type", "string");
	str(w, 5, "format", "date-time");
	str(w, 5, "pattern", TIMESTAMP_PATTERN);
	str(w, 5, "description", "when the export was made (UTC)");
	nest(w, 4, "schema_version");
	str(w, 5, "type", "integer");
	str(w, 5, "description", "the database's schema version (the last migration applied)");
	nest(w, 4, "request");
	ref(w, 5, "schemas", ENTITY_REQUEST.name, "");
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		if (!model_parent(e))
			continue;
		nest(w, 4, e->table);
		str(w, 5, "type", "array");
		nest(w, 5, "items");
		ref(w, 6, "schemas", e->name, "");
		struct text t;
		text_begin(&t);
		put(&t.w, "every ");
		words(&t.w, e->name);
		put(&t.w, " record of the case, by id");
		text_end(&t, w, 5, "description");
	}
	nest(w, 4, "access_log");
	str(w, 5, "type", "array");
	nest(w, 5, "items");
	indent(w, 6);
	put(w, "$ref: \"#/components/schemas/AccessLogEntry\"\n");
	str(w, 5, "description", "every entry about the case, oldest first (the export itself not yet)");
}

/* a report: its common keys; the figures are described in docs/reports.md */
static void report_schemas(struct yw *w)
{
	nest(w, 2, "Percentage");
	str(w, 3, "type", "object");
	str(w, 3, "description", "a share with its denominator; in a funder's view a count or "
				 "denominator from 1 to 4 is the string \"<5\" and pct is null");
	nest(w, 3, "required");
	item(w, 4, "count");
	item(w, 4, "of");
	item(w, 4, "pct");
	nest(w, 3, "properties");
	nest(w, 4, "count");
	nest(w, 5, "type");
	item(w, 6, "integer");
	item(w, 6, "string");
	nest(w, 4, "of");
	nest(w, 5, "type");
	item(w, 6, "integer");
	item(w, 6, "string");
	nest(w, 4, "pct");
	nest(w, 5, "type");
	item(w, 6, "number");
	item(w, 6, "null");
	str(w, 5, "description", "100 x count / of, rounded half away from zero to one decimal; null when "
				 "of is 0 or withheld");

	nest(w, 2, "Report");
	str(w, 3, "type", "object");
	str(w, 3, "description", "a report's figures (annual, outcomes or costs: see docs/reports.md); "
				 "every percentage is a Percentage");
	nest(w, 3, "required");
	item(w, 4, "report");
	item(w, 4, "filters");
	item(w, 4, "population");
	item(w, 4, "suppressed");
	nest(w, 3, "properties");
	nest(w, 4, "report");
	str(w, 5, "type", "string");
	nest(w, 5, "enum");
	item(w, 6, "annual");
	item(w, 6, "outcomes");
	item(w, 6, "costs");
	nest(w, 4, "filters");
	str(w, 5, "type", "object");
	str(w, 5, "description", "the filters applied: from, to, year, region, funder, track (null when not given)");
	nest(w, 4, "population");
	str(w, 5, "type", "string");
	str(w, 5, "description", "who is counted, in one sentence");
	nest(w, 4, "suppressed");
	str(w, 5, "type", "boolean");
	str(w, 5, "description", "small counts are withheld (a funder's view)");
	raw(w, 3, "additionalProperties", "true");
}

/* the answer of GET /requests/{id}/matches (service/matching.c) */
static void match_schemas(struct yw *w)
{
	static const struct {
		const char *name, *type, *doc;
	} props[] = {
		{ "request_id", "integer", "the request" },
		{ "as_on", "string", "the day matched on: today (assign-coordinator: the day it takes effect)" },
		{ "wanted_on", "string", "the date matched around: the request's wanted_on, else today + 42 days" },
		{ "wanted_on_given", "boolean", "the request gives wanted_on" },
		{ "window", "object", "{from, to}: the days around wanted_on a period unavailable may not touch" },
		{ "training_current_months", "integer", "training within this many months counts as current" },
		{ "weights", "object", "the points of a full match per component (settings match_weight_*)" },
		{ "pool", "integer", "coordinators considered" },
		{ "candidates_total", "integer", "coordinators no hard rule excludes" },
		{ "excluded_total", "integer", "coordinators excluded" },
		{ "candidates", "array", "{coordinator_id, name, rank, score, components: {language, gender, "
					 "background, load, travel}, passed: [rule], gender, languages, languages_basic, "
					 "backgrounds, load, capacity, municipality_served}, best first" },
		{ "excluded", "array", "{coordinator_id, name, reasons: [rule], load, capacity}, by id" },
	};
	nest(w, 2, "Matches");
	str(w, 3, "type", "object");
	str(w, 3, "description", "the coordinators for a request: the ranked shortlist and the excluded ones "
				 "with the hard rules that exclude them");
	nest(w, 3, "required");
	for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
		item(w, 4, props[i].name);
	nest(w, 3, "properties");
	for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
		nest(w, 4, props[i].name);
		str(w, 5, "type", props[i].type);
		if (strcmp(props[i].type, "array") == 0) {
			nest(w, 5, "items");
			str(w, 6, "type", "object");
		}
		str(w, 5, "description", props[i].doc);
	}
}

/* an object schema from a table of properties (type "integer", "string",
 * "date" or a $ref name starting with '#'; null: may be null) */
struct prop {
	const char *name, *type, *doc;
	bool null;
};

static void object_schema(struct yw *w, const char *name, const char *doc, const struct prop *p, size_t n)
{
	nest(w, 2, name);
	str(w, 3, "type", "object");
	str(w, 3, "description", doc);
	nest(w, 3, "required");
	for (size_t i = 0; i < n; i++)
		item(w, 4, p[i].name);
	nest(w, 3, "properties");
	for (size_t i = 0; i < n; i++) {
		nest(w, 4, p[i].name);
		if (p[i].type[0] == '#') {
			str(w, 5, "type", "array");
			nest(w, 5, "items");
			indent(w, 6);
			putf(w, "$ref: \"#/components/schemas/%s\"\n", p[i].type + 1);
		} else if (strcmp(p[i].type, "date") == 0) {
			type_line(w, 5, "string", p[i].null);
			str(w, 5, "format", "date");
		} else {
			type_line(w, 5, p[i].type, p[i].null);
		}
		str(w, 5, "description", p[i].doc);
	}
}

/* an agreement as a proposal for a request */
#define OPTION_PROPS \
	{ "agreement_id", "integer", "the agreement", false }, \
	{ "name", "string", "its name", false }, \
	{ "funder_id", "integer", "who pays", false }, \
	{ "funder_name", "string", "the funder's name", false }, \
	{ "region_id", "integer", "the region it covers (null: every region)", true }, \
	{ "starts_on", "date", "first day of its period", false }, \
	{ "ends_on", "date", "last day of its period (null: open)", true }, \
	{ "tariff_cents", "integer", "its tariff for the request's kind (null: none)", true }, \
	{ "budget_cents", "integer", "its budget (null: no money limit)", true }, \
	{ "committed_cents", "integer", "committed to other cases (running and held)", false }, \
	{ "cases", "integer", "other cases holding a commitment on it", false }, \
	{ "remaining_cents", "integer", "budget left before this request (null: no limit)", true }, \
	{ "remaining_after_cents", "integer", "budget left after this request's tariff (null: no limit)", \
	  true }, \
	{ "max_conferences", "integer", "the most conferences (null: no limit)", true }, \
	{ "conferences_left", "integer", "conferences left before this request (null: no limit)", true }, \
	{ "conferences_left_after", "integer", "conferences left after it (null: no limit)", true },

/* the answers of GET /requests/{id}/funding-options and GET /budgets */
static void funding_schemas(struct yw *w)
{
	static const struct prop reason[] = {
		{ "code", "string", "period_not_started, period_ended, region, municipality, municipality_unknown, "
				    "kind, track, no_tariff, budget_exhausted or conferences_exhausted (options), "
				    "budget_low, below_tariff, budget_exhausted, conferences_low or "
				    "conferences_exhausted (budgets)", false },
		{ "detail", "string", "the reason in words", false },
	};
	static const struct prop option[] = { OPTION_PROPS };
	static const struct prop misfit[] = {
		OPTION_PROPS
		{ "reasons", "#FundingReason", "why it does not pay for the request", false },
	};
	static const struct prop options[] = {
		{ "request_id", "integer", "the request", false },
		{ "requested_on", "date", "its date, which the period must cover", false },
		{ "kind", "string", "its kind of conference, whose tariff applies", false },
		{ "track", "string", "its track", false },
		{ "options", "#FundingOption", "the agreements that pay for it, most specific first", false },
		{ "not_fitting", "#FundingMisfit", "the agreements that do not, each with its reasons", false },
	};
	static const struct prop budget[] = {
		{ "agreement_id", "integer", "the agreement", false },
		{ "name", "string", "its name", false },
		{ "funder_id", "integer", "who pays", false },
		{ "funder_name", "string", "the funder's name", false },
		{ "region_id", "integer", "the region it covers (null: every region)", true },
		{ "starts_on", "date", "first day of its period", false },
		{ "ends_on", "date", "last day of its period (null: open)", true },
		{ "budget_cents", "integer", "the budget (null: no money limit)", true },
		{ "committed_cents", "integer", "committed to cases before their conference", false },
		{ "spent_cents", "integer", "committed to cases whose conference was held", false },
		{ "remaining_cents", "integer", "budget - committed - spent (null: no money limit)", true },
		{ "max_conferences", "integer", "the most conferences (null: no limit)", true },
		{ "conferences_running", "integer", "cases funded under it before their conference", false },
		{ "conferences_held", "integer", "cases funded under it whose conference was held", false },
		{ "conferences_left", "integer", "max - running - held (null: no limit)", true },
		{ "warn_below_pct", "integer", "the percentage below which it warns", false },
		{ "warnings", "#FundingReason", "why it needs attention, in words (empty: it does not)", false },
	};
	static const struct prop budgets[] = {
		{ "items", "#Budget", "one per agreement the account may see, by id", false },
		{ "total", "integer", "how many", false },
	};
	object_schema(w, "FundingReason", "why an agreement does not fit, or needs attention", reason,
		      sizeof reason / sizeof reason[0]);
	object_schema(w, "FundingOption", "an agreement that pays for the request", option,
		      sizeof option / sizeof option[0]);
	object_schema(w, "FundingMisfit", "an agreement that does not pay for the request, and why", misfit,
		      sizeof misfit / sizeof misfit[0]);
	object_schema(w, "FundingOptions", "the agreements for a request's funding decision", options,
		      sizeof options / sizeof options[0]);
	object_schema(w, "Budget", "the money and conferences of one agreement", budget, sizeof budget / sizeof budget[0]);
	object_schema(w, "Budgets", "the budgets the account may see", budgets, sizeof budgets / sizeof budgets[0]);
}

/* invoices (service/invoices.c): the invoice with its lines, a page of
 * them, and the bodies of issuing and crediting one */
static void invoice_schemas(struct yw *w)
{
	const struct entity *in[] = { svc_invoice_input(false), svc_invoice_input(true) };
	static const char *const in_docs[] = {
		"What POST /api/v1/invoices accepts: the funder and the period (conferences held from and to, "
		"inclusive); region_id limits it to one region's requests, issued_on defaults to today.",
		"What POST /api/v1/invoices/{id}/credit accepts: why the invoice is credited (printed on the "
		"credit note); issued_on defaults to today.",
	};
	indent(w, 2);
	put(w, "Invoice:\n");
	str(w, 3, "type", "object");
	str(w, 3, "description", "An invoice or credit note as kring returns it, with its lines, the credit note "
				 "that cancels it (credited_by) or the invoice it cancels (credits). It never changes.");
	record_properties(w, &ENTITY_INVOICE, NULL, "always 1: an issued invoice never changes");
	nest(w, 4, "lines");
	str(w, 5, "type", "array");
	nest(w, 5, "items");
	ref(w, 6, "schemas", ENTITY_INVOICE_LINE.name, "");
	str(w, 5, "description", "one line per conference, by id");
	static const char *const links[][2] = {
		{ "credited_by", "the credit note that cancels this invoice: {id, number, issued_on}, or null" },
		{ "credits", "the invoice this credit note cancels: {id, number, issued_on}, or null" },
	};
	for (size_t i = 0; i < 2; i++) {
		nest(w, 4, links[i][0]);
		nest(w, 5, "type");
		item(w, 6, "object");
		item(w, 6, "null");
		str(w, 5, "description", links[i][1]);
	}
	record_schema(w, &ENTITY_INVOICE_LINE);
	page_schema(w, &ENTITY_INVOICE);
	for (size_t i = 0; i < 2; i++) {
		indent(w, 2);
		pascal(w, in[i]->name, false);
		put(w, ":\n");
		str(w, 3, "type", "object");
		str(w, 3, "description", in_docs[i]);
		raw(w, 3, "additionalProperties", "false");
		fields_object(w, 3, in[i], U_INPUT);
	}
}

static void schemas(struct yw *w)
{
	nest(w, 1, "schemas");
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		const struct route *r;
		if (e->flags & E_INTERNAL)
			continue;
		record_schema(w, e);
		if ((r = find_route(e, K_CREATE, K_CHILD_CREATE)))
			input_schema(w, e, r);
		if ((r = find_route(e, K_UPDATE, K_UPDATE)))
			patch_schema(w, e, r);
		if (find_route(e, K_LIST, K_CHILD_LIST))
			page_schema(w, e);
	}
	for (size_t i = 0; i < ACT__COUNT; i++)
		action_input_schema(w, &lifecycle_actions[i]);
	invoice_schemas(w);
	problem_schema(w);
	health_schemas(w);
	session_schemas(w);
	export_schemas(w);
	report_schemas(w);
	match_schemas(w);
	funding_schemas(w);
}

/* ---- components: parameters, headers, responses ------------------------ */

static void header_param(struct yw *w, const char *id, const char *name, bool required,
			 const char *doc)
{
	nest(w, 2, id);
	str(w, 3, "name", name);
	str(w, 3, "in", "header");
	raw(w, 3, "required", "%s", required ? "true" : "false");
	str(w, 3, "description", doc);
	nest(w, 3, "schema");
	str(w, 4, "type", "string");
}

static void parameters(struct yw *w)
{
	nest(w, 1, "parameters");
	nest(w, 2, "Id");
	str(w, 3, "name", "id");
	str(w, 3, "in", "path");
	raw(w, 3, "required", "true");
	str(w, 3, "description",
	    "the id of the record; in /api/v1/requests/{id}/... the id of the request");
	nest(w, 3, "schema");
	str(w, 4, "type", "integer");
	raw(w, 4, "minimum", "1");

	header_param(w, "IfMatch", "If-Match", true,
		     "the version read (the ETag), e.g. \"3\": without it 428 if_match_required, "
		     "with another version 412 version_mismatch");
	str(w, 4, "pattern", "^(W/)?\"[0-9]+\"$");
	header_param(w, "IfMatchOptional", "If-Match", false,
		     "the version read (the ETag), e.g. \"3\"; optional here, but when sent it must "
		     "match (412 version_mismatch)");
	str(w, 4, "pattern", "^(W/)?\"[0-9]+\"$");
	header_param(w, "IdempotencyKey", "Idempotency-Key", false,
		     "makes a POST safe to retry: the same key with the same body answers the first "
		     "answer again (Idempotent-Replayed: true) and creates nothing; with another body "
		     "422 idempotency_key_reused");
	raw(w, 4, "minLength", "1");
	raw(w, 4, "maxLength", "200");
	str(w, 4, "pattern", "^[!-~]{1,200}$");

	nest(w, 2, "Limit");
	str(w, 3, "name", "limit");
	str(w, 3, "in", "query");
	raw(w, 3, "required", "false");
	str(w, 3, "description", "the most items on one page");
	nest(w, 3, "schema");
	str(w, 4, "type", "integer");
	raw(w, 4, "minimum", "1");
	raw(w, 4, "maximum", "500");
	raw(w, 4, "default", "50");
	nest(w, 2, "After");
	str(w, 3, "name", "after");
	str(w, 3, "in", "query");
	raw(w, 3, "required", "false");
	str(w, 3, "description", "the next cursor of the previous page");
	nest(w, 3, "schema");
	str(w, 4, "type", "string");
	raw(w, 4, "minLength", "1");
}

static void headers(struct yw *w)
{
	nest(w, 1, "headers");
	nest(w, 2, "ETag");
	str(w, 3, "description", "the record's version in quotes, \"N\"; send it back in If-Match");
	nest(w, 3, "schema");
	str(w, 4, "type", "string");
	str(w, 4, "pattern", "^\"[0-9]+\"$");
	nest(w, 2, "Location");
	str(w, 3, "description", "the path of the new record, /api/v1/{records}/{id}");
	nest(w, 3, "schema");
	str(w, 4, "type", "string");
	nest(w, 2, "IdempotentReplayed");
	str(w, 3, "description", "present (true) when this is the stored answer to an earlier "
				 "request with the same Idempotency-Key");
	nest(w, 3, "schema");
	str(w, 4, "type", "string");
	nest(w, 4, "enum");
	item(w, 5, "true");
	nest(w, 2, "RetryAfter");
	str(w, 3, "description", "seconds to wait before trying again");
	nest(w, 3, "schema");
	str(w, 4, "type", "integer");
	raw(w, 4, "minimum", "1");
	nest(w, 2, "WWWAuthenticate");
	str(w, 3, "description", "how to log in: Bearer realm=\"kring\"");
	nest(w, 3, "schema");
	str(w, 4, "type", "string");
	nest(w, 2, "SetSessionCookie");
	str(w, 3, "description",
	    SESSION_COOKIE "=TOKEN; Path=/; HttpOnly; Secure; SameSite=Strict: the session's token, "
	    "only in this cookie, which scripts cannot read and the browser sends back only to "
	    "this host over a secure connection");
	nest(w, 3, "schema");
	str(w, 4, "type", "string");
	nest(w, 2, "ClearSessionCookie");
	str(w, 3, "description",
	    SESSION_COOKIE "=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0: the browser "
	    "forgets the cookie");
	nest(w, 3, "schema");
	str(w, 4, "type", "string");
}

/* how a client logs in: a bearer token or the browser's session cookie */
static void security_schemes(struct yw *w)
{
	nest(w, 1, "securitySchemes");
	nest(w, 2, "bearer");
	str(w, 3, "type", "http");
	str(w, 3, "scheme", "bearer");
	str(w, 3, "description",
	    "for API clients: Authorization: Bearer TOKEN with a token from POST /api/v1/tokens; "
	    "it works for 90 days or until DELETE /api/v1/session with it");
	nest(w, 2, "session");
	str(w, 3, "type", "apiKey");
	str(w, 3, "in", "cookie");
	str(w, 3, "name", SESSION_COOKIE);
	str(w, 3, "description",
	    "for browsers: the cookie POST /api/v1/session sets (HttpOnly; Secure; "
	    "SameSite=Strict); it ends after 30 minutes without a request, 12 hours after the "
	    "login at the latest, or at DELETE /api/v1/session");
}

/* the problems every endpoint may answer, as in docs/api.md */
static const struct {
	int status;
	const char *name;
	const char *doc;
} problems[] = {
	{ 400, "BadRequest", "malformed_json, invalid_utf8, bad_parameter, bad_header: the body is "
			     "not JSON, or a query parameter or header is wrong" },
	{ 401, "Unauthorized", "unauthenticated, session_expired, login_failed, second_factor_required, "
			       "second_factor_not_set_up: no valid session cookie or bearer token was "
			       "sent, the session has ended (log in again), or the login was refused (a "
			       "wrong user name, password or code, a locked or a disabled account: all "
			       "answer alike; with the right password, the code of the second factor is "
			       "missing, or an account that sees personal data has no second factor yet)" },
	{ 403, "Forbidden", "forbidden, csrf_failed: no role of the account allows this (records "
			    "outside the account's scope answer 404 instead, so that their existence does "
			    "not show), or a change through the session cookie came without the session's "
			    "X-CSRF-Token" },
	{ 404, "NotFound", "not_found: no such route or record, or a record outside the account's "
			   "scope (its region, or the cases assigned to it)" },
	{ 405, "MethodNotAllowed", "method_not_allowed: the route exists, the method does not "
				   "(the Allow header lists those that do)" },
	{ 409, "Conflict", "illegal_transition, wrong_state, already_exists: not possible in the "
			   "record's state, or such a record exists already" },
	{ 412, "PreconditionFailed", "version_mismatch: If-Match names another version than the "
				     "record's; nothing changed" },
	{ 413, "ContentTooLarge", "body_too_large: the body is over 64 KiB" },
	{ 415, "UnsupportedMediaType", "unsupported_media_type: a body that is not application/json" },
	{ 422, "UnprocessableContent", "required, wrong_type, unknown_value, out_of_range, too_long, "
				       "empty, invalid_date, invalid_time, invalid_language, "
				       "unknown_field, read_only, duplicate_item, invalid, "
				       "unknown_reference, not_an_object, idempotency_key_reused: the "
				       "input breaks a rule; field names it" },
	{ 428, "PreconditionRequired", "if_match_required: PATCH or DELETE without If-Match" },
	{ 429, "TooManyRequests", "too_many_attempts: too many failed logins in a row on this user "
				  "name (5) or from this address (30); try again after Retry-After "
				  "seconds" },
	{ 500, "InternalError", "internal: a fault in kring (logged); nothing was written" },
	{ 503, "ServiceUnavailable", "busy, not_ready: try again after Retry-After seconds" },
};

static void responses(struct yw *w)
{
	nest(w, 1, "responses");
	for (size_t i = 0; i < sizeof(problems) / sizeof(problems[0]); i++) {
		nest(w, 2, problems[i].name);
		str(w, 3, "description", problems[i].doc);
		if (problems[i].status == 429 || problems[i].status == 503) {
			nest(w, 3, "headers");
			nest(w, 4, "Retry-After");
			indent(w, 5);
			put(w, "$ref: \"#/components/headers/RetryAfter\"\n");
		}
		if (problems[i].status == 401) {
			nest(w, 3, "headers");
			nest(w, 4, "WWW-Authenticate");
			indent(w, 5);
			put(w, "$ref: \"#/components/headers/WWWAuthenticate\"\n");
		}
		nest(w, 3, "content");
		nest(w, 4, "application/problem+json");
		nest(w, 5, "schema");
		indent(w, 6);
		put(w, "$ref: \"#/components/schemas/Problem\"\n");
	}
}

/* ---- paths ------------------------------------------------------------- */

/* "status": $ref to the common problem response */
static void problem_ref(struct yw *w, int level, int status)
{
	for (size_t i = 0; i < sizeof(problems) / sizeof(problems[0]); i++) {
		if (problems[i].status != status)
			continue;
		indent(w, level);
		putf(w, "\"%d\":\n", status);
		indent(w, level + 1);
		putf(w, "$ref: \"#/components/responses/%s\"\n", problems[i].name);
	}
}

static void operation_id(struct yw *w, const struct route *r, enum kind k,
			 const struct entity *e)
{
	const char *parent = e ? parent_name(e) : NULL;
	indent(w, 3);
	put(w, "operationId: \"");
	switch (k) {
	case K_LIST:
		put(w, "list");
		pascal(w, e->path, false);
		break;
	case K_CHILD_LIST:
		put(w, "list");
		pascal(w, e->path, false);
		put(w, "Of");
		pascal(w, parent ? parent : "parent", false);
		break;
	case K_CREATE:
	case K_CHILD_CREATE:
		put(w, "create");
		pascal(w, e->name, false);
		break;
	case K_GET:
		put(w, "get");
		pascal(w, e->name, false);
		break;
	case K_ONE_GET:
		put(w, "get");
		pascal(w, e->name, false);
		put(w, "Of");
		pascal(w, parent ? parent : "parent", false);
		break;
	case K_UPDATE:
		put(w, "update");
		pascal(w, e->name, false);
		break;
	case K_DELETE:
		put(w, "delete");
		pascal(w, e->name, false);
		break;
	case K_TRANSITION:
		pascal(w, r->arg, true);
		break;
	case K_HEALTHZ:
		put(w, "healthz");
		break;
	case K_READYZ:
		put(w, "readyz");
		break;
	case K_LOGIN:
		put(w, "login");
		break;
	case K_TOKEN:
		put(w, "createToken");
		break;
	case K_WHOAMI:
		put(w, "getSession");
		break;
	case K_LOGOUT:
		put(w, "logout");
		break;
	case K_EXPORT:
		put(w, "exportRequest");
		break;
	case K_REPORT:
		put(w, "report");
		pascal(w, r->arg, false);
		break;
	case K_MATCHES:
		put(w, "matchCoordinators");
		break;
	case K_FUNDING_OPTIONS:
		put(w, "fundingOptions");
		break;
	case K_BUDGETS:
		put(w, "budgets");
		break;
	case K_OTHER:
		for (const char *p = r->method; *p; p++)
			if (buf_addc(w->b, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p)) < 0)
				w->err = 1;
		for (const char *p = r->pattern; *p; p++)
			if (is_alpha(*p) || is_digit(*p))
				if (buf_addc(w->b, *p) < 0)
					w->err = 1;
		break;
	}
	put(w, "\"\n");
}

static void summary(struct yw *w, const struct route *r, enum kind k,
		    const struct entity *e)
{
	const char *parent = e ? parent_name(e) : NULL;
	struct text t;
	text_begin(&t);
	switch (k) {
	case K_LIST:
		put(&t.w, "List ");
		words(&t.w, e->path);
		break;
	case K_CHILD_LIST:
		put(&t.w, "List the ");
		words(&t.w, e->path);
		put(&t.w, " of ");
		a_words(&t.w, parent ? parent : "record");
		break;
	case K_CREATE:
		put(&t.w, "Create ");
		a_words(&t.w, e->name);
		break;
	case K_CHILD_CREATE:
		if (e->flags & E_ONE_PER_PARENT) {
			put(&t.w, "Create the ");
			words(&t.w, e->name);
			put(&t.w, " of ");
		} else {
			put(&t.w, "Create ");
			a_words(&t.w, e->name);
			put(&t.w, " for ");
		}
		a_words(&t.w, parent ? parent : "record");
		break;
	case K_GET:
		put(&t.w, "Read ");
		a_words(&t.w, e->name);
		break;
	case K_ONE_GET:
		put(&t.w, "Read the ");
		words(&t.w, e->name);
		put(&t.w, " of ");
		a_words(&t.w, parent ? parent : "record");
		break;
	case K_UPDATE:
		put(&t.w, "Change ");
		a_words(&t.w, e->name);
		break;
	case K_DELETE:
		put(&t.w, "Delete ");
		a_words(&t.w, e->name);
		break;
	case K_TRANSITION: {
		const struct action_def *a = lifecycle_action(r->arg);
		putf(&t.w, "%s: %s", (const char *)r->arg, a ? a->doc : "a lifecycle action");
		break;
	}
	case K_HEALTHZ:
		put(&t.w, "Liveness: the process answers");
		break;
	case K_READYZ:
		put(&t.w, "Readiness: the database answers");
		break;
	case K_LOGIN:
		put(&t.w, "Log in (a browser session, in a cookie)");
		break;
	case K_TOKEN:
		put(&t.w, "Log in for an API token");
		break;
	case K_WHOAMI:
		put(&t.w, "Who is logged in");
		break;
	case K_LOGOUT:
		put(&t.w, "Log out");
		break;
	case K_EXPORT:
		put(&t.w, "Everything kring holds on a request (the AVG right of access)");
		break;
	case K_REPORT:
		putf(&t.w, "The %s report", (const char *)r->arg);
		break;
	case K_MATCHES:
		put(&t.w, "The coordinators who fit a request, ranked, and those excluded with why");
		break;
	case K_FUNDING_OPTIONS:
		put(&t.w, "The agreements that could pay for a request, with what each has left");
		break;
	case K_BUDGETS:
		put(&t.w, "The budgets of the agreements: committed, spent and remaining");
		break;
	case K_OTHER:
		putf(&t.w, "%s %s", r->method, r->pattern);
		break;
	}
	text_end(&t, w, 3, "summary");
}

static void tags(struct yw *w, enum kind k, const struct entity *e)
{
	nest(w, 3, "tags");
	indent(w, 4);
	put(w, "- \"");
	if (k == K_TRANSITION)
		put(w, "lifecycle");
	else if (is_session_kind(k))
		put(w, "session");
	else if (k == K_REPORT)
		put(w, "reports");
	else if (k == K_MATCHES)
		put(w, "matching");
	else if (k == K_FUNDING_OPTIONS || k == K_BUDGETS)
		put(w, "funding");
	else if (e)
		pascal(w, e->name, false);
	else
		put(w, "health");
	put(w, "\"\n");
}

/*
 * What action a does from state from, for each input that can change it:
 * the state machine (lifecycle_next) is asked, so the text follows it.
 */
static const char *const input_labels[] = {
	"safe_and_feasible is true",       /* transition_input.approved */
	"outcome is plan_without_meeting", /* transition_input.without_meeting */
};

static int next_state(enum state from, enum action a, bool approved, bool without_meeting)
{
	struct transition_input in = { .approved = approved, .without_meeting = without_meeting };
	enum state to;
	return lifecycle_next(from, a, &in, &to) < 0 ? -1 : (int)to;
}

static void outcome(struct yw *w, enum state from, int to)
{
	if (to < 0)
		put(w, "not allowed");
	else if (to == (int)from)
		putf(w, "the state stays %s", state_name(from));
	else
		putf(w, "to %s", state_name((enum state)to));
}

static void transition_from(struct yw *w, enum state from, enum action a)
{
	int r[2][2];
	for (int ap = 0; ap < 2; ap++)
		for (int wm = 0; wm < 2; wm++)
			r[ap][wm] = next_state(from, a, ap, wm);
	putf(w, "from %s: ", state_name(from));
	bool by_approved = r[0][0] != r[1][0] || r[0][1] != r[1][1];
	bool by_meeting = r[0][0] != r[0][1] || r[1][0] != r[1][1];
	if (!by_approved && !by_meeting) {
		outcome(w, from, r[0][0]);
	} else if (by_approved != by_meeting) {
		int yes = by_approved ? r[1][0] : r[0][1];
		outcome(w, from, yes);
		putf(w, " when %s, otherwise ", input_labels[by_approved ? 0 : 1]);
		outcome(w, from, r[0][0]);
	} else {
		put(w, "depending on the input");
	}
}

static void transition_description(struct yw *w, const struct action_def *a)
{
	struct text t;
	text_begin(&t);
	putf(&t.w, "Lifecycle action %s: %s. Answers 200 with the request as it is afterwards. "
		   "Allowed ", a->name, a->doc);
	const char *sep = "";
	for (int s = 0; s < ST__COUNT; s++) {
		if (!(a->from_mask & (1u << s)))
			continue;
		put(&t.w, sep);
		transition_from(&t.w, (enum state)s, a->action);
		sep = "; ";
	}
	put(&t.w, ". In any other state 409 illegal_transition, and nothing changes. If-Match "
		  "is optional; when sent it must match the request's version (412).");
	text_end(&t, w, 3, "description");
	nest(w, 3, "x-kring-from-states");
	for (int s = 0; s < ST__COUNT; s++)
		if (a->from_mask & (1u << s))
			item(w, 4, state_name((enum state)s));
}

/* what both logins say about refused attempts (service/accounts.c) */
#define LOGIN_RULES \
	"A wrong user name, a wrong password, a locked and a disabled account all answer 401 " \
	"login_failed alike. From the 5th failure in a row on a user name (the 30th from one " \
	"address) another attempt must wait 2, 4, 8 ... seconds, at most 15 minutes: 429 " \
	"too_many_attempts with Retry-After. The 20th failure in a row locks the account until " \
	"an admin runs kring user unlock. A successful login clears the count."

static void description(struct yw *w, const struct route *r, enum kind k,
			const struct entity *e)
{
	struct text t;
	text_begin(&t);
	switch (k) {
	case K_LIST:
	case K_CHILD_LIST: {
		put(&t.w, "Items are ordered by id; limit and after page through them. ");
		const char *sep = "Equality filters: ";
		for (size_t i = 0; i < e->nfields; i++) {
			const struct field *f = &e->fields[i];
			if ((f->flags & F_FILTER) && !(f->flags & F_PARENT)) {
				putf(&t.w, "%s%s", sep, f->name);
				sep = ", ";
			}
		}
		put(&t.w, strcmp(sep, ", ") == 0 ? ". " : "No filters. ");
		sep = "Date ranges (inclusive): ";
		for (size_t i = 0; i < e->nfields; i++) {
			const struct field *f = &e->fields[i];
			if ((f->flags & F_FILTER) && !(f->flags & F_PARENT) && f->type == FT_DATE) {
				putf(&t.w, "%s%s_from, %s_to", sep, f->name, f->name);
				sep = ", ";
			}
		}
		if (strcmp(sep, ", ") == 0)
			put(&t.w, ". ");
		sep = "Text search: ";
		for (size_t i = 0; i < e->nfields; i++) {
			const struct field *f = &e->fields[i];
			if (f->flags & F_SEARCH) {
				putf(&t.w, "%s%s_contains", sep, f->name);
				sep = ", ";
			}
		}
		if (strcmp(sep, ", ") == 0)
			put(&t.w, ". ");
		put(&t.w, "Another query parameter answers 400 bad_parameter.");
		break;
	}
	case K_CREATE:
	case K_CHILD_CREATE:
		put(&t.w, "Answers 201 with the new record, its Location and ETag.");
		if (e->flags & E_ONE_PER_PARENT)
			put(&t.w, " At most one per request: another answers 409 already_exists.");
		put(&t.w, " With an Idempotency-Key the same key and body answer the first answer "
			  "again and create nothing.");
		break;
	case K_GET:
	case K_ONE_GET:
		put(&t.w, "Answers the record with its version as ETag.");
		break;
	case K_UPDATE:
		put(&t.w, "Changes the fields sent and nothing else. Needs If-Match with the version "
			  "read: 428 without it, 412 when the record changed since.");
		break;
	case K_DELETE:
		put(&t.w, "Needs If-Match with the version read: 428 without it, 412 when the record "
			  "changed since. Answers 204.");
		break;
	case K_TRANSITION: {
		const struct action_def *a = lifecycle_action(r->arg);
		buf_release(&t.b);
		if (a)
			transition_description(w, a);
		return;
	}
	case K_HEALTHZ:
		put(&t.w, "Answers 200 as long as the process runs; touches nothing else.");
		break;
	case K_READYZ:
		put(&t.w, "Answers 200 when this worker's database handle answers a query, 503 "
			  "not_ready otherwise.");
		break;
	case K_LOGIN:
		put(&t.w, "Logs in for a browser: answers 201 with the account and its session and "
			  "sets the cookie " SESSION_COOKIE " (Path=/; HttpOnly; Secure; "
			  "SameSite=Strict), which the browser then sends with every request. The token "
			  "is only in the cookie. The session ends after 30 minutes without a request, "
			  "12 hours after the login at the latest, or at logout. ");
		put(&t.w, LOGIN_RULES);
		break;
	case K_TOKEN:
		put(&t.w, "Logs in for an API client: answers 201 with the account, its session and "
			  "the token, which is shown only this once (kring keeps only its SHA-256). "
			  "Send it as Authorization: Bearer TOKEN; it works for 90 days or until "
			  "DELETE /api/v1/session with it. ");
		put(&t.w, LOGIN_RULES);
		break;
	case K_WHOAMI:
		put(&t.w, "Answers the account of the session cookie or bearer token sent: every "
			  "field but the password hash.");
		break;
	case K_LOGOUT:
		put(&t.w, "Ends the session of the cookie or bearer token sent, at once and on every "
			  "node, and clears the cookie (Max-Age=0). Answers 204; the token never works "
			  "again.");
		break;
	case K_EXPORT:
		put(&t.w, "Answers one document with everything kring holds on the case: the request, "
			  "every record under it and the access-log entries about it, keys sorted. For a "
			  "regional manager of the case's region (403 for other roles, 404 for a case in "
			  "another region). The export itself is written to the access log.");
		break;
	case K_REPORT:
		put(&t.w, "Answers the report's figures, computed in the database from the records "
			  "(docs/reports.md): every percentage as {count, of, pct}, the filters applied and "
			  "the population counted. With format=csv, xlsx or pdf (or an Accept header naming "
			  "text/csv, the XLSX type or application/pdf) the same report as a file, its texts "
			  "in lang (default nl). Who may: admin and researcher every case; a regional "
			  "manager the cases of their regions (403 for another region); a funder the cases "
			  "under its own agreements, with counts from 1 to 4 written as \"<5\" and the "
			  "percentages resting on them withheld (suppressed: true); other roles 403. "
			  "A bad filter answers 422 naming it.");
		break;
	case K_MATCHES:
		put(&t.w, "Answers the coordinators for the request: under candidates those no hard rule "
			  "excludes, ranked by score (ties by id), each with its score, every component "
			  "(language, gender, background, load, travel: the weight in points times how well it "
			  "fits) and the rules passed; under excluded every other coordinator with the rules "
			  "that exclude them (active, training_current, region, municipality, capacity, "
			  "available, independent_of_referrer, independent_of_funder, independent_of_family). "
			  "The weights and the training period are settings. assign-coordinator refuses an "
			  "excluded coordinator (422) and keeps the choice with this shortlist as a "
			  "coordinator_choice record. For the regional manager of the case's region (403 for "
			  "other roles, 404 for a case in another region); written to the access log as a "
			  "read of the case.");
		break;
	case K_FUNDING_OPTIONS:
		put(&t.w, "Answers every agreement for the request's funding decision: under options those "
			  "that pay for it (the period covers requested_on; the region, municipality, kind and "
			  "track are covered; there is a tariff for the kind; the budget and the number of "
			  "conferences hold it), most specific first, each with its funder, its tariff for the "
			  "kind, what it carries and what is left before and after this request; under "
			  "not_fitting the others, each with its reasons. decide-funding with an agreement "
			  "commits its tariff (committed_cents) and answers 409 budget_exhausted when what is "
			  "left does not cover it. For the regional manager of the case's region (403 for other "
			  "roles, 404 for a case in another region); written to the access log as a read.");
		break;
	case K_BUDGETS:
		put(&t.w, "Answers per agreement its budget, the money committed to cases before their "
			  "conference, the money spent on conferences held, what remains, the conferences "
			  "running and held against the most agreed, and warnings in words when it runs low "
			  "(below warn_below_pct of the budget, or below a tariff). A stopped case frees its "
			  "money. Who may: admin every agreement; a regional manager those of their regions and "
			  "those for every region; a funder its own (403 for another funder_id); other roles 403.");
		break;
	case K_OTHER:
		put(&t.w, "Not described.");
		break;
	}
	text_end(&t, w, 3, "description");
}

/* a query parameter for each filterable field of a list, and a text
 * search (<name>_contains) for each searchable one */
static void filter_params(struct yw *w, const struct entity *e)
{
	for (size_t i = 0; e && i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if (!(f->flags & F_SEARCH))
			continue;
		char name[96];
		snprintf(name, sizeof(name), "%s_contains", f->name);
		indent(w, 4);
		put(w, "- name: ");
		quoted(w, name);
		put(w, "\n");
		str(w, 5, "in", "query");
		raw(w, 5, "required", "false");
		struct text t;
		text_begin(&t);
		putf(&t.w, "only those whose %s holds this text (a-z in either case)", f->name);
		text_end(&t, w, 5, "description");
		nest(w, 5, "schema");
		raw(w, 6, "type", "string");
		raw(w, 6, "minLength", "1");
		raw(w, 6, "maxLength", "200");
	}
	for (size_t i = 0; e && i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if (!(f->flags & F_FILTER) || (f->flags & F_PARENT) || is_list(f->type))
			continue;
		indent(w, 4);
		put(w, "- name: ");
		quoted(w, f->name);
		put(w, "\n");
		str(w, 5, "in", "query");
		raw(w, 5, "required", "false");
		struct text t;
		text_begin(&t);
		putf(&t.w, "only those whose %s equals this: ", f->name);
		field_text(&t.w, f);
		text_end(&t, w, 5, "description");
		nest(w, 5, "schema");
		field_schema(w, 6, f, U_QUERY);
		if (f->type != FT_DATE)
			continue;
		/* a date also filters by a range: <name>_from and <name>_to */
		static const char *const bounds[][2] = { { "_from", "on or after" }, { "_to", "on or before" } };
		for (size_t b = 0; b < 2; b++) {
			char name[96];
			snprintf(name, sizeof(name), "%s%s", f->name, bounds[b][0]);
			indent(w, 4);
			put(w, "- name: ");
			quoted(w, name);
			put(w, "\n");
			str(w, 5, "in", "query");
			raw(w, 5, "required", "false");
			text_begin(&t);
			putf(&t.w, "only those whose %s is %s this date", f->name, bounds[b][1]);
			text_end(&t, w, 5, "description");
			nest(w, 5, "schema");
			field_schema(w, 6, f, U_QUERY);
		}
	}
}

/* the query parameters of a report */
static void report_params(struct yw *w)
{
	static const struct {
		const char *name, *type, *format, *doc;
	} params[] = {
		{ "year", "integer", NULL, "the calendar year (annual: the year reported, compared with the year "
					   "before; default for the others: no limit)" },
		{ "from", "string", "date", "requests requested on or after this day" },
		{ "to", "string", "date", "requests requested on or before this day" },
		{ "region", "string", NULL, "a region, by id or name" },
		{ "funder", "string", NULL, "a funder, by id or name (the requests under its agreements)" },
		{ "track", "string", NULL, "one of the request's tracks" },
		{ "format", "string", NULL, "json (default), csv, xlsx or pdf" },
		{ "lang", "string", NULL, "the language of a file's texts: nl (default) or en" },
	};
	nest(w, 3, "parameters");
	for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
		indent(w, 4);
		put(w, "- name: ");
		quoted(w, params[i].name);
		put(w, "\n");
		str(w, 5, "in", "query");
		raw(w, 5, "required", "false");
		str(w, 5, "description", params[i].doc);
		nest(w, 5, "schema");
		str(w, 6, "type", params[i].type);
		if (params[i].format)
			str(w, 6, "format", params[i].format);
	}
}

static void parameters_of(struct yw *w, const struct route *r, enum kind k,
			  const struct entity *e)
{
	bool list = k == K_LIST || k == K_CHILD_LIST;
	bool if_match = k == K_UPDATE || k == K_DELETE || k == K_TRANSITION;
	/* the POSTs that create or act take an Idempotency-Key; logins do not */
	bool idempotent = strcmp(r->method, "POST") == 0 &&
			  (k == K_CREATE || k == K_CHILD_CREATE || k == K_TRANSITION);
	if (k == K_REPORT) {
		report_params(w);
		return;
	}
	if (k == K_BUDGETS) {
		nest(w, 3, "parameters");
		indent(w, 4);
		put(w, "- name: \"funder_id\"\n");
		str(w, 5, "in", "query");
		raw(w, 5, "required", "false");
		str(w, 5, "description", "only the agreements of this funder");
		nest(w, 5, "schema");
		str(w, 6, "type", "integer");
		raw(w, 6, "minimum", "1");
		return;
	}
	if (!list && !if_match && !idempotent)
		return;
	nest(w, 3, "parameters");
	if (list) {
		ref_item(w, 4, "parameters", "Limit");
		ref_item(w, 4, "parameters", "After");
		filter_params(w, e);
	}
	if (k == K_UPDATE || k == K_DELETE)
		ref_item(w, 4, "parameters", "IfMatch");
	if (k == K_TRANSITION)
		ref_item(w, 4, "parameters", "IfMatchOptional");
	if (idempotent)
		ref_item(w, 4, "parameters", "IdempotencyKey");
}

static void request_body(struct yw *w, const struct route *r, enum kind k,
			 const struct entity *e)
{
	if (k != K_CREATE && k != K_CHILD_CREATE && k != K_UPDATE && k != K_TRANSITION &&
	    k != K_LOGIN && k != K_TOKEN)
		return;
	nest(w, 3, "requestBody");
	/* an action may be posted without a body, which counts as {} */
	raw(w, 4, "required", "%s", k == K_TRANSITION ? "false" : "true");
	nest(w, 4, "content");
	nest(w, 5, "application/json");
	nest(w, 6, "schema");
	if (k == K_LOGIN || k == K_TOKEN) {
		indent(w, 7);
		putf(w, "$ref: \"#/components/schemas/%s\"\n", k == K_LOGIN ? "Login" : "TokenLogin");
	} else if (k == K_TRANSITION)
		ref(w, 7, "schemas", r->arg, "Input");
	else
		ref(w, 7, "schemas", e->name, k == K_UPDATE ? "Patch" : "Input");
}

/* the success answer: status, headers, body */
/* the success answer of a route of logging in or out */
static void session_success(struct yw *w, enum kind k)
{
	static const struct {
		enum kind kind;
		int status;
		const char *doc, *cookie, *schema;
	} answers[] = {
		{ K_LOGIN, 201, "logged in: the session cookie is set", "SetSessionCookie", "Session" },
		{ K_TOKEN, 201, "logged in: the token, shown only this once", NULL, "Token" },
		{ K_WHOAMI, 200, "the account logged in", NULL, "CurrentUser" },
		{ K_LOGOUT, 204, "logged out: the cookie is cleared", "ClearSessionCookie", NULL },
	};
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		if (answers[i].kind != k)
			continue;
		indent(w, 4);
		putf(w, "\"%d\":\n", answers[i].status);
		str(w, 5, "description", answers[i].doc);
		if (answers[i].cookie) {
			nest(w, 5, "headers");
			nest(w, 6, "Set-Cookie");
			indent(w, 7);
			putf(w, "$ref: \"#/components/headers/%s\"\n", answers[i].cookie);
		}
		if (answers[i].schema) {
			nest(w, 5, "content");
			nest(w, 6, "application/json");
			nest(w, 7, "schema");
			indent(w, 8);
			putf(w, "$ref: \"#/components/schemas/%s\"\n", answers[i].schema);
		}
	}
}

static void success(struct yw *w, const struct route *r, enum kind k,
		    const struct entity *e)
{
	if (is_session_kind(k)) {
		session_success(w, k);
		return;
	}
	int status = k == K_CREATE || k == K_CHILD_CREATE ? 201 : k == K_DELETE ? 204 : 200;
	indent(w, 4);
	putf(w, "\"%d\":\n", status);
	switch (k) {
	case K_LIST:
	case K_CHILD_LIST:
		str(w, 5, "description", "one page");
		break;
	case K_CREATE:
	case K_CHILD_CREATE:
		str(w, 5, "description", "created (or the first answer again, for a repeated Idempotency-Key)");
		break;
	case K_DELETE:
		str(w, 5, "description", "deleted");
		return;
	case K_TRANSITION:
		str(w, 5, "description", "done: the request as it is afterwards");
		break;
	case K_HEALTHZ:
		str(w, 5, "description", "alive");
		break;
	case K_READYZ:
		str(w, 5, "description", "ready");
		break;
	case K_OTHER:
		str(w, 5, "description", "the answer");
		break;
	case K_EXPORT:
		str(w, 5, "description", "everything held on the case");
		break;
	case K_REPORT:
		str(w, 5, "description", "the report: its figures as JSON, or the file asked for");
		break;
	case K_MATCHES:
		str(w, 5, "description", "the ranked shortlist and the excluded coordinators with why");
		break;
	case K_FUNDING_OPTIONS:
		str(w, 5, "description", "the agreements that fit, and those that do not with why");
		break;
	case K_BUDGETS:
		str(w, 5, "description", "the budgets");
		break;
	default:
		str(w, 5, "description", "the record");
		break;
	}
	if (k != K_LIST && k != K_CHILD_LIST && k != K_HEALTHZ && k != K_READYZ && k != K_OTHER &&
	    k != K_EXPORT && k != K_REPORT && k != K_FUNDING_OPTIONS && k != K_BUDGETS && k != K_MATCHES) {
		nest(w, 5, "headers");
		if (status == 201) {
			nest(w, 6, "Location");
			indent(w, 7);
			put(w, "$ref: \"#/components/headers/Location\"\n");
		}
		nest(w, 6, "ETag");
		indent(w, 7);
		put(w, "$ref: \"#/components/headers/ETag\"\n");
		if (strcmp(r->method, "POST") == 0) {
			nest(w, 6, "Idempotent-Replayed");
			indent(w, 7);
			put(w, "$ref: \"#/components/headers/IdempotentReplayed\"\n");
		}
	}
	if (k == K_OTHER)
		return;
	nest(w, 5, "content");
	nest(w, 6, "application/json");
	nest(w, 7, "schema");
	if (k == K_HEALTHZ || k == K_READYZ) {
		indent(w, 8);
		putf(w, "$ref: \"#/components/schemas/%s\"\n", k == K_HEALTHZ ? "Health" : "Readiness");
	} else if (k == K_TRANSITION) {
		ref(w, 8, "schemas", ENTITY_REQUEST.name, "");
	} else if (k == K_EXPORT) {
		indent(w, 8);
		put(w, "$ref: \"#/components/schemas/PersonExport\"\n");
	} else if (k == K_MATCHES) {
		indent(w, 8);
		put(w, "$ref: \"#/components/schemas/Matches\"\n");
	} else if (k == K_FUNDING_OPTIONS || k == K_BUDGETS) {
		indent(w, 8);
		putf(w, "$ref: \"#/components/schemas/%s\"\n", k == K_BUDGETS ? "Budgets" : "FundingOptions");
	} else if (k == K_REPORT) {
		indent(w, 8);
		put(w, "$ref: \"#/components/schemas/Report\"\n");
		static const char *const FILE_TYPES[] = { "text/csv",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf" };
		for (size_t i = 0; i < sizeof FILE_TYPES / sizeof FILE_TYPES[0]; i++) {
			nest(w, 6, FILE_TYPES[i]);
			nest(w, 7, "schema");
			str(w, 8, "type", "string");
			str(w, 8, i == 0 ? "description" : "format", i == 0 ? "the report as CSV (RFC 4180, UTF-8)" : "binary");
		}
	} else {
		ref(w, 8, "schemas", e->name, k == K_LIST || k == K_CHILD_LIST ? "Page" : "");
	}
}

static void operation_responses(struct yw *w, const struct route *r, enum kind k,
				const struct entity *e)
{
	bool api = k != K_HEALTHZ && k != K_READYZ && k != K_OTHER;
	bool has_id = strstr(r->pattern, "{id}") != NULL;
	bool login = k == K_LOGIN || k == K_TOKEN;
	bool record_body = k == K_CREATE || k == K_CHILD_CREATE || k == K_UPDATE || k == K_TRANSITION;
	bool body = record_body || login;
	bool versioned = k == K_UPDATE || k == K_DELETE;

	nest(w, 3, "responses");
	success(w, r, k, e);
	/* GET and DELETE /session read nothing the client sends but the login */
	if (api && k != K_WHOAMI && k != K_LOGOUT)
		problem_ref(w, 4, 400);
	/* every route that needs a login, and a refused login */
	if (!r->open || login)
		problem_ref(w, 4, 401);
	/* the role rules (domain/policy.c) apply to every record route */
	if (is_record_kind(k) || k == K_TRANSITION || k == K_LOGOUT || k == K_EXPORT || k == K_REPORT ||
	    k == K_FUNDING_OPTIONS || k == K_BUDGETS || k == K_MATCHES)
		problem_ref(w, 4, 403);
	if (has_id)
		problem_ref(w, 4, 404);
	if (record_body || k == K_DELETE)
		problem_ref(w, 4, 409);
	if (versioned || k == K_TRANSITION)
		problem_ref(w, 4, 412);
	if (body) {
		problem_ref(w, 4, 413);
		problem_ref(w, 4, 415);
	}
	if (body || k == K_REPORT)
		problem_ref(w, 4, 422);
	if (versioned)
		problem_ref(w, 4, 428);
	if (login)
		problem_ref(w, 4, 429);
	if (api)
		problem_ref(w, 4, 500);
	if (api || k == K_READYZ)
		problem_ref(w, 4, 503);
}

/* the routes of invoices (web/api/invoices.c), each described whole from
 * one row, found by its handler */
enum invoice_route { INV_LIST, INV_CREATE, INV_GET, INV_CREDIT };
static const struct {
	http_handler handler;
	enum invoice_route kind;
	const char *id, *summary, *doc, *body; /* body: the request body's schema, or NULL */
	int status;                            /* of the success */
	const char *answer, *schema;           /* the success's text and schema */
} INVOICE_OPS[] = {
	{ api_invoice_list, INV_LIST, "listInvoices", "List invoices and credit notes",
	  "Items are ordered by id; limit and after page through them. Equality filters: funder_id, region_id, "
	  "kind, number. Who may: admin every invoice; a regional manager those of their regions (every one with "
	  "all_regions); a funder those to its own funder; other roles 403.",
	  NULL, 200, "one page", "InvoicePage" },
	{ api_invoice_create, INV_CREATE, "createInvoice", "Issue an invoice to a funder for a period",
	  "One line per conference held in the period (outcome plan or plan_without_meeting) of the requests "
	  "under the funder's agreements, at the agreement's tariff for the request's kind, leaving out "
	  "conferences on an invoice that was not credited. Numbered YYYY-NNNN per year of issue without gaps. "
	  "Answers 201 with the invoice and its Location. 422 nothing_to_invoice when no conference waits, 422 "
	  "no_tariff when an agreement has no tariff for a kind. Admin and regional managers (a manager of some "
	  "regions names one of them in region_id: 403 for another); other roles 403.",
	  "InvoiceInput", 201, "issued", "Invoice" },
	{ api_invoice_get, INV_GET, "getInvoice", "Read an invoice, or have it as UBL XML or PDF",
	  "Answers the invoice with its lines. With format=xml the invoice as UBL 2.1 XML by the Dutch rules "
	  "(SI-UBL 2.0, EN 16931: an Invoice, or a CreditNote), with format=pdf as PDF (its texts in lang, "
	  "default nl), each as an attachment. Who may: as for the list; 404 for an invoice outside the scope.",
	  NULL, 200, "the invoice, or its file", "Invoice" },
	{ api_invoice_credit, INV_CREDIT, "creditInvoice", "Credit a whole invoice",
	  "Issues a credit note that cancels the whole invoice: its lines negated, credits naming the invoice, "
	  "the next number of the year. The invoice itself never changes; its conferences can then be invoiced "
	  "again. Answers 201 with the credit note. 409 already_credited, 409 not_an_invoice for a credit note. "
	  "Admin and regional managers of the invoice's region; 404 outside the scope, other roles 403.",
	  "CreditInput", 201, "the credit note", "Invoice" },
};

/* an invoice route: 1 when written, 0 when r is none */
static int invoice_operation(struct yw *w, const struct route *r)
{
	size_t i = 0;
	while (i < sizeof INVOICE_OPS / sizeof INVOICE_OPS[0] && INVOICE_OPS[i].handler != r->handler)
		i++;
	if (i == sizeof INVOICE_OPS / sizeof INVOICE_OPS[0])
		return 0;
	enum invoice_route k = INVOICE_OPS[i].kind;
	bool post = strcmp(r->method, "POST") == 0;
	indent(w, 2);
	put(w, post ? "post:\n" : "get:\n");
	str(w, 3, "operationId", INVOICE_OPS[i].id);
	str(w, 3, "summary", INVOICE_OPS[i].summary);
	str(w, 3, "description", INVOICE_OPS[i].doc);
	nest(w, 3, "tags");
	item(w, 4, "invoices");
	if (k == INV_LIST || k == INV_GET) {
		static const char *const list_params[][3] = {
			{ "funder_id", "integer", "only the invoices to this funder" },
			{ "region_id", "integer", "only the invoices of this region" },
			{ "kind", "string", "invoice or credit_note" },
			{ "number", "string", "the invoice numbered so (YYYY-NNNN)" },
		};
		static const char *const file_params[][3] = {
			{ "format", "string", "json (default), xml (UBL 2.1, SI-UBL 2.0) or pdf" },
			{ "lang", "string", "the language of the PDF: nl (default) or en" },
		};
		nest(w, 3, "parameters");
		if (k == INV_LIST) {
			ref_item(w, 4, "parameters", "Limit");
			ref_item(w, 4, "parameters", "After");
		}
		size_t n = k == INV_LIST ? 4 : 2;
		for (size_t p = 0; p < n; p++) {
			const char *const *q = k == INV_LIST ? list_params[p] : file_params[p];
			indent(w, 4);
			put(w, "- name: ");
			quoted(w, q[0]);
			put(w, "\n");
			str(w, 5, "in", "query");
			raw(w, 5, "required", "false");
			str(w, 5, "description", q[2]);
			nest(w, 5, "schema");
			str(w, 6, "type", q[1]);
		}
	}
	if (INVOICE_OPS[i].body) {
		nest(w, 3, "requestBody");
		raw(w, 4, "required", "true");
		nest(w, 4, "content");
		nest(w, 5, "application/json");
		nest(w, 6, "schema");
		indent(w, 7);
		putf(w, "$ref: \"#/components/schemas/%s\"\n", INVOICE_OPS[i].body);
	}
	nest(w, 3, "responses");
	indent(w, 4);
	putf(w, "\"%d\":\n", INVOICE_OPS[i].status);
	str(w, 5, "description", INVOICE_OPS[i].answer);
	if (INVOICE_OPS[i].status == 201) {
		nest(w, 5, "headers");
		nest(w, 6, "Location");
		indent(w, 7);
		put(w, "$ref: \"#/components/headers/Location\"\n");
	}
	nest(w, 5, "content");
	nest(w, 6, "application/json");
	nest(w, 7, "schema");
	indent(w, 8);
	putf(w, "$ref: \"#/components/schemas/%s\"\n", INVOICE_OPS[i].schema);
	if (k == INV_GET) {
		static const char *const types[][2] = { { "application/xml", "the invoice as UBL 2.1 XML" },
							{ "application/pdf", "the invoice as PDF" } };
		for (size_t t = 0; t < 2; t++) {
			nest(w, 6, types[t][0]);
			nest(w, 7, "schema");
			str(w, 8, "type", "string");
			str(w, 8, "description", types[t][1]);
		}
	}
	problem_ref(w, 4, 400);
	problem_ref(w, 4, 401);
	problem_ref(w, 4, 403);
	if (strstr(r->pattern, "{id}"))
		problem_ref(w, 4, 404);
	if (k == INV_CREDIT)
		problem_ref(w, 4, 409);
	if (INVOICE_OPS[i].body) {
		problem_ref(w, 4, 413);
		problem_ref(w, 4, 415);
		problem_ref(w, 4, 422);
	}
	problem_ref(w, 4, 500);
	problem_ref(w, 4, 503);
	return 1;
}

static void operation(struct yw *w, const struct route *r)
{
	if (invoice_operation(w, r))
		return;
	enum kind k = route_kind(r);
	const struct entity *e = is_record_kind(k) || k == K_EXPORT ? r->arg : NULL;
	if (!e && (is_record_kind(k) || k == K_EXPORT))
		k = K_OTHER;
	indent(w, 2);
	for (const char *p = r->method; *p; p++)
		if (buf_addc(w->b, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p)) < 0)
			w->err = 1;
	put(w, ":\n");
	operation_id(w, r, k, e);
	summary(w, r, k, e);
	description(w, r, k, e);
	tags(w, k, e);
	/* open routes answer without a login */
	if (r->open)
		raw(w, 3, "security", "[]");
	parameters_of(w, r, k, e);
	request_body(w, r, k, e);
	operation_responses(w, r, k, e);
}

/* every route, grouped by pattern in the order of the table */
static void paths(struct yw *w)
{
	nest(w, 0, "paths");
	for (size_t i = 0; i < nroutes; i++) {
		bool seen = routes[i].page; /* HTML pages are not part of the API */
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(routes[j].pattern, routes[i].pattern) == 0;
		if (seen)
			continue;
		indent(w, 1);
		quoted(w, routes[i].pattern);
		put(w, ":\n");
		if (strstr(routes[i].pattern, "{id}")) {
			nest(w, 2, "parameters");
			ref_item(w, 3, "parameters", "Id");
		}
		for (size_t j = i; j < nroutes; j++)
			if (strcmp(routes[j].pattern, routes[i].pattern) == 0)
				operation(w, &routes[j]);
	}
}

/* ---- the document -------------------------------------------------------- */

static void info(struct yw *w)
{
	put(w, "openapi: \"3.1.0\"\n");
	nest(w, 0, "info");
	str(w, 1, "title", "kring API");
	str(w, 1, "version", "1");
	str(w, 1, "description",
	    "The JSON API of kring, for family group conferences. The rules every endpoint "
	    "follows are in docs/api.md. Versions: every answer with one record carries "
	    "ETag \"N\" (its version); PATCH and DELETE need If-Match with it (428 without, 412 "
	    "when stale). Idempotency: a POST may carry Idempotency-Key; the same key and body "
	    "answer the first answer again. Pagination: lists take equality filters, limit "
	    "(1-500, default 50) and after (the next cursor of the previous page) and answer "
	    "{items, next, total}. Errors: application/problem+json (RFC 9457) with a stable "
	    "code. Logging in: every endpoint but GET /healthz, GET /readyz, POST /api/v1/session "
	    "and POST /api/v1/tokens needs Authorization: Bearer TOKEN (a token from POST "
	    "/api/v1/tokens) or the session cookie " SESSION_COOKIE " (set by POST "
	    "/api/v1/session); without a valid one 401 unauthenticated or session_expired. The "
	    "account logged in is the actor recorded with every transition. Generated by kring "
	    "openapi from the data model and the route table.");
	nest(w, 0, "tags");
	for (size_t i = 0; i < model_nentities; i++) {
		if (model_entities[i]->flags & E_INTERNAL)
			continue;
		indent(w, 1);
		put(w, "- name: \"");
		pascal(w, model_entities[i]->name, false);
		put(w, "\"\n");
		str(w, 2, "description", model_entities[i]->title);
	}
	indent(w, 1);
	put(w, "- name: \"lifecycle\"\n");
	str(w, 2, "description", "the actions that move a request (case) through its states");
	indent(w, 1);
	put(w, "- name: \"session\"\n");
	str(w, 2, "description", "logging in and out: browser sessions and API tokens");
	indent(w, 1);
	put(w, "- name: \"invoices\"\n");
	str(w, 2, "description", "invoices and credit notes to funders, as JSON, UBL XML and PDF");
	indent(w, 1);
	put(w, "- name: \"health\"\n");
	str(w, 2, "description", "liveness and readiness");
	/* every operation needs one of the two, unless it says security: [] */
	nest(w, 0, "security");
	indent(w, 1);
	put(w, "- bearer: []\n");
	indent(w, 1);
	put(w, "- session: []\n");
}

int openapi_write(struct buf *out)
{
	struct yw w = { out, 0 };
	info(&w);
	paths(&w);
	nest(&w, 0, "components");
	parameters(&w);
	headers(&w);
	responses(&w);
	schemas(&w);
	security_schemes(&w);
	return w.err ? -1 : 0;
}
