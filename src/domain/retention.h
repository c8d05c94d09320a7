#ifndef KRING_DOMAIN_RETENTION_H
#define KRING_DOMAIN_RETENTION_H
/*
 * What becomes of a case after its retention period (kring retention) and
 * when it leaves kring for research (kring export research): one decision
 * per field of every record of a case, in one table (domain/retention.c),
 * and the retention periods per track. Pure: no I/O.
 *
 * Anonymising keeps the anonymous facts (kinds, tracks, dates, states,
 * outcomes, counts, grades, measures, amounts, booleans), so that figures
 * over past years stay the same, and removes what names or describes a
 * person: names, contact data, free text. A research export gives the same
 * facts with keyed pseudonyms instead of the ids of cases, coordinators and
 * network members.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/model.h"

enum retention_rule {
	/* an anonymous fact: kept, and given in research exports */
	RET_KEEP,
	/* a name, contact data or free text: a text becomes
	 * RETENTION_PLACEHOLDER, every item of a text list too (the list keeps
	 * its length, which is a count); null stays null, so a rule that asks
	 * for the text when another field says so still holds. Never in
	 * research exports. */
	RET_BLANK,
	/* a date that tells who someone is (a birth date): only its year is
	 * kept, as YYYY-01-01 */
	RET_YEAR,
	/* kring's own bookkeeping (record ids and versions, when a record was
	 * written, who recorded a step): kept, but left out of research
	 * exports, since the access log links it to the case */
	RET_INTERNAL,
	/* a reference to a person's record (a case, a coordinator, a network
	 * member): kept; in research exports a keyed pseudonym */
	RET_PSEUDONYM,
};

/* what a blanked text reads afterwards: fits every text field, so an
 * anonymised record still passes the model's checks */
#define RETENTION_PLACEHOLDER "(verwijderd)"

/* true for the entities whose records make up a case: the request and
 * every record under it */
bool retention_covers(const struct entity *e);

/* the rule for field name of e (the system fields id, version, created_at
 * and updated_at included); -1 when the table holds no decision for it */
int retention_rule(const struct entity *e, const char *name);

/* for a RET_PSEUDONYM field: the kind of record its value is the id of
 * ("request", "coordinator", "network_member"), which prefixes what the
 * pseudonym is computed over; NULL for any other field */
const char *retention_pseudonym_kind(const struct entity *e, const char *name);

/* what RET_YEAR keeps of a date YYYY-MM-DD: YYYY-01-01 into out; -1 when
 * date is not a date */
int retention_year(const char *date, char out[11]);

/*
 * The changes that anonymise rec, a record of e: a new object with the
 * fields whose values change (empty when rec is anonymous already). NULL
 * when out of memory, or when a field of e has no decision (a model field
 * added without its row in the table: the unit test catches it first).
 */
json_t *retention_changes(const struct entity *e, const json_t *rec);

/* ---- retention periods ------------------------------------------------- */

#define RETENTION_YOUTH_YEARS "20"
#define RETENTION_ADULT_YEARS "5"
/* Jeugdwet: the youth-care tracks, and a school class (minors) */
#define RETENTION_YOUTH_TRACKS "youth_voluntary,child_protection,youth_probation,education"
#define RETENTION_MAX_YEARS 100

struct retention_policy {
	int youth_years;       /* after a case of a youth track closed */
	int adult_years;       /* after a case of any other track closed */
	unsigned youth_tracks; /* bit (1u << i) per ENUM_TRACK[i] that is a youth track */
};

/*
 * The policy from the settings' text: years as whole numbers 1 to
 * RETENTION_MAX_YEARS, youth tracks as track names separated by commas
 * (spaces allowed; empty: none). 0, or -1 with one line in err.
 */
int retention_policy_parse(struct retention_policy *p, const char *youth_years, const char *adult_years,
			   const char *youth_tracks, char *err, size_t errlen);

/* the retention period of a case of track (the adult one for a track the
 * policy does not name) */
int retention_years(const struct retention_policy *p, const char *track);

/*
 * The last closing date that is due on today (YYYY-MM-DD) after years: a
 * case is due when it closed more than that many years ago, that is on or
 * before this date (today minus years, 29 February as 1 March, minus a day).
 */
void retention_due_until(const char *today, int years, char out[11]);

#endif
