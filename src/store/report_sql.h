#ifndef KRING_STORE_REPORT_SQL_H
#define KRING_STORE_REPORT_SQL_H
/*
 * The aggregates the reports are made of, each one SQL statement run in the
 * database through store_ops.query (no case is loaded into memory). The SQL
 * is the same for SQLite and PostgreSQL: no date functions (a year is a
 * range of requested_on), booleans compared with bound values, '?' marks.
 *
 * Every function counts over the population a report_filter names: the
 * requests matching all of its parts. It returns STORE_OK or a negative
 * store error; missing sums (no rows) are 0.
 */
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct report_filter {
	const char *from, *to;       /* requested_on from and to, inclusive; NULL: open */
	const int64_t *region_ids;   /* the request's region is one of these ... */
	size_t nregions;             /* ... unless 0 */
	int64_t funder_id;           /* the request's funder, 0: any */
	int64_t agreement_funder_id; /* the request's agreement belongs to this funder, 0: any */
	const char *track;           /* the request's track, NULL: any */
};

/* requests per track: *rows gets [track, in_year, before, plan,
 * plan_without_meeting, stopped] per track that has requests, where
 * in_year counts the requests on or after split and before those before
 * it (split NULL: all in_year); the outcome counts are of in_year only.
 * Stopped: stopped without an outcome. */
int report_sql_requests(struct store *st, const struct report_filter *f, const char *split, json_t **rows);

/* cases with a verdict, and of them those whose last verdict (highest id)
 * says safe and feasible: out[2] */
int report_sql_verdicts(struct store *st, const struct report_filter *f, int64_t out[2]);

/* conferences with participants recorded, and the participants: out[2] */
int report_sql_participants(struct store *st, const struct report_filter *f, int64_t out[2]);

/* each case's last follow-up with a situation (by date, then id):
 * improved, same, worse: out[3] */
int report_sql_situations(struct store *st, const struct report_filter *f, int64_t out[3]);

/* each case's last follow-up (by date, then id): per respondent group
 * (main person, child, network, professional) the sum of the grades and
 * the number given: out[8] = sum0, n0, sum1, n1, ... */
int report_sql_satisfaction(struct store *st, const struct report_filter *f, int64_t out[8]);

/* requests with outcome plan or plan_without_meeting: out[1] */
int report_sql_conferences(struct store *st, const struct report_filter *f, int64_t out[1]);

/* plan actions: all, by the network, substituting professional care: out[3] */
int report_sql_actions(struct store *st, const struct report_filter *f, int64_t out[3]);

/* plans, and plans with no action by a professional: out[2] */
int report_sql_plans(struct store *st, const struct report_filter *f, int64_t out[2]);

/* per measure recorded: [measure, threatened, prevented, happened,
 * in_place, reversed], sums of count */
int report_sql_measures(struct store *st, const struct report_filter *f, json_t **rows);

/* the costs of the conferences (outcome plan or plan_without_meeting): the
 * sum of each one's cost records, or when it has none its agreement's
 * tariff for its kind (none: 0): out[1] */
int report_sql_costs(struct store *st, const struct report_filter *f, int64_t out[1]);

/* the id of the region ("regions") or funder ("funders") with this name:
 * STORE_OK, or STORE_NOT_FOUND */
int report_sql_id_by_name(struct store *st, const char *table, const char *name, int64_t *id);
/* the name of the region or funder with this id: STORE_OK (*name a new
 * string, free it) or STORE_NOT_FOUND */
int report_sql_name_by_id(struct store *st, const char *table, int64_t id, char **name);

#endif
