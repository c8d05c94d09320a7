/*
 * The matching benchmark: ranks a synthetic pool of coordinators (default
 * 100,000) for one request with domain/matching.c, RUNS times, and prints
 * the median time of a ranking. In the same run, on the same machine, it
 * times two baselines: a plain pass over the same array that only sums one
 * field (the least any ranking must cost: reading the pool once), and a
 * qsort of as many ints. Output: one line per figure, "name median_ms", then
 * the ratios; with --json one JSON object.
 *
 *   match_bench [--pool N] [--runs R] [--all-pass] [--json]
 *
 * --all-pass makes every coordinator pass every hard rule (active, trained,
 * serving the region, free, available, independent), so that every one of
 * them is scored and sorted: the worst case for the ranking.
 *
 * The pool is deterministic (a fixed seed): languages from the languages
 * kring offers, two genders, backgrounds, 1-3 regions of 12, some listed
 * municipalities, loads and capacities, training dates, unavailable
 * periods, affiliations and declared relations, so that every rule and
 * every score does its work on a realistic share of the pool.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/matching.h"
#include "util/text.h"

static const char *const LANGS[] = { "nl", "ar", "tr", "ber", "pl", "en", "pap", "so", "ti", "fa", "uk", "ro" };
static const char *const GENDERS[] = { "female", "male" };
static const char *const BACKGROUNDS[] = { "Marokkaans", "Turks", "Surinaams", "Antilliaans", "Pools",
	"Nederlands", "Somalisch", "Eritrees" };
static const char *const TOWNS[] = { "Utrecht", "Nieuwegein", "Zeist", "Amersfoort", "Houten", "IJsselstein" };
static const char *const PEOPLE[] = { "Piet Jansen", "Samira el Amrani", "Kees de Boer", "Anna Visser" };

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* xorshift64*: deterministic and fast */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545F4914F6CDD1Dull) >> 33) % n;
}

struct pool {
	struct match_candidate *c;
	const char **strs; /* every string list, back to back */
	int64_t *ids;      /* every id list */
	int32_t *days;     /* every period */
	size_t n;
};

static int pool_make(struct pool *p, size_t n, int all_pass)
{
	p->n = n;
	p->c = calloc(n, sizeof *p->c);
	p->strs = calloc(n * 8, sizeof *p->strs);
	p->ids = calloc(n * 6, sizeof *p->ids);
	p->days = calloc(n * 4, sizeof *p->days);
	if (!p->c || !p->strs || !p->ids || !p->days)
		return -1;
	int32_t today = (int32_t)date_days("2025-03-10");
	for (size_t i = 0; i < n; i++) {
		struct match_candidate *c = &p->c[i];
		const char **s = p->strs + i * 8;
		int64_t *id = p->ids + i * 6;
		int32_t *d = p->days + i * 4;
		c->id = (int64_t)i + 1;
		c->name = "Coordinator";
		c->active = rnd(20) != 0;
		c->gender = GENDERS[rnd(2)];
		/* Dutch and one or two others to lead in, one basic */
		s[0] = "nl";
		s[1] = LANGS[1 + rnd(N(LANGS) - 1)];
		s[2] = LANGS[1 + rnd(N(LANGS) - 1)];
		c->languages = s;
		c->nlanguages = (uint16_t)(2 + rnd(2));
		if (c->nlanguages == 3 && s[2] == s[1])
			c->nlanguages = 2;
		s[3] = LANGS[rnd(N(LANGS))];
		c->languages_basic = s + 3;
		c->nlanguages_basic = (uint16_t)rnd(2);
		s[4] = BACKGROUNDS[rnd(N(BACKGROUNDS))];
		c->backgrounds = s + 4;
		c->nbackgrounds = 1;
		s[5] = TOWNS[rnd(N(TOWNS))];
		s[6] = TOWNS[rnd(N(TOWNS))];
		c->municipalities = s + 5;
		c->nmunicipalities = (uint16_t)(rnd(4) == 0 ? 2 : 0);
		s[7] = PEOPLE[rnd(N(PEOPLE))];
		c->family_relations = s + 7;
		c->nfamily_relations = (uint16_t)(rnd(10) == 0);
		id[0] = 1 + rnd(12);
		id[1] = 1 + rnd(12);
		id[2] = 1 + rnd(12);
		c->region_ids = id;
		c->nregion_ids = (uint16_t)(1 + rnd(3));
		id[3] = 1 + rnd(200);
		c->organisation_ids = id + 3;
		c->norganisation_ids = (uint16_t)rnd(2);
		id[4] = 1 + rnd(40);
		c->funder_ids = id + 4;
		c->nfunder_ids = (uint16_t)rnd(2);
		c->course_day = rnd(30) == 0 ? MATCH_NO_DAY : today - (int32_t)rnd(3000);
		c->refresher_day = rnd(3) == 0 ? MATCH_NO_DAY : today - (int32_t)rnd(1000);
		c->capacity = (int32_t)(1 + rnd(6));
		c->load = (int32_t)rnd(5);
		d[0] = today + (int32_t)rnd(200);
		d[1] = d[0] + (int32_t)rnd(30);
		d[2] = today + (int32_t)rnd(400);
		d[3] = d[2] + (int32_t)rnd(14);
		c->unavailable = d;
		c->nunavailable = (uint16_t)rnd(3);
		if (all_pass) {
			c->active = true;
			id[0] = 3;
			c->nmunicipalities = 0;
			c->nfamily_relations = 0;
			c->norganisation_ids = 0;
			c->nfunder_ids = 0;
			c->course_day = today - 100;
			c->load = c->capacity - 1;
			c->nunavailable = 0;
		}
	}
	return 0;
}

static void pool_release(struct pool *p)
{
	free(p->c);
	free(p->strs);
	free(p->ids);
	free(p->days);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* keeps the compiler from dropping the baseline's work */
static volatile int64_t sink;

int main(int argc, char **argv)
{
	size_t n = 100000;
	int runs = 51;
	int json = 0, all_pass = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--pool") == 0 && i + 1 < argc)
			n = (size_t)strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--all-pass") == 0)
			all_pass = 1;
		else {
			fprintf(stderr, "usage: match_bench [--pool N] [--runs R] [--all-pass] [--json]\n");
			return 2;
		}
	}
	if (runs < 1 || runs > 10000 || n < 1 || n > 10000000) {
		fprintf(stderr, "match_bench: --runs 1..10000, --pool 1..10000000\n");
		return 2;
	}

	struct pool p;
	double *rank_ms = calloc((size_t)runs, sizeof(double));
	double *pass_ms = calloc((size_t)runs, sizeof(double));
	double *sort_ms = calloc((size_t)runs, sizeof(double));
	int *ints = malloc(n * sizeof *ints), *ints_copy = malloc(n * sizeof *ints);
	if (!rank_ms || !pass_ms || !sort_ms || !ints || !ints_copy || pool_make(&p, n, all_pass) < 0) {
		fprintf(stderr, "match_bench: out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		ints[i] = (int)rnd(1u << 30);

	static const char *const persons[] = { "Samira el Amrani", "Youssef el Amrani" };
	struct match_settings set;
	match_settings_default(&set);
	struct match_request rq = {
		.region_id = 3,
		.municipality = "Utrecht",
		.preferred_language = "ar",
		.preferred_gender = "female",
		.preferred_background = "Marokkaans",
		.referrer_organisation_id = 17,
		.funder_ids = { 5, 0 },
		.persons = persons,
		.npersons = 2,
	};
	if (match_request_days(&rq, "2025-03-10", "2025-05-01", &set) < 0)
		return 1;

	size_t ranked = 0, excluded = 0;
	for (int r = 0; r < runs; r++) {
		struct match_outcome out;
		double t0 = now_ms();
		if (match_rank(&rq, &set, p.c, n, &out) < 0) {
			fprintf(stderr, "match_bench: out of memory\n");
			return 1;
		}
		rank_ms[r] = now_ms() - t0;
		ranked = out.nranked;
		excluded = out.nexcluded;
		match_outcome_release(&out);

		t0 = now_ms();
		int64_t sum = 0;
		for (size_t i = 0; i < n; i++)
			sum += p.c[i].load;
		sink = sum;
		pass_ms[r] = now_ms() - t0;

		memcpy(ints_copy, ints, n * sizeof *ints);
		t0 = now_ms();
		qsort(ints_copy, n, sizeof *ints_copy, cmp_int);
		sort_ms[r] = now_ms() - t0;
	}
	double rank = median(rank_ms, runs), pass = median(pass_ms, runs), sort = median(sort_ms, runs);
	if (json) {
		printf("{\"pool\": %zu, \"runs\": %d, \"ranked\": %zu, \"excluded\": %zu, \"rank_ms\": %.3f, "
		       "\"pass_ms\": %.3f, \"qsort_ms\": %.3f, \"rank_per_pass\": %.1f, \"rank_per_qsort\": %.2f}\n",
		       n, runs, ranked, excluded, rank, pass, sort, rank / (pass > 0 ? pass : 1e-9),
		       rank / (sort > 0 ? sort : 1e-9));
	} else {
		printf("pool %zu coordinators, %d runs: %zu ranked, %zu excluded\n", n, runs, ranked, excluded);
		printf("rank (match_rank)        %8.3f ms median\n", rank);
		printf("baseline: sum one field  %8.3f ms median\n", pass);
		printf("baseline: qsort %zu ints %8.3f ms median\n", n, sort);
		printf("rank / sum pass          %8.1f x\n", rank / (pass > 0 ? pass : 1e-9));
		printf("rank / qsort of ints     %8.2f x\n", rank / (sort > 0 ? sort : 1e-9));
	}
	pool_release(&p);
	free(rank_ms);
	free(pass_ms);
	free(sort_ms);
	free(ints);
	free(ints_copy);
	return 0;
}
