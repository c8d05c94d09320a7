/* Matching coordinators to a request (see domain/matching.h). */
#include "domain/matching.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

static const char *const rule_names[MR__COUNT] = {
	[MR_ACTIVE] = "active",
	[MR_TRAINING] = "training_current",
	[MR_REGION] = "region",
	[MR_MUNICIPALITY] = "municipality",
	[MR_CAPACITY] = "capacity",
	[MR_AVAILABLE] = "available",
	[MR_REFERRER] = "independent_of_referrer",
	[MR_FUNDER] = "independent_of_funder",
	[MR_FAMILY] = "independent_of_family",
};

static const char *const component_names[MC__COUNT] = {
	[MC_LANGUAGE] = "language",
	[MC_GENDER] = "gender",
	[MC_BACKGROUND] = "background",
	[MC_LOAD] = "load",
	[MC_TRAVEL] = "travel",
};

/* the weights when the settings give none */
static const int default_weights[MC__COUNT] = {
	[MC_LANGUAGE] = 40, [MC_GENDER] = 25, [MC_BACKGROUND] = 15, [MC_LOAD] = 10, [MC_TRAVEL] = 10,
};

const char *match_rule_name(enum match_rule r)
{
	return r >= 0 && r < MR__COUNT ? rule_names[r] : NULL;
}

const char *match_component_name(enum match_component c)
{
	return c >= 0 && c < MC__COUNT ? component_names[c] : NULL;
}

void match_settings_default(struct match_settings *set)
{
	memcpy(set->weight, default_weights, sizeof set->weight);
	set->training_months = 24;
}

/* ---- dates -------------------------------------------------------------- */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* the day number of the date months calendar months before date (valid);
 * a day the earlier month lacks becomes its last day */
static int64_t months_before(const char *date, int months)
{
	int y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
	int m = (date[5] - '0') * 10 + (date[6] - '0');
	int d = (date[8] - '0') * 10 + (date[9] - '0');
	int total = y * 12 + (m - 1) - months;
	y = total / 12;
	m = total % 12 + 1;
	if (y < 1900)
		return date_days("1900-01-01");
	if (d > month_days(y, m))
		d = month_days(y, m);
	char out[11];
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return date_days(out);
}

int match_request_days(struct match_request *rq, const char *today, const char *wanted_on,
		       const struct match_settings *set)
{
	if (!today || !date_valid(today) || (wanted_on && !date_valid(wanted_on)))
		return -1;
	if (set->training_months < 1 || set->training_months > 600)
		return -1;
	int64_t wanted = wanted_on ? date_days(wanted_on) : date_days(today) + MATCH_DEFAULT_LEAD_DAYS;
	rq->window_from = (int32_t)(wanted - MATCH_WINDOW_DAYS);
	rq->window_to = (int32_t)(wanted + MATCH_WINDOW_DAYS);
	rq->training_cutoff = (int32_t)months_before(today, set->training_months);
	return 0;
}

/* ---- text --------------------------------------------------------------- */

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool match_same_text(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	while (space(*a))
		a++;
	while (space(*b))
		b++;
	if (!*a || !*b)
		return false;
	while (*a && *b && lower(*a) == lower(*b)) {
		a++;
		b++;
	}
	/* what is left of either may only be trailing white space */
	while (space(*a))
		a++;
	while (space(*b))
		b++;
	return !*a && !*b;
}

/* language codes are short and exact (ISO 639, lowercase) */
static bool has_code(const char *const *list, size_t n, const char *code)
{
	if (!code)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], code) == 0)
			return true;
	return false;
}

static bool has_text(const char *const *list, size_t n, const char *text)
{
	if (!text)
		return false;
	for (size_t i = 0; i < n; i++)
		if (match_same_text(list[i], text))
			return true;
	return false;
}

static bool has_id(const int64_t *list, size_t n, int64_t id)
{
	if (!id)
		return false;
	for (size_t i = 0; i < n; i++)
		if (list[i] == id)
			return true;
	return false;
}

/* ---- one candidate ------------------------------------------------------ */

static bool training_current(const struct match_request *rq, const struct match_candidate *c)
{
	if (c->course_day == MATCH_NO_DAY)
		return false;
	int32_t last = c->refresher_day != MATCH_NO_DAY && c->refresher_day > c->course_day ? c->refresher_day
											     : c->course_day;
	return last >= rq->training_cutoff;
}

static bool available(const struct match_request *rq, const struct match_candidate *c)
{
	for (size_t i = 0; i < c->nunavailable; i++) {
		int32_t from = c->unavailable[2 * i], to = c->unavailable[2 * i + 1];
		if (from <= rq->window_to && to >= rq->window_from)
			return false;
	}
	return true;
}

static bool related(const struct match_request *rq, const struct match_candidate *c)
{
	for (size_t i = 0; i < c->nfamily_relations; i++)
		for (size_t k = 0; k < rq->npersons; k++)
			if (match_same_text(c->family_relations[i], rq->persons[k]))
				return true;
	return false;
}

/* fraction in thousandths of the weight w */
static int32_t part(int w, int32_t thousandths)
{
	return (int32_t)((int64_t)w * thousandths);
}

void match_one(const struct match_request *rq, const struct match_settings *set,
	       const struct match_candidate *c, struct match_result *r)
{
	uint32_t failed = 0;
	bool region = has_id(c->region_ids, c->nregion_ids, rq->region_id);
	bool in_municipality = rq->municipality &&
			       has_text(c->municipalities, c->nmunicipalities, rq->municipality);

	if (!c->active)
		failed |= 1u << MR_ACTIVE;
	if (!training_current(rq, c))
		failed |= 1u << MR_TRAINING;
	if (!region)
		failed |= 1u << MR_REGION;
	if (c->nmunicipalities && rq->municipality && !in_municipality)
		failed |= 1u << MR_MUNICIPALITY;
	if (c->load >= c->capacity)
		failed |= 1u << MR_CAPACITY;
	if (!available(rq, c))
		failed |= 1u << MR_AVAILABLE;
	if (has_id(c->organisation_ids, c->norganisation_ids, rq->referrer_organisation_id))
		failed |= 1u << MR_REFERRER;
	if (has_id(c->funder_ids, c->nfunder_ids, rq->funder_ids[0]) ||
	    has_id(c->funder_ids, c->nfunder_ids, rq->funder_ids[1]))
		failed |= 1u << MR_FUNDER;
	if (c->nfamily_relations && related(rq, c))
		failed |= 1u << MR_FAMILY;
	r->failed = failed;
	r->rank = 0;
	if (failed) {
		/* an excluded coordinator is not ranked: its reasons are what counts */
		memset(r->component, 0, sizeof r->component);
		r->score = 0;
		return;
	}

	int32_t lang = 0;
	if (has_code(c->languages, c->nlanguages, rq->preferred_language))
		lang = 1000;
	else if (has_code(c->languages_basic, c->nlanguages_basic, rq->preferred_language))
		lang = 500;
	if (rq->interpreter_needed && (has_code(c->languages, c->nlanguages, rq->interpreter_language)))
		lang = 1000;
	r->component[MC_LANGUAGE] = part(set->weight[MC_LANGUAGE], lang);
	r->component[MC_GENDER] = part(set->weight[MC_GENDER],
				       rq->preferred_gender && c->gender && strcmp(rq->preferred_gender, c->gender) == 0
					       ? 1000 : 0);
	r->component[MC_BACKGROUND] = part(set->weight[MC_BACKGROUND],
					   has_text(c->backgrounds, c->nbackgrounds, rq->preferred_background) ? 1000
														: 0);
	int32_t free_share = 0;
	if (c->capacity > 0 && c->load < c->capacity)
		free_share = (int32_t)((int64_t)(c->capacity - (c->load > 0 ? c->load : 0)) * 1000 / c->capacity);
	r->component[MC_LOAD] = part(set->weight[MC_LOAD], free_share);
	r->component[MC_TRAVEL] = part(set->weight[MC_TRAVEL], in_municipality ? 1000 : region ? 500 : 0);
	int32_t score = 0;
	for (int k = 0; k < MC__COUNT; k++)
		score += r->component[k];
	r->score = score;
}

/* ---- ranking ------------------------------------------------------------ */

/* what the sort compares, packed so that it stays in cache */
struct key {
	int32_t score;
	uint32_t index;
	int64_t id;
};

static int by_score_then_id(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int by_id(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* true when keys[0..n) are in id order already (a pool read by id is) */
static bool in_id_order(const struct key *keys, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (keys[i - 1].id > keys[i].id)
			return false;
	return true;
}

int match_rank(const struct match_request *rq, const struct match_settings *set,
	       const struct match_candidate *cands, size_t n, struct match_outcome *out)
{
	struct match_result *all = NULL, *res = NULL;
	struct key *keys = NULL, *xkeys = NULL;
	size_t nr = 0, nx = 0;

	out->results = NULL;
	out->nranked = out->nexcluded = 0;
	if (n > UINT32_MAX)
		return -1;
	all = malloc((n ? n : 1) * sizeof *all);
	res = malloc((n ? n : 1) * sizeof *res);
	keys = malloc((n ? n : 1) * sizeof *keys);
	xkeys = malloc((n ? n : 1) * sizeof *xkeys);
	if (!all || !res || !keys || !xkeys)
		goto fail;

	for (size_t i = 0; i < n; i++) {
		struct match_result *r = &all[i];
		r->index = (uint32_t)i;
		match_one(rq, set, &cands[i], r);
		struct key k = { r->score, (uint32_t)i, cands[i].id };
		if (r->failed)
			xkeys[nx++] = k;
		else
			keys[nr++] = k;
	}
	qsort(keys, nr, sizeof *keys, by_score_then_id);
	if (!in_id_order(xkeys, nx))
		qsort(xkeys, nx, sizeof *xkeys, by_id);
	for (size_t i = 0; i < nr; i++) {
		res[i] = all[keys[i].index];
		res[i].rank = (int32_t)(i + 1);
	}
	for (size_t i = 0; i < nx; i++)
		res[nr + i] = all[xkeys[i].index];
	free(all);
	free(keys);
	free(xkeys);
	out->results = res;
	out->nranked = nr;
	out->nexcluded = nx;
	return 0;
fail:
	free(all);
	free(res);
	free(keys);
	free(xkeys);
	return -1;
}

void match_outcome_release(struct match_outcome *out)
{
	if (!out)
		return;
	free(out->results);
	out->results = NULL;
	out->nranked = out->nexcluded = 0;
}
