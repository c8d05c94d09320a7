/*
 * Many realistic, fictitious cases at once (kring demo --requests N, the
 * benchmark): each generated as a kring-case/1 object in memory and imported
 * through svc_import_cases, like a file. The proportions follow the figures
 * of the source documents (../shared/design/DOMAIN.md): about 85% of the
 * requests end with a plan, over 90% of the plans are judged safe and
 * feasible, a mean of about ten people at a conference, 86% of the actions
 * by the network and about one in five substituting professional care, two
 * thirds improved at follow-up, 5% worse. Deterministic: a seed gives the
 * same cases.
 */
#include "service/internal.h"

#include <stdio.h>
#include <string.h>

#include "util/text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* splitmix64: small, fast and good enough for fictitious data */
struct rng {
	uint64_t s;
};

static uint64_t next64(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* a number in 0..n-1 */
static int below(struct rng *r, int n)
{
	return (int)(next64(r) % (uint64_t)n);
}

/* true with p percent */
static bool chance(struct rng *r, int p)
{
	return below(r, 100) < p;
}

/* an index by weight */
static int pick(struct rng *r, const int *weights, size_t n)
{
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += weights[i];
	int x = below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < weights[i])
			return (int)i;
		x -= weights[i];
	}
	return 0;
}

static const char *const REGIONS[] = { "Amsterdam", "Rotterdam-Rijnmond", "Utrecht", "Haaglanden", "Twente",
	"Groningen", "Noord-Brabant", "Zuid-Limburg" };
static const char *const ORGANISATIONS[] = { "Jeugdbescherming Regio", "Wijkteam Centrum", "Woningcorporatie De Sleutel",
	"GGZ Kompas", "Veilig Thuis", "Raad voor de Kinderbescherming", "Basisschool De Regenboog", "Huisartsenpraktijk Oost",
	"Maatschappelijk Werk Stad", "Reclassering", "Politie basisteam", "Schuldhulp Samen" };
static const char *const FIRST[] = { "Anna", "Mohamed", "Fatima", "Jan", "Sanne", "Youssef", "Emma", "Kees", "Aylin",
	"Ricardo", "Lotte", "Daan", "Samira", "Pieter", "Noor", "Mehmet", "Ingrid", "Tom", "Hatice", "Joost" };
static const char *const LAST[] = { "de Vries", "Jansen", "El Amrani", "Bakker", "Yilmaz", "Visser", "Smit", "Martina",
	"de Boer", "Mulder", "Bouzid", "Meijer", "de Graaf", "Kaya", "van Dijk", "Hoekstra" };

/* tracks and their share of the requests */
static const char *const TRACKS[] = { "youth_voluntary", "child_protection", "youth_probation", "adult", "eviction",
	"education", "neighbourhood", "other" };
static const int TRACK_WEIGHT[] = { 30, 20, 5, 20, 8, 7, 5, 5 };
/* kinds: family, restoration, group, learning */
static const char *const KINDS[] = { "family", "restoration", "group", "learning" };
static const int KIND_WEIGHT[] = { 88, 5, 4, 3 };
static const int64_t KIND_COST[] = { 400000, 190000, 450000, 190000 };
/* topics: the first few fit the track, then any */
static const char *const TOPICS[] = { "parenting", "divorce", "overload", "psychiatric_problems", "money", "housing",
	"school", "safety", "domestic_violence", "addiction", "health", "work", "independence",
	"return_after_detention", "elderly", "neighbourhood", "restoration", "other" };
static const char *const STOP_REASONS[] = { "declined_by_family", "no_consent", "no_funding", "circumstances",
	"no_network", "other" };
static const int STOP_WEIGHT[] = { 35, 20, 5, 20, 15, 5 };

struct gen {
	struct rng r;
	int64_t n, i;
	int first_year, last_year;
	int64_t year_start[8], year_end[8]; /* days */
	char where[32];
	void (*progress)(void *ctx, int64_t done);
	void *ctx;
};

static void day(int64_t d, char out[11])
{
	date_from_days(d, out);
}

static int64_t days_of(int year, int month, int mday)
{
	char s[11];
	snprintf(s, sizeof s, "%04d-%02d-%02d", year, month, mday);
	return date_days(s);
}

/* the year of case i: more requests every year (about +10%) */
static int year_of(struct gen *g)
{
	int years = g->last_year - g->first_year + 1;
	int w[8];
	for (int y = 0; y < years; y++)
		w[y] = 100 + 10 * y;
	return g->first_year + pick(&g->r, w, (size_t)years);
}

static json_t *topics_for(struct gen *g, const char *track)
{
	json_t *t = json_array();
	int n = 1 + below(&g->r, 3);
	const char *first = strcmp(track, "eviction") == 0 ? "housing"
			    : strcmp(track, "education") == 0 ? "school"
			    : strcmp(track, "neighbourhood") == 0 ? "neighbourhood"
			    : strcmp(track, "adult") == 0 ? "overload" : "parenting";
	json_array_append_new(t, json_string(first));
	for (int i = 1; i < n; i++) {
		const char *x = TOPICS[below(&g->r, (int)N(TOPICS))];
		bool seen = false;
		size_t j;
		json_t *v;
		json_array_foreach(t, j, v)
			seen |= strcmp(json_string_value(v), x) == 0;
		if (!seen)
			json_array_append_new(t, json_string(x));
	}
	return t;
}

static json_t *measures_for(struct gen *g, const char *track, bool followed)
{
	json_t *m = json_array();
	bool youth = strcmp(track, "youth_voluntary") == 0 || strcmp(track, "child_protection") == 0 ||
		     strcmp(track, "youth_probation") == 0;
	struct {
		const char *measure;
		bool applies;
		int threatened, in_place; /* percent of cases */
		int good;                 /* percent prevented or reversed */
	} rows[] = {
		{ "supervision_order", youth, strcmp(track, "child_protection") == 0 ? 45 : 15, 5, 90 },
		{ "out_of_home_placement", youth, 15, 6, 75 },
		{ "eviction", strcmp(track, "eviction") == 0, 95, 0, 85 },
		{ "admission", strcmp(track, "adult") == 0, 10, 3, 60 },
	};
	for (size_t i = 0; i < N(rows); i++) {
		if (!rows[i].applies)
			continue;
		bool threatened = chance(&g->r, rows[i].threatened);
		bool in_place = !threatened && chance(&g->r, rows[i].in_place);
		if (!threatened && !in_place)
			continue;
		json_t *o = json_pack("{s:s, s:i, s:s}", "measure", rows[i].measure, "count",
				      strcmp(rows[i].measure, "eviction") == 0 ? 1 : 1 + below(&g->r, 2), "at_request",
				      threatened ? "threatened" : "in_place");
		if (followed) {
			bool good = chance(&g->r, rows[i].good);
			json_object_set_new(o, "at_follow_up", json_string(threatened ? (good ? "prevented" : "happened")
										 : (good ? "reversed" : "continued")));
		}
		json_array_append_new(m, o);
	}
	return m;
}

static json_t *plan_for(struct gen *g, const json_t *topics, int64_t held)
{
	int verdict = below(&g->r, 100);
	json_t *plan = json_pack("{s:o, s:[]}", "safe_and_feasible",
				 verdict < 91 ? json_true() : verdict < 95 ? json_false() : json_null(), "actions");
	int n = 3 + below(&g->r, 7);
	char due[11];
	for (int i = 0; i < n; i++) {
		bool network = chance(&g->r, 86);
		/* 19% of all actions substitute professional care: 22% of the network's */
		bool substitutes = network && chance(&g->r, 22);
		day(held + 14 + below(&g->r, 90), due);
		json_t *topic = json_array_get(topics, (size_t)below(&g->r, (int)json_array_size(topics)));
		json_array_append_new(json_object_get(plan, "actions"),
				      json_pack("{s:O, s:s, s:b, s:s, s:s, s:b}", "topic", topic, "by",
						network ? "network" : "professional", "substitutes_professional",
						substitutes, "what", network ? "afspraak uit het plan" : "hulp van een professional",
						"due", due, "done", chance(&g->r, 70)));
	}
	day(held + 90, due);
	json_object_set_new(plan, "evaluation_on", json_string(due));
	return plan;
}

static json_t *follow_up_for(struct gen *g, int64_t held, int minors)
{
	char on[11];
	day(held + 90 + below(&g->r, 90), on);
	int s = below(&g->r, 100);
	json_t *sat = json_object();
	json_object_set_new(sat, "main_person", json_integer(6 + below(&g->r, 5)));
	if (minors && chance(&g->r, 60))
		json_object_set_new(sat, "child", json_integer(6 + below(&g->r, 5)));
	if (chance(&g->r, 70))
		json_object_set_new(sat, "network", json_integer(6 + below(&g->r, 5)));
	if (chance(&g->r, 50))
		json_object_set_new(sat, "professional", json_integer(5 + below(&g->r, 6)));
	return json_pack("{s:s, s:s, s:o, s:i}", "on", on, "situation", s < 66 ? "improved" : s < 95 ? "same" : "worse",
			 "satisfaction", sat, "actions_done_pct", 40 + 5 * below(&g->r, 13));
}

static json_t *make_case(struct gen *g)
{
	char ref[32], on[11], held_s[11], name[64];
	int year = year_of(g);
	int64_t from = days_of(year, 1, 1), to = days_of(year, 12, 31);
	int64_t requested = from + below(&g->r, (int)(to - from + 1));
	const char *track = TRACKS[pick(&g->r, TRACK_WEIGHT, N(TRACK_WEIGHT))];
	int kind = strcmp(track, "neighbourhood") == 0 ? 2 : pick(&g->r, KIND_WEIGHT, N(KIND_WEIGHT));
	const char *region = REGIONS[below(&g->r, (int)N(REGIONS))];
	bool youth = strncmp(track, "youth", 5) == 0 || strcmp(track, "child_protection") == 0 ||
		     strcmp(track, "education") == 0;
	int minors = youth ? 1 + below(&g->r, 4) : below(&g->r, 3);

	snprintf(ref, sizeof ref, "DEMO-%08lld", (long long)g->i + 1);
	day(requested, on);
	snprintf(name, sizeof name, "%s %s", FIRST[below(&g->r, (int)N(FIRST))], LAST[below(&g->r, (int)N(LAST))]);
	json_t *topics = topics_for(g, track);
	json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:i, s:[s]}", "ref", ref, "kind", KINDS[kind], "track",
			      track, "region", region, "requested_on", on, "topics", topics, "minors", minors,
			      "main_persons", name);
	if (!c)
		return NULL;
	if (chance(&g->r, 85))
		json_object_set_new(c, "referrer",
				    json_pack("{s:s, s:s}", "type", "professional", "organisation",
					      ORGANISATIONS[below(&g->r, (int)N(ORGANISATIONS))]));
	else
		json_object_set_new(c, "referrer", json_pack("{s:s}", "type", "self"));

	/* how far the case got: the last quarter of the last year is partly open */
	int64_t age = g->year_end[g->last_year - g->first_year] - requested;
	bool open = age < 120 && chance(&g->r, (int)(100 - age * 100 / 120));
	bool funded = !open || chance(&g->r, 60);
	if (funded) {
		char agreement[64], funder[96];
		snprintf(funder, sizeof funder, "Gemeente %s", region);
		snprintf(agreement, sizeof agreement, "Raamovereenkomst %d", year);
		json_object_set_new(c, "funder", json_string(funder));
		json_object_set_new(c, "agreement", json_string(agreement));
	}
	if (funded && (!open || chance(&g->r, 50))) {
		/* forty coordinators, by name */
		int k = below(&g->r, 40);
		snprintf(name, sizeof name, "%s %s", FIRST[k % (int)N(FIRST)], LAST[(k * 7) % (int)N(LAST)]);
		json_object_set_new(c, "coordinator", json_string(name));
	}
	json_object_set_new(c, "measures", json_array());
	if (open)
		return c;
	int o = below(&g->r, 100);
	if (o < 14) {
		json_object_set_new(c, "outcome", json_string("stopped"));
		json_object_set_new(c, "stop_reason", json_string(STOP_REASONS[pick(&g->r, STOP_WEIGHT, N(STOP_WEIGHT))]));
		json_object_set_new(c, "measures", measures_for(g, track, false));
		return c;
	}
	bool without_meeting = o < 22;
	int64_t held = requested + 30 + below(&g->r, 60);
	day(held, held_s);
	json_object_set_new(c, "outcome", json_string(without_meeting ? "plan_without_meeting" : "plan"));
	json_object_set_new(c, "conference_on", json_string(held_s));
	if (!without_meeting)
		json_object_set_new(c, "participants", json_integer(4 + below(&g->r, 8) + below(&g->r, 8)));
	json_object_set_new(c, "plan", plan_for(g, topics, held));
	json_object_set_new(c, "costs_cents", json_integer(KIND_COST[kind] - 20000 + 5000 * below(&g->r, 9)));
	bool followed = age > 240 && chance(&g->r, 75);
	json_object_set_new(c, "measures", measures_for(g, track, followed));
	if (followed)
		json_object_set_new(c, "follow_up", follow_up_for(g, held, minors));
	return c;
}

static int gen_next(void *ctx, json_t **c, struct svc_error *err)
{
	struct gen *g = ctx;
	*c = NULL;
	if (g->i >= g->n)
		return 0;
	*c = make_case(g);
	if (!*c) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		return -1;
	}
	g->i++;
	snprintf(g->where, sizeof g->where, "case %lld", (long long)g->i);
	return 1;
}

static const char *gen_where(void *ctx)
{
	return ((struct gen *)ctx)->where;
}

static void gen_progress(void *ctx, int64_t done)
{
	struct gen *g = ctx;
	if (g->progress)
		g->progress(g->ctx, done);
}

int svc_demo_cases(struct svc *s, int64_t n, unsigned seed, int last_year, void (*progress)(void *ctx, int64_t done),
		   void *ctx, struct svc_import_stats *stats, struct svc_error *err)
{
	struct gen g = { .r = { seed * 0x2545F4914F6CDD1Dull + 1 }, .n = n, .last_year = last_year,
			 .first_year = last_year - 4, .progress = progress, .ctx = ctx };
	if (last_year < 1905 || last_year > 2199) {
		svc_error_set(err, 422, "out_of_range", "last_year", "the last year must be from 1905 to 2199");
		return -1;
	}
	for (int y = g.first_year; y <= last_year; y++) {
		g.year_start[y - g.first_year] = days_of(y, 1, 1);
		g.year_end[y - g.first_year] = days_of(y, 12, 31);
	}
	struct svc_case_source src = { .next = gen_next, .where = gen_where, .ctx = &g, .progress = gen_progress };
	return svc_import_cases(s, &src, stats, err);
}
