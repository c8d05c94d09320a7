#ifndef KRING_STORE_MATCHING_SQL_H
#define KRING_STORE_MATCHING_SQL_H
/*
 * The coordinator pool as matching reads it (service/matching.c): one SQL
 * statement, the same for SQLite and PostgreSQL, run through
 * store_ops.query, that gives every coordinator with what the hard rules and
 * scores need and their load (running cases: coordinator_assigned up to
 * follow_up) counted by one aggregate in the same statement.
 */
#include <jansson.h>

#include "store/store.h"

/* the columns of a row of matching_sql_pool, in order */
enum matching_col {
	MCOL_ID,
	MCOL_NAME,
	MCOL_ACTIVE,           /* a boolean (PostgreSQL) or 0/1 (SQLite) */
	MCOL_GENDER,
	MCOL_LANGUAGES,        /* lists: JSON text of an array */
	MCOL_LANGUAGES_BASIC,
	MCOL_BACKGROUNDS,
	MCOL_REGION_IDS,
	MCOL_MUNICIPALITIES,
	MCOL_CAPACITY,
	MCOL_UNAVAILABLE,
	MCOL_COURSE_ON,        /* YYYY-MM-DD or null */
	MCOL_REFRESHER_DATES,
	MCOL_ORGANISATION_IDS,
	MCOL_FUNDER_IDS,
	MCOL_FAMILY_RELATIONS,
	MCOL_LOAD,             /* an integer */
	MCOL__COUNT
};

/* every coordinator, by id: *rows gets a new array of rows (arrays of
 * MCOL__COUNT scalars). STORE_OK or a negative store error. */
int matching_sql_pool(struct store *st, json_t **rows);

#endif
