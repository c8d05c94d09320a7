/*
 * Matching coordinators to a request (domain/matching.c does the rules and
 * scores), the choice kept on the case, and the coordinators' own
 * availability. This file reads the request, its network and the pool
 * (store/matching_sql.c: every coordinator with their load in one
 * statement) into the domain's plain structs, and writes the answer:
 *
 *   {request_id, as_on, wanted_on, wanted_on_given, window: {from, to},
 *    training_current_months, weights: {language, ...}, pool,
 *    candidates: [{coordinator_id, name, rank, score, components: {...},
 *                  passed: [...], gender, languages, languages_basic,
 *                  backgrounds, load, capacity, municipality_served}],
 *    excluded: [{coordinator_id, name, reasons: [...], load, capacity}]}
 *
 * Scores and components are points (the weight times a fraction, to three
 * decimals). Who may: whoever may assign the coordinator of the case (its
 * region's regional manager; commands).
 */
#include "service/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/matching.h"
#include "store/matching_sql.h"
#include "util/config.h"
#include "util/text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* what a kept shortlist holds at most (the rest is counted) */
#define KEPT_CANDIDATES 100
#define KEPT_EXCLUDED 1000

static int oom(struct svc_error *err)
{
	svc_error_set(err, 500, "internal", "", "out of memory");
	return -1;
}

/* ---- settings ----------------------------------------------------------- */

/* the settings, names as in util/config.c (env KRING_MATCH_WEIGHT_LANGUAGE
 * ...); a value that is no whole number in range keeps the default */
static void read_settings(struct match_settings *set)
{
	static const char *const names[MC__COUNT] = {
		[MC_LANGUAGE] = "match_weight_language",
		[MC_GENDER] = "match_weight_gender",
		[MC_BACKGROUND] = "match_weight_background",
		[MC_LOAD] = "match_weight_load",
		[MC_TRAVEL] = "match_weight_travel",
	};
	int64_t v;
	match_settings_default(set);
	for (int k = 0; k < MC__COUNT; k++) {
		const char *text = config_value(names[k], NULL, NULL);
		if (text && parse_int64(text, 0, 1000, &v) == 0)
			set->weight[k] = (int)v;
	}
	const char *months = config_value("training_current_months", NULL, NULL);
	if (months && parse_int64(months, 1, 600, &v) == 0)
		set->training_months = (int)v;
}

/* ---- the pool ----------------------------------------------------------- */

/* the list columns of a pool row, parsed once */
static const enum matching_col LIST_COLS[] = { MCOL_LANGUAGES, MCOL_LANGUAGES_BASIC, MCOL_BACKGROUNDS,
	MCOL_REGION_IDS, MCOL_MUNICIPALITIES, MCOL_UNAVAILABLE, MCOL_REFRESHER_DATES, MCOL_ORGANISATION_IDS,
	MCOL_FUNDER_IDS, MCOL_FAMILY_RELATIONS };
enum { L_LANG, L_BASIC, L_BACK, L_REGIONS, L_TOWNS, L_UNAVAIL, L_REFRESH, L_ORGS, L_FUNDERS, L_FAMILY, L__COUNT };

/* the pool as the domain sees it; every string and list points into rows
 * and lists, which it owns */
struct pool {
	json_t *rows;                  /* the statement's rows */
	json_t *lists;                 /* per row an array of L__COUNT parsed lists */
	struct match_candidate *c;
	size_t n;
	const char **strs;
	int64_t *ids;
	int32_t *days;
};

static void pool_release(struct pool *p)
{
	json_decref(p->rows);
	json_decref(p->lists);
	free(p->c);
	free(p->strs);
	free(p->ids);
	free(p->days);
	memset(p, 0, sizeof *p);
}

static json_t *cell(const json_t *row, enum matching_col col)
{
	return json_array_get(row, (size_t)col);
}

/* a list column's JSON text as an array (an empty one when it is none) */
static json_t *parse_list(const json_t *v)
{
	json_t *a = json_is_string(v) ? json_loads(json_string_value(v), 0, NULL) : NULL;
	if (!json_is_array(a)) {
		json_decref(a);
		a = json_array();
	}
	return a;
}

static uint16_t count16(size_t n)
{
	return (uint16_t)(n > UINT16_MAX ? UINT16_MAX : n);
}

/* the strings of list into dst; their number */
static uint16_t fill_strs(const json_t *list, const char **dst)
{
	size_t i, n = 0;
	json_t *v;
	json_array_foreach(list, i, v)
		if (json_is_string(v) && n < UINT16_MAX)
			dst[n++] = json_string_value(v);
	return (uint16_t)n;
}

static uint16_t fill_ids(const json_t *list, int64_t *dst)
{
	size_t i, n = 0;
	json_t *v;
	json_array_foreach(list, i, v)
		if (json_is_integer(v) && n < UINT16_MAX)
			dst[n++] = json_integer_value(v);
	return (uint16_t)n;
}

/* "YYYY-MM-DD/YYYY-MM-DD" into two day numbers; -1 when it is none */
static int period_days(const char *s, int32_t out[2])
{
	char from[11], to[11];
	if (!s || strlen(s) != 21 || s[10] != '/')
		return -1;
	memcpy(from, s, 10);
	from[10] = '\0';
	memcpy(to, s + 11, 10);
	to[10] = '\0';
	if (!date_valid(from) || !date_valid(to))
		return -1;
	out[0] = (int32_t)date_days(from);
	out[1] = (int32_t)date_days(to);
	return 0;
}

static int32_t day_of(const char *s)
{
	return s && date_valid(s) ? (int32_t)date_days(s) : MATCH_NO_DAY;
}

/* read the pool: every coordinator with their load, by id */
static int pool_load(struct svc *s, struct pool *p, struct svc_error *err)
{
	size_t i, k, nstrs = 0, nids = 0, ndays = 0;
	json_t *row;

	memset(p, 0, sizeof *p);
	int rc = matching_sql_pool(s->st, &p->rows);
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, "coordinators");
	p->n = json_array_size(p->rows);
	if (!(p->lists = json_array()))
		return oom(err);
	json_array_foreach(p->rows, i, row) {
		json_t *lists = json_array();
		if (!lists || json_array_append_new(p->lists, lists) < 0)
			return oom(err);
		for (k = 0; k < L__COUNT; k++) {
			json_t *l = parse_list(cell(row, LIST_COLS[k]));
			if (!l || json_array_append_new(lists, l) < 0)
				return oom(err);
			size_t len = json_array_size(l);
			if (k == L_REGIONS || k == L_ORGS || k == L_FUNDERS)
				nids += len;
			else if (k == L_UNAVAIL)
				ndays += 2 * len;
			else if (k != L_REFRESH)
				nstrs += len;
		}
	}
	p->c = calloc(p->n ? p->n : 1, sizeof *p->c);
	p->strs = calloc(nstrs ? nstrs : 1, sizeof *p->strs);
	p->ids = calloc(nids ? nids : 1, sizeof *p->ids);
	p->days = calloc(ndays ? ndays : 1, sizeof *p->days);
	if (!p->c || !p->strs || !p->ids || !p->days)
		return oom(err);

	const char **strs = p->strs;
	int64_t *ids = p->ids;
	int32_t *days = p->days;
	json_array_foreach(p->rows, i, row) {
		struct match_candidate *c = &p->c[i];
		const json_t *lists = json_array_get(p->lists, i), *v;
		const json_t *active = cell(row, MCOL_ACTIVE);
		c->id = json_integer_value(cell(row, MCOL_ID));
		c->name = json_string_value(cell(row, MCOL_NAME));
		c->active = json_is_true(active) || (json_is_integer(active) && json_integer_value(active) != 0);
		c->gender = json_string_value(cell(row, MCOL_GENDER));
		c->capacity = (int32_t)json_integer_value(cell(row, MCOL_CAPACITY));
		c->load = (int32_t)json_integer_value(cell(row, MCOL_LOAD));
		c->course_day = day_of(json_string_value(cell(row, MCOL_COURSE_ON)));
		c->refresher_day = MATCH_NO_DAY;
		json_array_foreach(json_array_get(lists, L_REFRESH), k, v) {
			int32_t d = day_of(json_string_value(v));
			if (d != MATCH_NO_DAY && d > c->refresher_day)
				c->refresher_day = d;
		}
#define STRS(field, nfield, l)                                                     \
	c->field = strs;                                                           \
	c->nfield = fill_strs(json_array_get(lists, l), strs);                     \
	strs += c->nfield;
#define IDS(field, nfield, l)                                                      \
	c->field = ids;                                                            \
	c->nfield = fill_ids(json_array_get(lists, l), ids);                       \
	ids += c->nfield;
		STRS(languages, nlanguages, L_LANG)
		STRS(languages_basic, nlanguages_basic, L_BASIC)
		STRS(backgrounds, nbackgrounds, L_BACK)
		STRS(municipalities, nmunicipalities, L_TOWNS)
		STRS(family_relations, nfamily_relations, L_FAMILY)
		IDS(region_ids, nregion_ids, L_REGIONS)
		IDS(organisation_ids, norganisation_ids, L_ORGS)
		IDS(funder_ids, nfunder_ids, L_FUNDERS)
#undef STRS
#undef IDS
		c->unavailable = days;
		size_t np = 0;
		json_array_foreach(json_array_get(lists, L_UNAVAIL), k, v)
			if (np < UINT16_MAX && period_days(json_string_value(v), days + 2 * np) == 0)
				np++;
		c->nunavailable = count16(np);
		days += 2 * np;
	}
	return 0;
}

/* ---- the request -------------------------------------------------------- */

/* what the request brings: its facts, and the names of its people (which
 * names points into: main_persons and the network's records in held) */
struct facts {
	struct match_request rq;
	const char **names;
	json_t *held;
	const char *wanted_on;
	char wanted[11];
};

static void facts_release(struct facts *f)
{
	free(f->names);
	json_decref(f->held);
}

/* every member of the network of request_id, by id */
static int network_of(struct svc *s, int64_t request_id, json_t *into, struct svc_error *err)
{
	json_t *value = json_integer(request_id), *page = NULL;
	struct store_filter f = { model_field(&ENTITY_NETWORK_MEMBER, "request_id"), value, STORE_EQ };
	int64_t after = 0;
	int ret = 0;
	for (;;) {
		int rc = s->st->ops->list(s->st, &ENTITY_NETWORK_MEMBER, &f, 1, after, 500, &page);
		if (rc != STORE_OK) {
			ret = svc_fail_store(err, rc, "network_member");
			break;
		}
		size_t n = json_array_size(page);
		if (n)
			after = rec_int(json_array_get(page, n - 1), "id");
		json_array_extend(into, page);
		json_decref(page);
		page = NULL;
		if (n < 500)
			break;
	}
	json_decref(value);
	return ret;
}

static int facts_load(struct svc *s, const json_t *request, const struct match_settings *set, const char *on,
		      struct facts *f, struct svc_error *err)
{
	memset(f, 0, sizeof *f);
	struct match_request *rq = &f->rq;
	int64_t request_id = rec_int(request, "id");
	json_t *members = json_array(), *ag = NULL;
	if (!members || !(f->held = json_array()) || json_array_append_new(f->held, members) < 0) {
		json_decref(members);
		return oom(err);
	}
	if (network_of(s, request_id, members, err) < 0)
		return -1;

	rq->region_id = rec_int(request, "region_id");
	rq->municipality = rec_str(request, "municipality");
	rq->preferred_language = rec_str(request, "preferred_language");
	rq->preferred_gender = rec_str(request, "preferred_gender");
	rq->preferred_background = rec_str(request, "preferred_background");
	rq->interpreter_needed = rec_bool(request, "interpreter_needed");
	rq->interpreter_language = rec_str(request, "interpreter_language");
	rq->referrer_organisation_id = rec_int(request, "referrer_organisation_id");
	rq->funder_ids[0] = rec_int(request, "funder_id");
	int64_t agreement_id = rec_int(request, "agreement_id");
	if (agreement_id) {
		int rc = s->st->ops->get(s->st, &ENTITY_AGREEMENT, agreement_id, &ag);
		if (rc != STORE_OK && rc != STORE_NOT_FOUND)
			return svc_fail_store(err, rc, "agreement");
		rq->funder_ids[1] = rec_int(ag, "funder_id");
		json_decref(ag);
	}

	/* the people of the case: main persons and every member of the network */
	const json_t *mains = json_object_get(request, "main_persons");
	size_t cap = json_array_size(mains) + json_array_size(members), n = 0, i;
	json_t *v;
	f->names = calloc(cap ? cap : 1, sizeof *f->names);
	if (!f->names)
		return oom(err);
	json_array_foreach(mains, i, v)
		if (json_is_string(v))
			f->names[n++] = json_string_value(v);
	json_array_foreach(members, i, v)
		if (rec_str(v, "name"))
			f->names[n++] = rec_str(v, "name");
	rq->persons = f->names;
	rq->npersons = n;

	f->wanted_on = rec_str(request, "wanted_on");
	if (match_request_days(rq, on, f->wanted_on, set) < 0) {
		svc_error_set(err, 500, "internal", "", "the dates for matching are not valid");
		return -1;
	}
	date_from_days(rq->window_from + MATCH_WINDOW_DAYS, f->wanted);
	return 0;
}

/* ---- the answer --------------------------------------------------------- */

static json_t *points(int32_t thousandths)
{
	/* whole points as integers, so that the answer reads as it is meant */
	if (thousandths % 1000 == 0)
		return json_integer(thousandths / 1000);
	return json_real((double)thousandths / 1000.0);
}

static json_t *rule_list(uint32_t mask, bool failed)
{
	json_t *a = json_array();
	for (int r = 0; a && r < MR__COUNT; r++)
		if (((mask >> r) & 1u) == failed)
			json_array_append_new(a, json_string(match_rule_name((enum match_rule)r)));
	return a;
}

static json_t *candidate_json(const struct pool *p, const struct facts *f, const struct match_result *r)
{
	const struct match_candidate *c = &p->c[r->index];
	const json_t *lists = json_array_get(p->lists, r->index);
	json_t *components = json_object();
	for (int k = 0; components && k < MC__COUNT; k++)
		json_object_set_new(components, match_component_name((enum match_component)k), points(r->component[k]));
	bool served = false;
	for (size_t i = 0; f->rq.municipality && i < c->nmunicipalities; i++)
		served |= match_same_text(c->municipalities[i], f->rq.municipality);
	return json_pack("{s:I, s:s?, s:i, s:o, s:o, s:o, s:s?, s:O, s:O, s:O, s:i, s:i, s:b}", "coordinator_id",
			 (json_int_t)c->id, "name", c->name, "rank", (int)r->rank, "score", points(r->score),
			 "components", components, "passed", rule_list(0, false), "gender", c->gender,
			 "languages", json_array_get(lists, L_LANG), "languages_basic", json_array_get(lists, L_BASIC),
			 "backgrounds", json_array_get(lists, L_BACK), "load", (int)c->load, "capacity",
			 (int)c->capacity, "municipality_served", served);
}

static json_t *excluded_json(const struct pool *p, const struct match_result *r)
{
	const struct match_candidate *c = &p->c[r->index];
	return json_pack("{s:I, s:s?, s:o, s:i, s:i}", "coordinator_id", (json_int_t)c->id, "name", c->name,
			 "reasons", rule_list(r->failed, true), "load", (int)c->load, "capacity", (int)c->capacity);
}

static json_t *weights_json(const struct match_settings *set)
{
	json_t *w = json_object();
	for (int k = 0; w && k < MC__COUNT; k++)
		json_object_set_new(w, match_component_name((enum match_component)k), json_integer(set->weight[k]));
	return w;
}

/*
 * The matching of request (read in the open transaction) as the answer
 * above, as on the day on (YYYY-MM-DD; NULL: today): training counts back
 * from it, and without a wanted date the window lies 6 weeks after it. At
 * most max_candidates and max_excluded of each (0: all), the totals in
 * candidates_total and excluded_total.
 */
static int match_build(struct svc *s, const json_t *request, const char *on, size_t max_candidates,
		       size_t max_excluded, json_t **out, struct svc_error *err)
{
	struct match_settings set;
	struct pool pool;
	struct facts facts;
	struct match_outcome oc = { 0 };
	json_t *doc = NULL, *cands = NULL, *excl = NULL;
	int ret = -1;

	char today[11];
	*out = NULL;
	read_settings(&set);
	memset(&facts, 0, sizeof facts);
	if (!on) {
		date_today(today);
		on = today;
	}
	if (pool_load(s, &pool, err) < 0 || facts_load(s, request, &set, on, &facts, err) < 0)
		goto done;
	/* this case itself does not count against its own coordinator: a
	 * reassignment may keep them */
	int st = state_from_name(rec_str(request, "state"));
	int64_t current = rec_int(request, "coordinator_id");
	if (current && st >= ST_COORDINATOR_ASSIGNED && st <= ST_FOLLOW_UP)
		for (size_t i = 0; i < pool.n; i++)
			if (pool.c[i].id == current && pool.c[i].load > 0)
				pool.c[i].load--;
	if (match_rank(&facts.rq, &set, pool.c, pool.n, &oc) < 0) {
		oom(err);
		goto done;
	}
	cands = json_array();
	excl = json_array();
	if (!cands || !excl) {
		oom(err);
		goto done;
	}
	for (size_t i = 0; i < oc.nranked && (!max_candidates || i < max_candidates); i++)
		if (json_array_append_new(cands, candidate_json(&pool, &facts, &oc.results[i])) < 0) {
			oom(err);
			goto done;
		}
	for (size_t i = 0; i < oc.nexcluded && (!max_excluded || i < max_excluded); i++)
		if (json_array_append_new(excl, excluded_json(&pool, &oc.results[oc.nranked + i])) < 0) {
			oom(err);
			goto done;
		}
	char from[11], to[11];
	date_from_days(facts.rq.window_from, from);
	date_from_days(facts.rq.window_to, to);
	doc = json_pack("{s:I, s:s, s:s, s:b, s:{s:s, s:s}, s:i, s:o, s:I, s:I, s:I, s:O, s:O}", "request_id",
			(json_int_t)rec_int(request, "id"), "as_on", on, "wanted_on", facts.wanted, "wanted_on_given",
			facts.wanted_on != NULL, "window", "from", from, "to", to, "training_current_months",
			set.training_months, "weights", weights_json(&set), "pool", (json_int_t)pool.n,
			"candidates_total", (json_int_t)oc.nranked, "excluded_total", (json_int_t)oc.nexcluded,
			"candidates", cands, "excluded", excl);
	if (!doc) {
		oom(err);
		goto done;
	}
	*out = doc;
	doc = NULL;
	ret = 0;
done:
	json_decref(doc);
	json_decref(cands);
	json_decref(excl);
	match_outcome_release(&oc);
	facts_release(&facts);
	pool_release(&pool);
	return ret;
}

static int match_once(struct svc *s, int64_t request_id, json_t **out, struct svc_error *err)
{
	json_t *request = NULL;
	int ret = -1;

	*out = NULL;
	if (svc_precheck(s, OP_ACT, &ENTITY_REQUEST, "assign-coordinator", request_id, 0, err) < 0)
		return -1;
	if (svc_begin_logged(s, err) < 0)
		return -1;
	int rc = s->st->ops->get(s->st, &ENTITY_REQUEST, request_id, &request);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "request");
		goto rollback;
	}
	if (svc_authorize(s, OP_ACT, &ENTITY_REQUEST, "assign-coordinator", request, err) < 0)
		goto rollback;
	if (match_build(s, request, NULL, 0, 0, out, err) < 0)
		goto rollback;
	/* the case's facts were read (its wishes and its people's names) */
	if (svc_audit(s, "read", "success", &ENTITY_REQUEST, request_id, request_id, err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0)
		goto done;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	if (ret < 0) {
		json_decref(*out);
		*out = NULL;
	}
	json_decref(request);
	return ret;
}

int svc_match(struct svc *s, int64_t request_id, json_t **out, struct svc_error *err)
{
	int ret;
	for (int attempt = 0;; attempt++) {
		ret = match_once(s, request_id, out, err);
		if (ret == 0 || !svc_retry(err, attempt))
			return ret;
	}
}

/* ---- the choice (assign-coordinator) ------------------------------------ */

/* the entry of coordinator_id in the array list, or NULL */
static const json_t *entry_of(const json_t *list, int64_t coordinator_id)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
		if (rec_int(v, "coordinator_id") == coordinator_id)
			return v;
	return NULL;
}

int svc_match_choose(struct svc *s, const json_t *request, int64_t coordinator_id, const char *note,
		     const char *on, struct svc_error *err)
{
	json_t *all = NULL, *kept = NULL, *choice = NULL, *stored = NULL;
	char *shortlist = NULL, *weights = NULL;
	int ret = -1;

	if (match_build(s, request, on, 0, 0, &all, err) < 0)
		goto done;
	const json_t *excluded = entry_of(json_object_get(all, "excluded"), coordinator_id);
	if (excluded) {
		char reasons[200] = "";
		size_t i, used = 0;
		json_t *r;
		json_array_foreach(json_object_get(excluded, "reasons"), i, r) {
			int n = snprintf(reasons + used, sizeof reasons - used, "%s%s", i ? ", " : "",
					 json_string_value(r));
			if (n < 0 || (size_t)n >= sizeof reasons - used)
				break;
			used += (size_t)n;
		}
		svc_error_set(err, 422, "invalid", "coordinator_id",
			      "coordinator %lld is excluded for this request by the hard rules: %s",
			      (long long)coordinator_id, reasons);
		goto done;
	}
	const json_t *chosen = entry_of(json_object_get(all, "candidates"), coordinator_id);
	if (!chosen) {
		svc_error_set(err, 422, "unknown_reference", "coordinator_id", "coordinator %lld does not exist",
			      (long long)coordinator_id);
		goto done;
	}
	/* what is kept: the shortlist of this moment, cut to a readable size,
	 * with the choice itself */
	kept = json_deep_copy(all);
	if (!kept) {
		oom(err);
		goto done;
	}
	json_t *cands = json_object_get(kept, "candidates"), *excl = json_object_get(kept, "excluded");
	while (json_array_size(cands) > KEPT_CANDIDATES)
		json_array_remove(cands, json_array_size(cands) - 1);
	while (json_array_size(excl) > KEPT_EXCLUDED)
		json_array_remove(excl, json_array_size(excl) - 1);
	json_object_set(kept, "chosen", (json_t *)chosen);
	shortlist = json_dumps(kept, JSON_COMPACT | JSON_REAL_PRECISION(15));
	weights = json_dumps(json_object_get(all, "weights"), JSON_COMPACT);
	if (!shortlist || !weights) {
		oom(err);
		goto done;
	}
	choice = json_pack("{s:I, s:I, s:s, s:s?, s:s?, s:s, s:s}", "request_id", (json_int_t)rec_int(request, "id"),
			   "coordinator_id", (json_int_t)coordinator_id, "chosen_on", on, "chosen_by",
			   s->actor && *s->actor ? s->actor : NULL, "reason", note, "shortlist", shortlist,
			   "weights", weights);
	if (!choice) {
		oom(err);
		goto done;
	}
	int rc = s->st->ops->insert(s->st, &ENTITY_COORDINATOR_CHOICE, choice, &stored);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "coordinator_choice");
		goto done;
	}
	ret = 0;
done:
	free(shortlist);
	free(weights);
	json_decref(all);
	json_decref(kept);
	json_decref(choice);
	json_decref(stored);
	return ret;
}

/* ---- a coordinator's own availability ----------------------------------- */

/* may the account keep the availability of coordinator_id? */
static int authorize_availability(struct svc *s, int64_t coordinator_id, struct svc_error *err)
{
	json_t *facts = json_pack("{s:I}", "coordinator_id", (json_int_t)coordinator_id);
	if (!facts)
		return oom(err);
	int r = svc_authorize(s, OP_AVAILABILITY, &ENTITY_COORDINATOR, NULL, facts, err);
	json_decref(facts);
	if (r < 0 && err->status == 404)
		svc_error_set(err, 404, "not_found", "", "no such coordinator");
	return r;
}

static int availability_once(struct svc *s, int64_t coordinator_id, int64_t if_match, const json_t *unavailable,
			     json_t **out, struct svc_error *err)
{
	const struct field *f = model_field(&ENTITY_COORDINATOR, "unavailable");
	json_t *old = NULL, *merged = NULL, *changes = NULL;
	struct verr v;
	int ret = -1;

	*out = NULL;
	if (authorize_availability(s, coordinator_id, err) < 0)
		return -1;
	if (unavailable) {
		if (validate_value(f, unavailable, &v) < 0)
			return svc_fail_validation(err, &v);
	}
	if (svc_begin_logged(s, err) < 0)
		return -1;
	int rc = s->st->ops->get(s->st, &ENTITY_COORDINATOR, coordinator_id, &old);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "coordinator");
		goto rollback;
	}
	if (unavailable) {
		if (if_match >= 0 && rec_int(old, "version") != if_match) {
			svc_fail_store(err, STORE_CONFLICT, "coordinator");
			goto rollback;
		}
		changes = json_pack("{s:O}", "unavailable", unavailable);
		merged = changes ? rec_merge(old, changes) : NULL;
		if (!merged) {
			oom(err);
			goto rollback;
		}
		if (validate_rules(&ENTITY_COORDINATOR, merged, &v) < 0) {
			svc_fail_validation(err, &v);
			goto rollback;
		}
		rc = s->st->ops->update(s->st, &ENTITY_COORDINATOR, coordinator_id, rec_int(old, "version"), changes,
					out);
		if (rc != STORE_OK) {
			svc_fail_store(err, rc, "coordinator");
			goto rollback;
		}
		if (svc_audit(s, "update", "success", &ENTITY_COORDINATOR, coordinator_id, 0, err) < 0)
			goto rollback;
	} else {
		*out = json_incref(old);
		if (svc_audit(s, "read", "success", &ENTITY_COORDINATOR, coordinator_id, 0, err) < 0)
			goto rollback;
	}
	if (svc_commit(s, err) < 0)
		goto done;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	if (ret < 0) {
		json_decref(*out);
		*out = NULL;
	}
	json_decref(old);
	json_decref(merged);
	json_decref(changes);
	return ret;
}

int svc_availability(struct svc *s, int64_t coordinator_id, int64_t if_match, const json_t *unavailable,
		     json_t **out, struct svc_error *err)
{
	int ret;
	for (int attempt = 0;; attempt++) {
		ret = availability_once(s, coordinator_id, if_match, unavailable, out, err);
		if (ret == 0 || !svc_retry(err, attempt))
			return ret;
	}
}
