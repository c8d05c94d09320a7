/* What retention and research exports do with each field of a case (see
 * domain/retention.h): one table of decisions. */
#include "domain/retention.h"

#include <stdio.h>
#include <string.h>

#include "domain/policy.h"
#include "util/text.h"

/*
 * One row per field of every record of a case. A field without a row stops
 * kring retention and kring export research (and fails the unit test), so
 * a new field cannot slip through undecided. The system fields (id,
 * version, created_at, updated_at) are decided in retention_rule below.
 */
static const struct decision {
	const struct entity *entity;
	const char *field;
	enum retention_rule rule;
} decisions[] = {
	/* the request (the case) */
	{ &ENTITY_REQUEST, "requested_on", RET_KEEP },
	{ &ENTITY_REQUEST, "region_id", RET_KEEP },
	{ &ENTITY_REQUEST, "referrer_type", RET_KEEP },
	{ &ENTITY_REQUEST, "referrer_organisation_id", RET_KEEP }, /* an organisation, not a person */
	{ &ENTITY_REQUEST, "referrer_name", RET_BLANK },
	{ &ENTITY_REQUEST, "kind", RET_KEEP },
	{ &ENTITY_REQUEST, "track", RET_KEEP },
	{ &ENTITY_REQUEST, "topics", RET_KEEP },
	{ &ENTITY_REQUEST, "main_persons", RET_BLANK },
	{ &ENTITY_REQUEST, "minors", RET_KEEP },
	{ &ENTITY_REQUEST, "minors_ages", RET_BLANK }, /* free text */
	{ &ENTITY_REQUEST, "consent", RET_KEEP },
	{ &ENTITY_REQUEST, "consent_on", RET_KEEP },
	{ &ENTITY_REQUEST, "preferred_language", RET_KEEP },
	{ &ENTITY_REQUEST, "preferred_gender", RET_KEEP },
	{ &ENTITY_REQUEST, "preferred_background", RET_BLANK }, /* free text on cultural background */
	{ &ENTITY_REQUEST, "interpreter_needed", RET_KEEP },
	{ &ENTITY_REQUEST, "interpreter_language", RET_KEEP },
	{ &ENTITY_REQUEST, "safety_notes", RET_BLANK },
	{ &ENTITY_REQUEST, "follow_up_of", RET_PSEUDONYM },
	{ &ENTITY_REQUEST, "state", RET_KEEP },
	{ &ENTITY_REQUEST, "funding_source", RET_KEEP },
	{ &ENTITY_REQUEST, "funder_id", RET_KEEP },
	{ &ENTITY_REQUEST, "agreement_id", RET_KEEP },
	{ &ENTITY_REQUEST, "coordinator_id", RET_PSEUDONYM },
	{ &ENTITY_REQUEST, "outcome", RET_KEEP },
	{ &ENTITY_REQUEST, "stop_reason", RET_KEEP },
	{ &ENTITY_REQUEST, "closed_on", RET_KEEP },
	{ &ENTITY_REQUEST, "anonymised_on", RET_KEEP },
	/* a dossier number: kept, so that an import finds the case again, but
	 * never in a research export, where it would link back to the records
	 * it came from; blanking it would break its uniqueness */
	{ &ENTITY_REQUEST, "ref", RET_INTERNAL },
	{ &ENTITY_REQUEST, "committed_cents", RET_KEEP }, /* an amount under an agreement */
	{ &ENTITY_REQUEST, "funding_note", RET_BLANK },   /* free text: may name the family's money */
	/* the family's municipality: with the other facts it can point at a
	 * family in a small place */
	{ &ENTITY_REQUEST, "municipality", RET_BLANK },
	{ &ENTITY_REQUEST, "wanted_on", RET_KEEP },

	{ &ENTITY_NETWORK_MEMBER, "request_id", RET_PSEUDONYM },
	{ &ENTITY_NETWORK_MEMBER, "name", RET_BLANK },
	{ &ENTITY_NETWORK_MEMBER, "relation", RET_BLANK }, /* free text: may hold a name */
	{ &ENTITY_NETWORK_MEMBER, "role", RET_KEEP },
	{ &ENTITY_NETWORK_MEMBER, "organisation", RET_BLANK },
	{ &ENTITY_NETWORK_MEMBER, "contact", RET_BLANK },
	{ &ENTITY_NETWORK_MEMBER, "do_not_invite", RET_KEEP },
	{ &ENTITY_NETWORK_MEMBER, "invited", RET_KEEP },
	{ &ENTITY_NETWORK_MEMBER, "consented", RET_KEEP },
	{ &ENTITY_NETWORK_MEMBER, "attended", RET_KEEP },
	{ &ENTITY_NETWORK_MEMBER, "notes", RET_BLANK },

	{ &ENTITY_CONFERENCE, "request_id", RET_PSEUDONYM },
	{ &ENTITY_CONFERENCE, "scheduled_on", RET_KEEP },
	{ &ENTITY_CONFERENCE, "place", RET_BLANK }, /* often a home address */
	{ &ENTITY_CONFERENCE, "held_on", RET_KEEP },
	{ &ENTITY_CONFERENCE, "phase1_start", RET_KEEP },
	{ &ENTITY_CONFERENCE, "phase2_start", RET_KEEP },
	{ &ENTITY_CONFERENCE, "phase3_start", RET_KEEP },
	{ &ENTITY_CONFERENCE, "ended_at", RET_KEEP },
	{ &ENTITY_CONFERENCE, "participants_present", RET_KEEP },
	{ &ENTITY_CONFERENCE, "outcome", RET_KEEP },

	{ &ENTITY_PLAN, "request_id", RET_PSEUDONYM },
	{ &ENTITY_PLAN, "evaluation_on", RET_KEEP },
	{ &ENTITY_PLAN, "fallback", RET_BLANK },
	{ &ENTITY_PLAN, "notes", RET_BLANK },

	{ &ENTITY_PLAN_ACTION, "request_id", RET_PSEUDONYM },
	{ &ENTITY_PLAN_ACTION, "topic", RET_KEEP },
	{ &ENTITY_PLAN_ACTION, "what", RET_BLANK },
	{ &ENTITY_PLAN_ACTION, "by", RET_KEEP },
	{ &ENTITY_PLAN_ACTION, "network_member_id", RET_PSEUDONYM },
	{ &ENTITY_PLAN_ACTION, "professional", RET_BLANK },
	{ &ENTITY_PLAN_ACTION, "due_on", RET_KEEP },
	{ &ENTITY_PLAN_ACTION, "done", RET_KEEP },
	{ &ENTITY_PLAN_ACTION, "substitutes_professional", RET_KEEP },

	{ &ENTITY_VERDICT, "request_id", RET_PSEUDONYM },
	{ &ENTITY_VERDICT, "safe_and_feasible", RET_KEEP },
	{ &ENTITY_VERDICT, "by_name", RET_BLANK },
	{ &ENTITY_VERDICT, "organisation", RET_BLANK },
	{ &ENTITY_VERDICT, "judged_on", RET_KEEP },
	{ &ENTITY_VERDICT, "reasons", RET_BLANK },

	{ &ENTITY_MEASURE, "request_id", RET_PSEUDONYM },
	{ &ENTITY_MEASURE, "measure", RET_KEEP },
	{ &ENTITY_MEASURE, "count", RET_KEEP },
	{ &ENTITY_MEASURE, "at_request", RET_KEEP },
	{ &ENTITY_MEASURE, "at_follow_up", RET_KEEP },

	{ &ENTITY_FOLLOW_UP, "request_id", RET_PSEUDONYM },
	{ &ENTITY_FOLLOW_UP, "follow_up_on", RET_KEEP },
	{ &ENTITY_FOLLOW_UP, "kind", RET_KEEP },
	{ &ENTITY_FOLLOW_UP, "situation", RET_KEEP },
	{ &ENTITY_FOLLOW_UP, "satisfaction_main_person", RET_KEEP },
	{ &ENTITY_FOLLOW_UP, "satisfaction_child", RET_KEEP },
	{ &ENTITY_FOLLOW_UP, "satisfaction_network", RET_KEEP },
	{ &ENTITY_FOLLOW_UP, "satisfaction_professional", RET_KEEP },
	{ &ENTITY_FOLLOW_UP, "actions_done_pct", RET_KEEP },
	{ &ENTITY_FOLLOW_UP, "notes", RET_BLANK },

	{ &ENTITY_COST, "request_id", RET_PSEUDONYM },
	{ &ENTITY_COST, "kind", RET_KEEP },
	{ &ENTITY_COST, "amount_cents", RET_KEEP },
	{ &ENTITY_COST, "incurred_on", RET_KEEP },
	{ &ENTITY_COST, "description", RET_BLANK },

	{ &ENTITY_TRANSITION, "request_id", RET_PSEUDONYM },
	{ &ENTITY_TRANSITION, "action", RET_KEEP }, /* the name of a lifecycle action */
	{ &ENTITY_TRANSITION, "from_state", RET_KEEP },
	{ &ENTITY_TRANSITION, "to_state", RET_KEEP },
	{ &ENTITY_TRANSITION, "actor", RET_INTERNAL }, /* the account that recorded it */
	{ &ENTITY_TRANSITION, "at", RET_INTERNAL },
	{ &ENTITY_TRANSITION, "happened_on", RET_KEEP },
	{ &ENTITY_TRANSITION, "note", RET_BLANK },

	/* the choice of coordinator: the shortlist names coordinators and
	 * why they were passed over; kept while the case is, then blanked */
	{ &ENTITY_COORDINATOR_CHOICE, "request_id", RET_PSEUDONYM },
	{ &ENTITY_COORDINATOR_CHOICE, "coordinator_id", RET_PSEUDONYM },
	{ &ENTITY_COORDINATOR_CHOICE, "chosen_on", RET_KEEP },
	{ &ENTITY_COORDINATOR_CHOICE, "chosen_by", RET_INTERNAL }, /* the account that chose */
	{ &ENTITY_COORDINATOR_CHOICE, "reason", RET_BLANK },
	{ &ENTITY_COORDINATOR_CHOICE, "shortlist", RET_BLANK },
	{ &ENTITY_COORDINATOR_CHOICE, "weights", RET_KEEP }, /* numbers from the settings */
};

bool retention_covers(const struct entity *e)
{
	return policy_is_case_record(e);
}

/* the records whose ids stand for a person in a research export */
static bool id_is_pseudonymised(const struct entity *e)
{
	return e == &ENTITY_REQUEST || e == &ENTITY_NETWORK_MEMBER;
}

int retention_rule(const struct entity *e, const char *name)
{
	if (!retention_covers(e))
		return -1;
	if (strcmp(name, "id") == 0)
		return id_is_pseudonymised(e) ? RET_PSEUDONYM : RET_INTERNAL;
	if (strcmp(name, "version") == 0 || strcmp(name, "created_at") == 0 || strcmp(name, "updated_at") == 0)
		return RET_INTERNAL;
	for (size_t i = 0; i < sizeof decisions / sizeof decisions[0]; i++)
		if (decisions[i].entity == e && strcmp(decisions[i].field, name) == 0)
			return (int)decisions[i].rule;
	return -1;
}

const char *retention_pseudonym_kind(const struct entity *e, const char *name)
{
	if (retention_rule(e, name) != RET_PSEUDONYM)
		return NULL;
	if (strcmp(name, "id") == 0)
		return e->name;
	const struct field *f = model_field(e, name);
	return f && f->type == FT_REF ? f->ref : NULL;
}

/* the blanked form of a text list: as many placeholders as items, or NULL
 * when v holds nothing else already (or memory ran out: *oom) */
static json_t *blank_list(const json_t *v, bool *oom)
{
	size_t i, n = json_array_size(v);
	json_t *item, *out;
	bool changes = false;
	json_array_foreach(v, i, item)
		if (!json_is_string(item) || strcmp(json_string_value(item), RETENTION_PLACEHOLDER) != 0)
			changes = true;
	if (!changes)
		return NULL;
	out = json_array();
	for (i = 0; i < n; i++) {
		if (!out || json_array_append_new(out, json_string(RETENTION_PLACEHOLDER)) < 0) {
			json_decref(out);
			*oom = true;
			return NULL;
		}
	}
	return out;
}

/* the new value of field f under rule when it changes, json_null() to
 * clear it, or NULL when it stays; *oom is set when memory ran out */
static json_t *anonymised_value(const struct field *f, enum retention_rule rule, const json_t *v, bool *oom)
{
	json_t *out = NULL;
	if (!v || json_is_null(v))
		return NULL;
	if (rule == RET_BLANK) {
		if (f->type == FT_TEXT) {
			if (json_is_string(v) && strcmp(json_string_value(v), RETENTION_PLACEHOLDER) == 0)
				return NULL;
			out = json_string(RETENTION_PLACEHOLDER);
		} else if (f->type == FT_TEXT_LIST) {
			return blank_list(v, oom);
		} else {
			out = json_null();
		}
	} else if (rule == RET_YEAR && f->type == FT_DATE) {
		char year[11];
		const char *d = json_string_value(v);
		if (!d || retention_year(d, year) < 0 || strcmp(d, year) == 0)
			return NULL;
		out = json_string(year);
	} else {
		return NULL;
	}
	if (!out)
		*oom = true;
	return out;
}

int retention_year(const char *date, char out[11])
{
	if (!date_valid(date))
		return -1;
	snprintf(out, 11, "%.4s-01-01", date);
	return 0;
}

json_t *retention_changes(const struct entity *e, const json_t *rec)
{
	json_t *changes = json_object();
	bool oom = changes == NULL;

	for (size_t i = 0; !oom && i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		int rule = retention_rule(e, f->name);
		if (rule < 0) {
			json_decref(changes);
			return NULL;
		}
		json_t *v = anonymised_value(f, (enum retention_rule)rule, json_object_get(rec, f->name), &oom);
		if (v && json_object_set_new(changes, f->name, v) < 0)
			oom = true;
	}
	if (oom) {
		json_decref(changes);
		return NULL;
	}
	return changes;
}

/* ---- retention periods ------------------------------------------------- */

static int parse_years(const char *text, const char *what, int *out, char *err, size_t errlen)
{
	int64_t v;
	if (!text || parse_int64(text, 1, RETENTION_MAX_YEARS, &v) < 0) {
		snprintf(err, errlen, "%s must be a whole number of years from 1 to %d, not '%s'", what,
			 RETENTION_MAX_YEARS, text ? text : "");
		return -1;
	}
	*out = (int)v;
	return 0;
}

int retention_policy_parse(struct retention_policy *p, const char *youth_years, const char *adult_years,
			   const char *youth_tracks, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	if (parse_years(youth_years, "retention_youth_years", &p->youth_years, err, errlen) < 0 ||
	    parse_years(adult_years, "retention_adult_years", &p->adult_years, err, errlen) < 0)
		return -1;
	const char *s = youth_tracks ? youth_tracks : "";
	while (*s) {
		while (*s == ' ' || *s == ',')
			s++;
		size_t len = strcspn(s, ", ");
		if (len == 0)
			break;
		char name[64];
		int i = -1;
		if (len < sizeof name) {
			memcpy(name, s, len);
			name[len] = '\0';
			i = model_enum_index(ENUM_TRACK, name);
		}
		if (i < 0) {
			char tracks[256] = "";
			size_t used = 0;
			for (size_t k = 0; ENUM_TRACK[k]; k++) {
				int w = snprintf(tracks + used, sizeof tracks - used, "%s%s", k ? ", " : "", ENUM_TRACK[k]);
				if (w < 0 || (size_t)w >= sizeof tracks - used)
					break;
				used += (size_t)w;
			}
			snprintf(err, errlen, "retention_youth_tracks: '%.*s' is not a track (tracks: %s)",
				 (int)(len < 64 ? len : 64), s, tracks);
			return -1;
		}
		p->youth_tracks |= 1u << i;
		s += len;
	}
	return 0;
}

int retention_years(const struct retention_policy *p, const char *track)
{
	int i = track ? model_enum_index(ENUM_TRACK, track) : -1;
	return i >= 0 && (p->youth_tracks & (1u << i)) ? p->youth_years : p->adult_years;
}

void retention_due_until(const char *today, int years, char out[11])
{
	int64_t y, m, d;
	char year[5] = { 0 }, month[3] = { 0 }, day[3] = { 0 }, then[32];
	memcpy(year, today, 4);
	memcpy(month, today + 5, 2);
	memcpy(day, today + 8, 2);
	if (parse_int64(year, 0, 9999, &y) < 0 || parse_int64(month, 1, 12, &m) < 0 ||
	    parse_int64(day, 1, 31, &d) < 0) {
		snprintf(out, 11, "%s", "1899-12-31"); /* not a date: nothing is due */
		return;
	}
	y -= years;
	if (y <= 1900) { /* before any date kring holds: nothing is due */
		snprintf(out, 11, "%s", "1899-12-31");
		return;
	}
	snprintf(then, sizeof then, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
	if (!date_valid(then)) /* 29 February in a common year */
		snprintf(then, sizeof then, "%04lld-03-01", (long long)y);
	date_from_days(date_days(then) - 1, out);
}
