#ifndef KRING_DOMAIN_MATCHING_H
#define KRING_DOMAIN_MATCHING_H
/*
 * Matching coordinators to a request, with the reasons: which hard rules
 * exclude a coordinator, and how the soft scores rank the others. Pure: no
 * I/O, no jansson. The service (service/matching.c) reads the request, its
 * network and the pool into the plain structs below; the benchmark
 * (bench/match_bench.c) fills them with a synthetic pool.
 *
 * Hard rules (a coordinator failing any is excluded, with every rule it
 * fails): active; training current (the last refresher course, or the
 * 6-day course when there is no refresher yet, within the configured number
 * of months; no course at all fails); serves the request's region; serves
 * its municipality when the coordinator lists municipalities; below
 * capacity (running cases); available around the wanted date (the wanted
 * date, else today + 42 days, plus and minus 7 days, overlaps no period
 * unavailable); independent of the referring organisation, of the funder,
 * and of the family (no declared relation named like a main person or a
 * member of the network).
 *
 * Soft scores, each a weight times a fraction: language (the preferred
 * language is one the coordinator leads conferences in: 1; understood at a
 * basic level: 1/2; an interpreter is needed and the coordinator speaks the
 * language to interpret: 1), gender (as preferred: 1), background (one of
 * the coordinator's, ignoring case: 1), load (1 - load / capacity), travel
 * (the request's municipality is one the coordinator lists: 1; the region
 * only: 1/2). Scores are kept in thousandths of a point, so that ranking is
 * exact; ties are broken by the lower id.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* a day number (days since 1970-01-01) that stands for "no date" */
#define MATCH_NO_DAY INT32_MIN
/* the window around the wanted date, in days either side */
#define MATCH_WINDOW_DAYS 7
/* the wanted date when the request gives none: today plus this many days */
#define MATCH_DEFAULT_LEAD_DAYS 42

/* the hard rules, in the order they are reported */
enum match_rule {
	MR_ACTIVE,
	MR_TRAINING,
	MR_REGION,
	MR_MUNICIPALITY,
	MR_CAPACITY,
	MR_AVAILABLE,
	MR_REFERRER,
	MR_FUNDER,
	MR_FAMILY,
	MR__COUNT
};

/* the soft score components */
enum match_component {
	MC_LANGUAGE,
	MC_GENDER,
	MC_BACKGROUND,
	MC_LOAD,
	MC_TRAVEL,
	MC__COUNT
};

/* the settings: weights (points for a full match) and the training period */
struct match_settings {
	int weight[MC__COUNT];  /* each 0..1000 */
	int training_months;    /* 1..600 */
};

/* the request's facts as matching needs them */
struct match_request {
	int64_t region_id;
	const char *municipality;         /* NULL: not given */
	const char *preferred_language;   /* NULL: no wish */
	const char *preferred_gender;     /* NULL: no wish */
	const char *preferred_background; /* NULL: no wish */
	bool interpreter_needed;
	const char *interpreter_language; /* NULL: not given */
	int64_t referrer_organisation_id; /* 0: none */
	int64_t funder_ids[2];            /* the request's funder and its agreement's; 0: none */
	const char *const *persons;       /* main persons and network members' names */
	size_t npersons;
	/* derived by match_request_days */
	int32_t window_from, window_to;   /* the days around the wanted date */
	int32_t training_cutoff;          /* training on or after this day is current */
};

/* one coordinator of the pool; every pointer borrowed */
struct match_candidate {
	int64_t id;
	const char *name;
	bool active;
	const char *gender;              /* NULL: not given */
	const char *const *languages;    /* leads conferences in */
	const char *const *languages_basic;
	const char *const *backgrounds;
	const char *const *municipalities;
	const char *const *family_relations;
	const int64_t *region_ids;
	const int64_t *organisation_ids;
	const int64_t *funder_ids;
	const int32_t *unavailable;      /* pairs of day numbers: first, last */
	uint16_t nlanguages, nlanguages_basic, nbackgrounds, nmunicipalities, nfamily_relations;
	uint16_t nregion_ids, norganisation_ids, nfunder_ids, nunavailable; /* nunavailable: pairs */
	int32_t course_day;              /* the 6-day course, or MATCH_NO_DAY */
	int32_t refresher_day;           /* the last refresher course, or MATCH_NO_DAY */
	int32_t capacity;
	int32_t load;                    /* running cases */
};

/* what matching says of one candidate */
struct match_result {
	uint32_t index;                   /* into the candidates given */
	uint32_t failed;                  /* bit (1u << enum match_rule) per rule failed */
	int32_t component[MC__COUNT];     /* thousandths of a point */
	int32_t score;                    /* their sum */
	int32_t rank;                     /* 1.. for the ranked; 0 for the excluded */
};

/* the ranked candidates (best first), then the excluded ones (by id) */
struct match_outcome {
	struct match_result *results; /* nranked ranked, then nexcluded excluded */
	size_t nranked, nexcluded;
};

/* the settings' defaults: weights 40, 25, 15, 10, 10; training 24 months */
void match_settings_default(struct match_settings *set);

/*
 * Derive rq's window and training cutoff from today (YYYY-MM-DD), the
 * wanted date (YYYY-MM-DD or NULL: today + 42 days) and the settings'
 * training period (calendar months before today; the 31st of a shorter
 * month becomes its last day). Returns 0, or -1 when a date is not valid.
 */
int match_request_days(struct match_request *rq, const char *today, const char *wanted_on,
		       const struct match_settings *set);

/*
 * Check one candidate against every hard rule and score it: fills r (index
 * left as is, rank 0). The rules are all evaluated, so that an excluded
 * coordinator carries every reason; an excluded one is not scored (its
 * components and score are 0).
 */
void match_one(const struct match_request *rq, const struct match_settings *set,
	       const struct match_candidate *c, struct match_result *r);

/*
 * Match every candidate of cands[0..n) and rank those no rule excludes by
 * score (higher first), ties by id (lower first). out->results is a new
 * array of n results (match_outcome_release frees it). Returns 0, or -1
 * when memory runs out.
 */
int match_rank(const struct match_request *rq, const struct match_settings *set,
	       const struct match_candidate *cands, size_t n, struct match_outcome *out);
void match_outcome_release(struct match_outcome *out);

/* "active", "training_current", "region", "municipality", "capacity",
 * "available", "independent_of_referrer", "independent_of_funder",
 * "independent_of_family"; NULL out of range */
const char *match_rule_name(enum match_rule r);
/* "language", "gender", "background", "load", "travel"; NULL out of range */
const char *match_component_name(enum match_component c);

/* true when a and b are equal ignoring surrounding white space and the case
 * of ASCII letters (names, backgrounds, municipalities) */
bool match_same_text(const char *a, const char *b);

#endif
