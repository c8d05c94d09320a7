/*
 * Cases in and out in the interchange format kring-case/1 (domain/
 * interchange.c; docs/import-format.md): the import of a whole file as one
 * transaction, and the export of cases in the same form, so that export,
 * import into an empty database and export again give the same bytes.
 *
 * The import writes through the store directly rather than through
 * svc_create and the lifecycle actions: an imported case arrives with its
 * history already made (a plan, a verdict, a follow-up), so its state is
 * derived from its content (ix_state) and recorded as one transition
 * "import". One access-log entry covers the whole file.
 */
#include "service/internal.h"

#include <stdio.h>
#include <string.h>

#include "domain/interchange.h"
#include "util/text.h"

/* the children of a case in the order they are removed when a case is
 * imported again (actions before the network members they may name) */
static const struct entity *const replaced[] = {
	&ENTITY_PLAN_ACTION, &ENTITY_VERDICT, &ENTITY_MEASURE, &ENTITY_FOLLOW_UP, &ENTITY_COST,
	&ENTITY_PLAN, &ENTITY_CONFERENCE,
};

/* what an imported record holds where the format has nothing */
#define NOT_RECORDED "(not recorded: imported)"

/* how many rows a list reads at a time */
#define PAGE 1000

/* ---- small helpers ----------------------------------------------------------- */

static int oom(struct svc_error *err)
{
	svc_error_set(err, 500, "internal", "", "out of memory");
	return -1;
}

static void id_key(char out[24], int64_t id)
{
	snprintf(out, 24, "%lld", (long long)id);
}

/* call fn for every record of e matching the filters, by id */
static int each_record(struct svc *s, const struct entity *e, const struct store_filter *f, size_t nf,
		       int (*fn)(void *ctx, const json_t *rec), void *ctx, struct svc_error *err)
{
	int64_t after = 0;
	for (;;) {
		json_t *items = NULL, *rec;
		size_t i, n;
		int rc = s->st->ops->list(s->st, e, f, nf, after, PAGE, &items);
		if (rc != STORE_OK)
			return svc_fail_store(err, rc, e->table);
		n = json_array_size(items);
		json_array_foreach(items, i, rec) {
			if (fn(ctx, rec) < 0) {
				json_decref(items);
				return oom(err);
			}
			after = rec_int(rec, "id");
		}
		json_decref(items);
		if (n < PAGE)
			return 0;
	}
}

/* ---- names: reference data by name (import) and by id (export) --------------- */

struct names {
	json_t *map;        /* key -> id (import) or id -> record (export) */
	const char *field;  /* the name's field */
	bool by_id;
};

static int add_name(void *ctx, const json_t *rec)
{
	struct names *n = ctx;
	char key[24];
	if (n->by_id) {
		id_key(key, rec_int(rec, "id"));
		return json_object_set(n->map, key, (json_t *)rec);
	}
	const char *name = rec_str(rec, n->field);
	if (!name || json_object_get(n->map, name)) /* the first of a name wins */
		return 0;
	return json_object_set_new(n->map, name, json_integer(rec_int(rec, "id")));
}

static int load_names(struct svc *s, const struct entity *e, bool by_id, json_t **map, struct svc_error *err)
{
	struct names n = { .map = json_object(), .field = "name", .by_id = by_id };
	if (!n.map)
		return oom(err);
	if (each_record(s, e, NULL, 0, add_name, &n, err) < 0) {
		json_decref(n.map);
		return -1;
	}
	*map = n.map;
	return 0;
}

/* ---- import ------------------------------------------------------------------- */

struct import {
	struct svc *s;
	const struct svc_case_source *src;
	json_t *regions, *organisations, *funders, *coordinators;
	json_t *agreements;      /* "funder_id/name" -> id */
	json_t *agreement_start; /* id of an agreement made by this import -> earliest requested_on */
	json_t *agreement_made;  /* ... -> the requested_on it was made with */
	json_t *refs;            /* ref -> where it was read, in this file */
	bool lookup;             /* the database held cases: look each ref up */
	json_t *defaults[32];    /* per entity (model_entities order): its fields' defaults */
	struct svc_import_stats *stats;
};

/*
 * Add the model's defaults for the fields rec leaves out: the validator
 * fills them in for every other writer, and their columns are NOT NULL.
 * The defaults of an entity are parsed once per import.
 */
static int fill_defaults(struct import *x, const struct entity *e, json_t *rec)
{
	size_t i;
	for (i = 0; i < model_nentities && model_entities[i] != e; i++)
		;
	if (i >= sizeof x->defaults / sizeof x->defaults[0])
		return -1;
	if (!x->defaults[i]) {
		x->defaults[i] = json_object();
		for (size_t k = 0; x->defaults[i] && k < e->nfields; k++) {
			const struct field *f = &e->fields[k];
			if (f->dflt && json_object_set_new(x->defaults[i], f->name,
							   json_loads(f->dflt, JSON_DECODE_ANY, NULL)) < 0)
				return -1;
		}
		if (!x->defaults[i])
			return -1;
	}
	return json_object_update_missing(rec, x->defaults[i]);
}

/* the id of the record of e named name, made with the fields of make when
 * there is none (make is consumed) */
static int by_name(struct import *x, json_t *map, const char *key, const struct entity *e, json_t *make,
		   int64_t *id, struct svc_error *err)
{
	json_t *known = json_object_get(map, key);
	if (known) {
		json_decref(make);
		*id = json_integer_value(known);
		return 0;
	}
	if (!make || fill_defaults(x, e, make) < 0) {
		json_decref(make);
		return oom(err);
	}
	int rc = x->s->st->ops->insert_id(x->s->st, e, make, id);
	json_decref(make);
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, e->table);
	if (json_object_set_new(map, key, json_integer(*id)) < 0)
		return oom(err);
	return 0;
}

static int region_id(struct import *x, const char *name, int64_t *id, struct svc_error *err)
{
	return by_name(x, x->regions, name, &ENTITY_REGION, json_pack("{s:s}", "name", name), id, err);
}

static int named_id(struct import *x, json_t *map, const struct entity *e, const char *name, int64_t *id,
		    struct svc_error *err)
{
	json_t *make = NULL;
	*id = 0;
	if (!name)
		return 0;
	if (!json_object_get(map, name)) {
		if (e == &ENTITY_COORDINATOR)
			make = json_pack("{s:s}", "name", name); /* the rest: the model's defaults */
		else /* organisations and funders: of kind "other" until someone says otherwise */
			make = json_pack("{s:s, s:s}", "name", name, "type", "other");
	}
	return by_name(x, map, name, e, make, id, err);
}

/* the funder's agreement called name; one made here starts on the earliest
 * request that uses it */
static int agreement_id(struct import *x, int64_t funder, const char *name, const char *requested_on, int64_t *id,
			struct svc_error *err)
{
	char key[260], idk[24];
	*id = 0;
	if (!name)
		return 0;
	snprintf(key, sizeof key, "%lld/%s", (long long)funder, name);
	bool made = !json_object_get(x->agreements, key);
	json_t *make = made ? json_pack("{s:I, s:s, s:s}", "funder_id", (json_int_t)funder, "name", name,
					"starts_on", requested_on)
			    : NULL;
	if (by_name(x, x->agreements, key, &ENTITY_AGREEMENT, make, id, err) < 0)
		return -1;
	id_key(idk, *id);
	const char *start = json_string_value(json_object_get(x->agreement_start, idk));
	if (made && json_object_set_new(x->agreement_made, idk, json_string(requested_on)) < 0)
		return oom(err);
	if (made || (start && date_cmp(requested_on, start) < 0))
		if (json_object_set_new(x->agreement_start, idk, json_string(requested_on)) < 0)
			return oom(err);
	return 0;
}

static int add_agreement(void *ctx, const json_t *rec)
{
	char key[260];
	snprintf(key, sizeof key, "%lld/%s", (long long)rec_int(rec, "funder_id"), rec_str(rec, "name"));
	if (json_object_get(ctx, key))
		return 0;
	return json_object_set_new(ctx, key, json_integer(rec_int(rec, "id")));
}

static int import_start(struct import *x, struct svc_error *err)
{
	int64_t n = 0;
	int rc = x->s->st->ops->count(x->s->st, &ENTITY_REQUEST, NULL, 0, &n);
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, "requests");
	x->lookup = n > 0;
	if (!x->lookup) {
		/* into a database without cases: the store may load in bulk */
		static const struct entity *const loaded[] = {
			&ENTITY_REQUEST, &ENTITY_NETWORK_MEMBER, &ENTITY_CONFERENCE, &ENTITY_PLAN, &ENTITY_PLAN_ACTION,
			&ENTITY_VERDICT, &ENTITY_MEASURE, &ENTITY_FOLLOW_UP, &ENTITY_COST,
		};
		rc = x->s->st->ops->bulk_load(x->s->st, loaded, sizeof loaded / sizeof loaded[0]);
		if (rc != STORE_OK)
			return svc_fail_store(err, rc, "requests");
	}
	x->agreements = json_object();
	x->agreement_start = json_object();
	x->agreement_made = json_object();
	x->refs = json_object();
	if (!x->agreements || !x->agreement_start || !x->agreement_made || !x->refs)
		return oom(err);
	if (load_names(x->s, &ENTITY_REGION, false, &x->regions, err) < 0 ||
	    load_names(x->s, &ENTITY_ORGANISATION, false, &x->organisations, err) < 0 ||
	    load_names(x->s, &ENTITY_FUNDER, false, &x->funders, err) < 0 ||
	    load_names(x->s, &ENTITY_COORDINATOR, false, &x->coordinators, err) < 0)
		return -1;
	return each_record(x->s, &ENTITY_AGREEMENT, NULL, 0, add_agreement, x->agreements, err);
}

static void import_release(struct import *x)
{
	json_decref(x->regions);
	json_decref(x->organisations);
	json_decref(x->funders);
	json_decref(x->coordinators);
	json_decref(x->agreements);
	json_decref(x->agreement_start);
	json_decref(x->agreement_made);
	json_decref(x->refs);
	for (size_t i = 0; i < sizeof x->defaults / sizeof x->defaults[0]; i++)
		json_decref(x->defaults[i]);
}

/* insert a child record of the case; its id is not needed */
static int put(struct import *x, const struct entity *e, json_t *rec, struct svc_error *err)
{
	if (!rec || fill_defaults(x, e, rec) < 0) {
		json_decref(rec);
		return oom(err);
	}
	int rc = x->s->st->ops->insert_id(x->s->st, e, rec, NULL);
	json_decref(rec);
	return rc == STORE_OK ? 0 : svc_fail_store(err, rc, e->table);
}

struct removal {
	struct svc *s;
	const struct entity *e;
	int rc;
};

static int remove_one(void *ctx, const json_t *rec)
{
	struct removal *r = ctx;
	r->rc = r->s->st->ops->remove(r->s->st, r->e, rec_int(rec, "id"), -1);
	return 0;
}

/* remove every record of e under the case id */
static int remove_children(struct import *x, const struct entity *e, int64_t id, struct svc_error *err)
{
	json_t *v = json_integer(id);
	struct store_filter f = { .field = model_parent(e), .value = v, .cmp = STORE_EQ };
	struct removal r = { .s = x->s, .e = e, .rc = STORE_OK };
	int ret;
	/* removing while paging by id is safe: the next page starts after the last id seen */
	ret = v ? each_record(x->s, e, &f, 1, remove_one, &r, err) : oom(err);
	json_decref(v);
	if (ret == 0 && r.rc != STORE_OK)
		ret = svc_fail_store(err, r.rc, e->table);
	return ret;
}

/* the latest date the case names: when a stopped case ended */
static const char *last_date(const json_t *c)
{
	const char *d = rec_str(c, "requested_on"), *on = rec_str(c, "conference_on");
	if (on && date_cmp(on, d) > 0)
		d = on;
	on = rec_str(json_object_get(c, "follow_up"), "on");
	if (on && date_cmp(on, d) > 0)
		d = on;
	return d;
}

/* the request's own fields from the case */
static json_t *request_fields(struct import *x, const json_t *c, int64_t region, int64_t org, int64_t funder,
			      int64_t agreement, int64_t coordinator)
{
	const char *outcome = rec_str(c, "outcome");
	bool stopped = outcome && strcmp(outcome, "stopped") == 0;
	(void)x;
	json_t *r = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:O, s:O, s:s, s:s?, s:s?, s:s?}",
			      "ref", rec_str(c, "ref"), "requested_on", rec_str(c, "requested_on"),
			      "region_id", (json_int_t)region,
			      "referrer_type", rec_str(json_object_get(c, "referrer"), "type"),
			      "kind", rec_str(c, "kind"), "track", rec_str(c, "track"),
			      "topics", json_object_get(c, "topics"), "minors", json_object_get(c, "minors"),
			      "state", ix_state(c), "outcome", stopped ? NULL : outcome,
			      "stop_reason", rec_str(c, "stop_reason"), "closed_on", stopped ? last_date(c) : NULL);
	if (!r)
		return NULL;
	json_object_set_new(r, "referrer_organisation_id", org ? json_integer(org) : json_null());
	json_object_set_new(r, "funder_id", funder ? json_integer(funder) : json_null());
	json_object_set_new(r, "agreement_id", agreement ? json_integer(agreement) : json_null());
	json_object_set_new(r, "funding_source", agreement ? json_string("agreement")
						 : funder ? json_string("other_funder") : json_null());
	json_object_set_new(r, "coordinator_id", coordinator ? json_integer(coordinator) : json_null());
	if (json_object_get(c, "main_persons"))
		json_object_set(r, "main_persons", json_object_get(c, "main_persons"));
	return r;
}

/* the id of the case with this ref in the database, or 0 */
static int find_ref(struct import *x, const char *ref, int64_t *id, struct svc_error *err)
{
	json_t *v = json_string(ref), *items = NULL;
	struct store_filter f = { .field = model_field(&ENTITY_REQUEST, "ref"), .value = v, .cmp = STORE_EQ };
	*id = 0;
	if (!v)
		return oom(err);
	int rc = x->s->st->ops->list(x->s->st, &ENTITY_REQUEST, &f, 1, 0, 1, &items);
	json_decref(v);
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, "requests");
	json_t *rec = json_array_get(items, 0);
	if (rec)
		*id = rec_int(rec, "id");
	json_decref(items);
	return 0;
}

static int put_plan(struct import *x, int64_t id, const json_t *c, struct svc_error *err)
{
	const json_t *plan = json_object_get(c, "plan"), *a;
	const json_t *verdict = json_object_get(plan, "safe_and_feasible");
	size_t i;

	if (!plan)
		return 0;
	if (put(x, &ENTITY_PLAN, json_pack("{s:I, s:s?, s:s?}", "request_id", (json_int_t)id, "evaluation_on",
					   rec_str(plan, "evaluation_on"), "fallback", rec_str(plan, "fallback")),
		err) < 0)
		return -1;
	json_array_foreach(json_object_get(plan, "actions"), i, a) {
		if (put(x, &ENTITY_PLAN_ACTION,
			json_pack("{s:I, s:s, s:s, s:s, s:s?, s:b, s:b}", "request_id", (json_int_t)id, "topic",
				  rec_str(a, "topic"), "what", rec_str(a, "what") ? rec_str(a, "what") : NOT_RECORDED,
				  "by", rec_str(a, "by"), "due_on", rec_str(a, "due"), "done", rec_bool(a, "done"),
				  "substitutes_professional", rec_bool(a, "substitutes_professional")),
			err) < 0)
			return -1;
	}
	if (!json_is_boolean(verdict))
		return 0;
	const char *on = rec_str(c, "conference_on") ? rec_str(c, "conference_on") : rec_str(c, "requested_on");
	return put(x, &ENTITY_VERDICT,
		   json_pack("{s:I, s:b, s:s, s:s, s:s?}", "request_id", (json_int_t)id, "safe_and_feasible",
			     json_is_true(verdict), "by_name", NOT_RECORDED, "judged_on", on, "reasons",
			     json_is_true(verdict) ? NULL : NOT_RECORDED),
		   err);
}

static int put_follow_up(struct import *x, int64_t id, const json_t *c, struct svc_error *err)
{
	const json_t *fu = json_object_get(c, "follow_up");
	if (!fu)
		return 0;
	json_t *rec = json_pack("{s:I, s:s, s:s, s:s?}", "request_id", (json_int_t)id, "follow_up_on",
				rec_str(fu, "on"), "kind", "follow_up", "situation", rec_str(fu, "situation"));
	const json_t *sat = json_object_get(fu, "satisfaction");
	static const char *const grades[][2] = {
		{ "main_person", "satisfaction_main_person" }, { "child", "satisfaction_child" },
		{ "network", "satisfaction_network" }, { "professional", "satisfaction_professional" },
	};
	for (size_t i = 0; rec && i < sizeof grades / sizeof grades[0]; i++)
		if (json_object_get(sat, grades[i][0]))
			json_object_set(rec, grades[i][1], json_object_get(sat, grades[i][0]));
	if (rec && json_object_get(fu, "actions_done_pct"))
		json_object_set(rec, "actions_done_pct", json_object_get(fu, "actions_done_pct"));
	return put(x, &ENTITY_FOLLOW_UP, rec, err);
}

/* every record under the case, from the case */
static int put_children(struct import *x, int64_t id, const json_t *c, struct svc_error *err)
{
	const char *outcome = rec_str(c, "outcome");
	bool held = outcome && strcmp(outcome, "stopped") != 0;
	const json_t *m;
	size_t i;

	json_array_foreach(json_object_get(c, "network"), i, m) {
		if (put(x, &ENTITY_NETWORK_MEMBER,
			json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:b, s:b}", "request_id", (json_int_t)id, "name",
				  rec_str(m, "name"), "relation", rec_str(m, "relation"), "role",
				  rec_str(m, "role") ? rec_str(m, "role") : "network", "do_not_invite", 0, "invited", 0,
				  "consented", 0, "attended", 0),
			err) < 0)
			return -1;
	}
	if (held || json_object_get(c, "conference_on") || json_object_get(c, "participants")) {
		json_t *conf = json_pack("{s:I, s:s?, s:s?}", "request_id", (json_int_t)id, "held_on",
					 rec_str(c, "conference_on"), "outcome", held ? outcome : NULL);
		if (conf && json_object_get(c, "participants"))
			json_object_set(conf, "participants_present", json_object_get(c, "participants"));
		if (put(x, &ENTITY_CONFERENCE, conf, err) < 0)
			return -1;
	}
	if (put_plan(x, id, c, err) < 0)
		return -1;
	json_array_foreach(json_object_get(c, "measures"), i, m) {
		if (put(x, &ENTITY_MEASURE,
			json_pack("{s:I, s:s, s:O, s:s, s:s?}", "request_id", (json_int_t)id, "measure",
				  rec_str(m, "measure"), "count", json_object_get(m, "count"), "at_request",
				  rec_str(m, "at_request"), "at_follow_up", rec_str(m, "at_follow_up")),
			err) < 0)
			return -1;
	}
	if (json_object_get(c, "costs_cents") &&
	    put(x, &ENTITY_COST, json_pack("{s:I, s:s, s:O, s:s}", "request_id", (json_int_t)id, "kind", "other",
					   "amount_cents", json_object_get(c, "costs_cents"), "description",
					   "costs of the case (" IX_FORMAT ")"),
		err) < 0)
		return -1;
	return put_follow_up(x, id, c, err);
}

/* one case, checked: made, or made again over the case with its ref */
static int import_case(struct import *x, const json_t *c, struct svc_error *err)
{
	const char *ref = rec_str(c, "ref"), *requested_on = rec_str(c, "requested_on");
	int64_t region, org, funder, agreement, coordinator, id = 0;
	json_t *r = NULL;
	int rc;

	if (region_id(x, rec_str(c, "region"), &region, err) < 0 ||
	    named_id(x, x->organisations, &ENTITY_ORGANISATION, rec_str(json_object_get(c, "referrer"), "organisation"),
		     &org, err) < 0 ||
	    named_id(x, x->funders, &ENTITY_FUNDER, rec_str(c, "funder"), &funder, err) < 0 ||
	    agreement_id(x, funder, rec_str(c, "agreement"), requested_on, &agreement, err) < 0 ||
	    named_id(x, x->coordinators, &ENTITY_COORDINATOR, rec_str(c, "coordinator"), &coordinator, err) < 0)
		return -1;
	if (x->lookup && find_ref(x, ref, &id, err) < 0)
		return -1;
	r = request_fields(x, c, region, org, funder, agreement, coordinator);
	if (!r)
		return oom(err);
	if (id) {
		json_object_del(r, "ref"); /* immutable, and the same */
		rc = x->s->st->ops->update(x->s->st, &ENTITY_REQUEST, id, -1, r, NULL);
		for (size_t i = 0; rc == STORE_OK && i < sizeof replaced / sizeof replaced[0]; i++)
			if (remove_children(x, replaced[i], id, err) < 0) {
				json_decref(r);
				return -1;
			}
		if (rc == STORE_OK && json_object_get(c, "network") &&
		    remove_children(x, &ENTITY_NETWORK_MEMBER, id, err) < 0) {
			json_decref(r);
			return -1;
		}
		x->stats->updated++;
	} else {
		/* a new case: the model's defaults for what the format does not hold */
		if (!json_object_get(r, "main_persons"))
			json_object_set_new(r, "main_persons", json_array());
		rc = fill_defaults(x, &ENTITY_REQUEST, r) < 0 ? STORE_ERROR
							      : x->s->st->ops->insert_id(x->s->st, &ENTITY_REQUEST, r, &id);
		x->stats->created++;
	}
	json_decref(r);
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, "requests");
	/* no transition: the case's history happened elsewhere; the import's
	 * access-log entry records who brought it in and when */
	return put_children(x, id, c, err);
}

/* agreements made by this import start on the earliest request using them */
static int fix_agreement_starts(struct import *x, struct svc_error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(x->agreement_start, key, v) {
		int64_t id;
		if (parse_int64(key, 1, INT64_MAX, &id) < 0 || json_equal(v, json_object_get(x->agreement_made, key)))
			continue; /* made with its earliest date already */
		json_t *ch = json_pack("{s:O}", "starts_on", v);
		int rc = ch ? x->s->st->ops->update(x->s->st, &ENTITY_AGREEMENT, id, -1, ch, NULL) : STORE_ERROR;
		json_decref(ch);
		if (rc != STORE_OK)
			return svc_fail_store(err, rc, "agreements");
	}
	return 0;
}

/* prefix the place a case was read from to err's detail */
static void at_place(struct import *x, struct svc_error *err)
{
	char detail[sizeof err->detail];
	const char *where = x->src->where ? x->src->where(x->src->ctx) : NULL;
	if (!where)
		return;
	if (snprintf(detail, sizeof detail, "%s: %s", where, err->detail) >= (int)sizeof detail)
		detail[sizeof detail - 1] = '\0'; /* a long reason loses its end */
	memcpy(err->detail, detail, sizeof detail);
}

static int import_all(struct import *x, struct svc_error *err)
{
	struct ix_error ie;
	json_t *c = NULL;
	int64_t done = 0;
	int got;

	if (import_start(x, err) < 0)
		return -1;
	while ((got = x->src->next(x->src->ctx, &c, err)) > 0) {
		const char *where = x->src->where ? x->src->where(x->src->ctx) : "";
		if (ix_check_case(c, &ie) < 0) {
			svc_error_set(err, 422, "invalid", ie.path, "%s%s%s", ie.path, ie.path[0] ? ": " : "", ie.reason);
			goto bad;
		}
		const char *ref = rec_str(c, "ref");
		const char *first = json_string_value(json_object_get(x->refs, ref));
		if (first) {
			svc_error_set(err, 422, "duplicate_ref", "ref", "ref: %s appears twice in the file (first at %s)",
				      ref, first);
			goto bad;
		}
		if (json_object_set_new(x->refs, ref, json_string(where ? where : "")) < 0) {
			oom(err);
			goto bad;
		}
		if (import_case(x, c, err) < 0)
			goto bad;
		json_decref(c);
		c = NULL;
		if (++done % 1000 == 0 && x->src->progress)
			x->src->progress(x->src->ctx, done);
	}
	if (got < 0)
		return -1;
	return fix_agreement_starts(x, err);
bad:
	at_place(x, err);
	json_decref(c);
	return -1;
}

int svc_import_cases(struct svc *s, const struct svc_case_source *src, struct svc_import_stats *stats,
		     struct svc_error *err)
{
	struct import x = { .s = s, .src = src, .stats = stats };
	int ret = -1;

	stats->created = stats->updated = 0;
	if (svc_begin_logged(s, err) < 0)
		return -1;
	if (import_all(&x, err) < 0)
		goto cleanup;
	/* one entry for the whole file: the cases it made or changed */
	if (stats->created + stats->updated > 0 &&
	    svc_audit(s, stats->updated ? "update" : "create", "success", &ENTITY_REQUEST, 0, 0, err) < 0)
		goto cleanup;
	if (svc_commit(s, err) < 0)
		goto cleanup;
	ret = 0;
cleanup:
	if (ret < 0)
		s->st->ops->rollback(s->st);
	import_release(&x);
	return ret;
}

/* ---- export ------------------------------------------------------------------- */

struct export {
	struct svc *s;
	const struct svc_case_sink *sink;
	json_t *regions, *organisations, *funders, *agreements, *coordinators; /* id -> record */
	json_t *children[8]; /* per entity of kids[]: request id -> array of its records */
};

/* the records under a case that the format holds */
static const struct entity *const kids[] = {
	&ENTITY_NETWORK_MEMBER, &ENTITY_CONFERENCE, &ENTITY_PLAN, &ENTITY_PLAN_ACTION,
	&ENTITY_VERDICT, &ENTITY_MEASURE, &ENTITY_FOLLOW_UP, &ENTITY_COST,
};
enum { K_NETWORK, K_CONFERENCE, K_PLAN, K_ACTION, K_VERDICT, K_MEASURE, K_FOLLOW_UP, K_COST };

static const char *name_of(json_t *map, int64_t id)
{
	char key[24];
	if (!id)
		return NULL;
	id_key(key, id);
	return rec_str(json_object_get(map, key), "name");
}

static int group(void *ctx, const json_t *rec)
{
	json_t *map = ctx;
	char key[24];
	id_key(key, rec_int(rec, "request_id"));
	json_t *a = json_object_get(map, key);
	if (!a) {
		a = json_array();
		if (!a || json_object_set_new(map, key, a) < 0)
			return -1;
	}
	return json_array_append(a, (json_t *)rec);
}

/* the children of the cases in ids, grouped by case */
static int load_children(struct export *x, json_t *ids, struct svc_error *err)
{
	for (size_t k = 0; k < sizeof kids / sizeof kids[0]; k++) {
		struct store_filter f = { .field = model_parent(kids[k]), .value = ids, .cmp = STORE_IN };
		json_decref(x->children[k]);
		x->children[k] = json_object();
		if (!x->children[k])
			return oom(err);
		if (each_record(x->s, kids[k], &f, 1, group, x->children[k], err) < 0)
			return -1;
	}
	return 0;
}

static json_t *kids_of(struct export *x, int k, int64_t id)
{
	char key[24];
	id_key(key, id);
	return json_object_get(x->children[k], key);
}

/* set key to a copy of rec's field when it is not null */
static int copy_field(json_t *to, const char *key, const json_t *rec, const char *field)
{
	json_t *v = json_object_get(rec, field);
	if (!v || json_is_null(v))
		return 0;
	return json_object_set(to, key, v);
}

static json_t *export_plan(struct export *x, int64_t id)
{
	json_t *plan_rec = json_array_get(kids_of(x, K_PLAN, id), 0);
	json_t *actions = kids_of(x, K_ACTION, id), *verdicts = kids_of(x, K_VERDICT, id);
	json_t *a;
	size_t i;

	if (!plan_rec && !actions && !verdicts)
		return json_null();
	json_t *last = json_array_get(verdicts, json_array_size(verdicts) - 1);
	json_t *plan = json_pack("{s:o, s:[]}", "safe_and_feasible",
				 last ? json_boolean(rec_bool(last, "safe_and_feasible")) : json_null(), "actions");
	if (!plan)
		return NULL;
	copy_field(plan, "evaluation_on", plan_rec, "evaluation_on");
	copy_field(plan, "fallback", plan_rec, "fallback");
	json_array_foreach(actions, i, a) {
		json_t *o = json_pack("{s:O, s:O, s:b, s:O, s:b}", "topic", json_object_get(a, "topic"), "by",
				      json_object_get(a, "by"), "substitutes_professional",
				      rec_bool(a, "substitutes_professional"), "what", json_object_get(a, "what"), "done",
				      rec_bool(a, "done"));
		if (!o)
			goto fail;
		copy_field(o, "due", a, "due_on");
		if (json_array_append_new(json_object_get(plan, "actions"), o) < 0)
			goto fail;
	}
	return plan;
fail:
	json_decref(plan);
	return NULL;
}

/* the last follow-up: the latest date, of those the latest written */
static json_t *export_follow_up(struct export *x, int64_t id)
{
	json_t *fus = kids_of(x, K_FOLLOW_UP, id), *f, *last = NULL;
	size_t i;
	static const char *const grades[][2] = {
		{ "main_person", "satisfaction_main_person" }, { "child", "satisfaction_child" },
		{ "network", "satisfaction_network" }, { "professional", "satisfaction_professional" },
	};

	json_array_foreach(fus, i, f) {
		if (!last || date_cmp(rec_str(f, "follow_up_on"), rec_str(last, "follow_up_on")) >= 0)
			last = f;
	}
	if (!last)
		return json_null();
	json_t *o = json_pack("{s:O}", "on", json_object_get(last, "follow_up_on")), *sat = json_object();
	if (!o || !sat) {
		json_decref(o);
		json_decref(sat);
		return NULL;
	}
	copy_field(o, "situation", last, "situation");
	copy_field(o, "actions_done_pct", last, "actions_done_pct");
	for (size_t g = 0; g < sizeof grades / sizeof grades[0]; g++)
		copy_field(sat, grades[g][0], last, grades[g][1]);
	if (json_object_size(sat))
		json_object_set(o, "satisfaction", sat);
	json_decref(sat);
	return o;
}

/* one case in kring-case/1 */
static json_t *export_case(struct export *x, const json_t *r)
{
	int64_t id = rec_int(r, "id");
	char ref[32];
	json_t *c = NULL, *v;
	size_t i;

	/* a case entered in kring without a ref is named by its id */
	snprintf(ref, sizeof ref, "kring-%lld", (long long)id);
	c = json_pack("{s:s, s:O, s:O, s:s?, s:O, s:{s:O}, s:O, s:O, s:[]}",
		      "ref", rec_str(r, "ref") ? rec_str(r, "ref") : ref,
		      "kind", json_object_get(r, "kind"), "track", json_object_get(r, "track"),
		      "region", name_of(x->regions, rec_int(r, "region_id")),
		      "requested_on", json_object_get(r, "requested_on"),
		      "referrer", "type", json_object_get(r, "referrer_type"),
		      "topics", json_object_get(r, "topics"), "minors", json_object_get(r, "minors"),
		      "measures");
	if (!c)
		return NULL;
	const char *org = name_of(x->organisations, rec_int(r, "referrer_organisation_id"));
	if (org)
		json_object_set_new(json_object_get(c, "referrer"), "organisation", json_string(org));
	int64_t funder = rec_int(r, "funder_id");
	json_t *agr = NULL;
	if (rec_int(r, "agreement_id")) {
		char key[24];
		id_key(key, rec_int(r, "agreement_id"));
		agr = json_object_get(x->agreements, key);
		copy_field(c, "agreement", agr, "name");
		if (!funder)
			funder = rec_int(agr, "funder_id");
	}
	if (name_of(x->funders, funder))
		json_object_set_new(c, "funder", json_string(name_of(x->funders, funder)));
	if (name_of(x->coordinators, rec_int(r, "coordinator_id")))
		json_object_set_new(c, "coordinator", json_string(name_of(x->coordinators, rec_int(r, "coordinator_id"))));
	const char *state = rec_str(r, "state");
	if (state && strcmp(state, "stopped") == 0)
		json_object_set_new(c, "outcome", json_string("stopped"));
	else
		copy_field(c, "outcome", r, "outcome");
	copy_field(c, "stop_reason", r, "stop_reason");
	json_t *conf = json_array_get(kids_of(x, K_CONFERENCE, id), 0);
	copy_field(c, "conference_on", conf, "held_on");
	copy_field(c, "participants", conf, "participants_present");
	v = export_plan(x, id);
	if (!v)
		goto fail;
	if (json_is_null(v))
		json_decref(v);
	else
		json_object_set_new(c, "plan", v);
	json_array_foreach(kids_of(x, K_MEASURE, id), i, v) {
		json_t *m = json_pack("{s:O, s:O, s:O}", "measure", json_object_get(v, "measure"), "count",
				      json_object_get(v, "count"), "at_request", json_object_get(v, "at_request"));
		if (!m)
			goto fail;
		copy_field(m, "at_follow_up", v, "at_follow_up");
		json_array_append_new(json_object_get(c, "measures"), m);
	}
	json_t *costs = kids_of(x, K_COST, id);
	if (json_array_size(costs)) {
		json_int_t sum = 0;
		json_array_foreach(costs, i, v)
			sum += rec_int(v, "amount_cents");
		json_object_set_new(c, "costs_cents", json_integer(sum));
	}
	v = export_follow_up(x, id);
	if (!v)
		goto fail;
	if (json_is_null(v))
		json_decref(v);
	else
		json_object_set_new(c, "follow_up", v);
	if (!x->sink->without_persons) {
		json_t *persons = json_object_get(r, "main_persons");
		if (json_array_size(persons))
			json_object_set(c, "main_persons", persons);
		json_t *net = kids_of(x, K_NETWORK, id);
		if (json_array_size(net)) {
			json_t *list = json_array();
			json_object_set_new(c, "network", list);
			json_array_foreach(net, i, v)
				json_array_append_new(list, json_pack("{s:O, s:O, s:O}", "name", json_object_get(v, "name"),
								      "relation", json_object_get(v, "relation"), "role",
								      json_object_get(v, "role")));
		}
	}
	return c;
fail:
	json_decref(c);
	return NULL;
}

static int export_page(struct export *x, json_t *page, int64_t *count, struct svc_error *err)
{
	json_t *ids = json_array(), *r;
	size_t i;
	int ret = -1;

	if (!ids)
		return oom(err);
	json_array_foreach(page, i, r)
		json_array_append_new(ids, json_integer(rec_int(r, "id")));
	if (load_children(x, ids, err) < 0)
		goto cleanup;
	json_array_foreach(page, i, r) {
		json_t *c = export_case(x, r);
		if (!c) {
			oom(err);
			goto cleanup;
		}
		int rc = x->sink->emit(x->sink->ctx, c);
		json_decref(c);
		if (rc != 0) {
			svc_error_set(err, 500, "internal", "", "cannot write the export");
			goto cleanup;
		}
		(*count)++;
	}
	ret = 0;
cleanup:
	json_decref(ids);
	return ret;
}

static int export_all(struct export *x, int64_t *count, struct svc_error *err)
{
	struct store_filter f[2];
	json_t *from = NULL, *to = NULL;
	size_t nf = 0;
	int64_t after = 0;
	int ret = -1;

	if (load_names(x->s, &ENTITY_REGION, true, &x->regions, err) < 0 ||
	    load_names(x->s, &ENTITY_ORGANISATION, true, &x->organisations, err) < 0 ||
	    load_names(x->s, &ENTITY_FUNDER, true, &x->funders, err) < 0 ||
	    load_names(x->s, &ENTITY_AGREEMENT, true, &x->agreements, err) < 0 ||
	    load_names(x->s, &ENTITY_COORDINATOR, true, &x->coordinators, err) < 0)
		return -1;
	const struct field *on = model_field(&ENTITY_REQUEST, "requested_on");
	if (x->sink->from) {
		from = json_string(x->sink->from);
		f[nf++] = (struct store_filter){ .field = on, .value = from, .cmp = STORE_GE };
	}
	if (x->sink->to) {
		to = json_string(x->sink->to);
		f[nf++] = (struct store_filter){ .field = on, .value = to, .cmp = STORE_LE };
	}
	for (;;) {
		json_t *page = NULL;
		/* a page of cases, then their records in one list per kind */
		int rc = x->s->st->ops->list(x->s->st, &ENTITY_REQUEST, f, nf, after, 500, &page);
		if (rc != STORE_OK) {
			svc_fail_store(err, rc, "requests");
			goto cleanup;
		}
		size_t n = json_array_size(page);
		if (n)
			after = rec_int(json_array_get(page, n - 1), "id");
		rc = n ? export_page(x, page, count, err) : 0;
		json_decref(page);
		if (rc < 0)
			goto cleanup;
		if (n < 500)
			break;
	}
	ret = 0;
cleanup:
	json_decref(from);
	json_decref(to);
	return ret;
}

int svc_export_cases(struct svc *s, const struct svc_case_sink *sink, int64_t *count, struct svc_error *err)
{
	struct export x = { .s = s, .sink = sink };
	int ret = -1;

	*count = 0;
	/* the export discloses the cases: its entry is written (and kept) first */
	if (svc_begin_logged(s, err) < 0)
		return -1;
	if (svc_audit(s, "export", "success", &ENTITY_REQUEST, 0, 0, err) < 0) {
		s->st->ops->rollback(s->st);
		return -1;
	}
	if (svc_commit(s, err) < 0)
		return -1;
	/* one snapshot for the whole export */
	if (svc_begin(s, false, err) < 0)
		return -1;
	ret = export_all(&x, count, err);
	s->st->ops->rollback(s->st);
	json_decref(x.regions);
	json_decref(x.organisations);
	json_decref(x.funders);
	json_decref(x.agreements);
	json_decref(x.coordinators);
	for (size_t k = 0; k < sizeof x.children / sizeof x.children[0]; k++)
		json_decref(x.children[k]);
	return ret;
}
