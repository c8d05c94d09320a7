#ifndef KRING_DOMAIN_FUNDING_H
#define KRING_DOMAIN_FUNDING_H
/*
 * Does an agreement pay for a request, and what is left of it? Pure: the
 * agreement and the request are records as stored (domain/model.c), and
 * what the agreement already carries comes from the caller (the database
 * sums it: store/funding_sql.c). The service (service/funding.c) proposes
 * the agreements that fit and commits the tariff when funding is decided;
 * the budgets page and API show what this module computes.
 *
 * Money is integer cents; nothing here rounds.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* why an agreement does not pay for a request: one bit each, so that the
 * regional manager sees every reason at once */
enum funding_misfit {
	FUND_NOT_STARTED = 1 << 0,   /* the period starts after the request */
	FUND_ENDED = 1 << 1,         /* the period ended before the request */
	FUND_REGION = 1 << 2,        /* the agreement covers another region */
	FUND_MUNICIPALITY = 1 << 3,  /* ... other municipalities than the family's */
	FUND_NO_MUNICIPALITY = 1 << 4, /* ... some municipalities, and the request names none */
	FUND_KIND = 1 << 5,          /* ... not this kind of conference */
	FUND_TRACK = 1 << 6,         /* ... not this track */
	FUND_NO_TARIFF = 1 << 7,     /* no tariff for the request's kind */
	FUND_BUDGET = 1 << 8,        /* the remaining budget does not cover the tariff */
	FUND_CONFERENCES = 1 << 9,   /* the most conferences are reached */
};
#define FUND__COUNT 10

/* what an agreement carries already: the cases holding a commitment on it
 * (funded under it and not stopped), other than the request asked about */
struct funding_use {
	int64_t committed_cents;
	int64_t cases;
};

/* the answer for one agreement and one request */
struct funding_fit {
	unsigned misfits;         /* 0: it fits; else enum funding_misfit bits */
	bool has_tariff;
	int64_t tariff_cents;     /* the tariff for the request's kind (0 when none) */
	bool has_budget;          /* a money limit */
	int64_t budget_cents;
	int64_t remaining_cents;  /* budget - committed, before this request (may be < 0) */
	int64_t remaining_after;  /* ... after it */
	bool has_max;             /* a limit on the number of conferences */
	int64_t max_conferences;
	int64_t conferences_left; /* before this request (may be < 0) */
	int64_t conferences_left_after;
};

/* The tariff of agreement for a conference of kind: true and *cents, or
 * false when the agreement names none. */
bool funding_tariff(const json_t *agreement, const char *kind, int64_t *cents);

/*
 * Does agreement pay for request, given what it carries already (use)?
 * The period must cover requested_on, the region and municipalities the
 * request's (an empty list covers all), the kinds and tracks the request's
 * (empty: all), there must be a tariff for its kind, and the rest of the
 * budget and of the conferences must hold it. Fills *out; returns
 * out->misfits (0 when it fits).
 */
unsigned funding_fit(const json_t *agreement, const json_t *request, const struct funding_use *use,
		     struct funding_fit *out);

/* the stable code of one misfit bit ("period_not_started", "budget", ...),
 * and a sentence for people (English, for the API) */
const char *funding_misfit_code(enum funding_misfit m);
const char *funding_misfit_text(enum funding_misfit m);
/* the misfits as [{"code": ..., "detail": ...}], in the order of the bits */
json_t *funding_misfits_json(unsigned misfits);

/* ---- the budget of an agreement ------------------------------------------ */

/* why an agreement's budget needs attention: one bit each */
enum budget_warning {
	BUDGET_LOW = 1 << 0,            /* remaining below warn_below_pct of the budget */
	BUDGET_BELOW_TARIFF = 1 << 1,   /* remaining below the highest tariff: some kinds no longer fit */
	BUDGET_EXHAUSTED = 1 << 2,      /* remaining below the lowest tariff (or nothing left) */
	BUDGET_CONFERENCES_LOW = 1 << 3, /* conferences left below warn_below_pct of the most */
	BUDGET_NO_CONFERENCES = 1 << 4, /* no conference left */
};
#define BUDGET__COUNT 5

/* the money and conferences of one agreement */
struct budget {
	bool has_budget;
	int64_t budget_cents;
	int64_t committed_cents; /* cases running: funded, the conference not held yet */
	int64_t spent_cents;     /* cases whose conference was held */
	int64_t remaining_cents; /* budget - committed - spent (may be < 0) */
	bool has_max;
	int64_t max_conferences;
	int64_t running;         /* cases running */
	int64_t held;            /* conferences held */
	int64_t conferences_left; /* max - running - held */
	unsigned warnings;       /* enum budget_warning bits */
};

/*
 * The budget of agreement from the sums of its cases (committed and
 * running: before the conference; spent and held: from it on). The
 * warnings use the agreement's warn_below_pct and the tariffs of the kinds
 * it pays for.
 */
void funding_budget(const json_t *agreement, int64_t committed_cents, int64_t running, int64_t spent_cents,
		    int64_t held, struct budget *out);

const char *budget_warning_code(enum budget_warning w);
const char *budget_warning_text(enum budget_warning w);
/* the warnings as [{"code": ..., "detail": ...}] */
json_t *budget_warnings_json(unsigned warnings);

#endif
