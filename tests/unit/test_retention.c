/*
 * domain/retention.c: every field of every record of a case has a decision
 * (so a new field cannot slip through retention or a research export
 * undecided), what is blanked still passes the model's checks, and the
 * retention periods per track.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "domain/model.h"
#include "domain/retention.h"
#include "domain/validate.h"

static const char *const system_fields[] = { "id", "version", "created_at", "updated_at" };

static json_t *J(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);
	if (!v)
		fail_msg("test JSON does not parse: %s (%s)", text, e.text);
	return v;
}

static void every_field_of_every_case_record_has_a_decision(void **state)
{
	(void)state;
	size_t cases = 0;
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		bool is_case = e == &ENTITY_REQUEST || model_parent(e) != NULL;
		assert_int_equal(retention_covers(e), is_case);
		if (!is_case) {
			/* reference data and accounts are not a case's */
			if (e->nfields)
				assert_int_equal(retention_rule(e, e->fields[0].name), -1);
			continue;
		}
		cases++;
		for (size_t k = 0; k < e->nfields; k++)
			if (retention_rule(e, e->fields[k].name) < 0)
				fail_msg("%s.%s has no decision in domain/retention.c", e->name, e->fields[k].name);
		for (size_t k = 0; k < 4; k++)
			assert_true(retention_rule(e, system_fields[k]) >= 0);
		assert_int_equal(retention_rule(e, "no_such_field"), -1);
	}
	assert_int_equal(cases, 11);
}

/* the only text fields kept as they are: a lifecycle action's name, the
 * account that recorded a step or chose a coordinator, the weights of a
 * choice (numbers) and a case's own reference (kept in the database, never
 * exported) */
static bool text_may_stay(const struct entity *e, const char *name)
{
	if (e == &ENTITY_REQUEST)
		return strcmp(name, "ref") == 0 && retention_rule(e, name) == RET_INTERNAL;
	if (e == &ENTITY_COORDINATOR_CHOICE)
		return strcmp(name, "chosen_by") == 0 || strcmp(name, "weights") == 0;
	return e == &ENTITY_TRANSITION && (strcmp(name, "action") == 0 || strcmp(name, "actor") == 0);
}

static void every_text_field_is_blanked_unless_listed(void **state)
{
	(void)state;
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		if (!retention_covers(e))
			continue;
		for (size_t k = 0; k < e->nfields; k++) {
			const struct field *f = &e->fields[k];
			if (f->type != FT_TEXT && f->type != FT_TEXT_LIST)
				continue;
			int rule = retention_rule(e, f->name);
			if (rule == RET_BLANK)
				continue;
			if (!text_may_stay(e, f->name))
				fail_msg("%s.%s is text but not blanked (rule %d)", e->name, f->name, rule);
		}
	}
	assert_int_equal(retention_rule(&ENTITY_TRANSITION, "actor"), RET_INTERNAL);
	assert_int_equal(retention_rule(&ENTITY_REQUEST, "main_persons"), RET_BLANK);
	assert_int_equal(retention_rule(&ENTITY_NETWORK_MEMBER, "contact"), RET_BLANK);
}

static void references_to_people_are_pseudonymised(void **state)
{
	(void)state;
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		if (!retention_covers(e))
			continue;
		for (size_t k = 0; k < e->nfields; k++) {
			const struct field *f = &e->fields[k];
			if (f->type != FT_REF && f->type != FT_REF_LIST)
				continue;
			bool person = strcmp(f->ref, "request") == 0 || strcmp(f->ref, "coordinator") == 0 ||
				      strcmp(f->ref, "network_member") == 0;
			int rule = retention_rule(e, f->name);
			if (person) {
				if (rule != RET_PSEUDONYM)
					fail_msg("%s.%s names a person's record but is not pseudonymised", e->name,
						 f->name);
				assert_string_equal(retention_pseudonym_kind(e, f->name), f->ref);
			} else {
				assert_int_equal(rule, RET_KEEP); /* regions, funders, organisations */
				assert_null(retention_pseudonym_kind(e, f->name));
			}
		}
	}
	assert_string_equal(retention_pseudonym_kind(&ENTITY_REQUEST, "id"), "request");
	assert_string_equal(retention_pseudonym_kind(&ENTITY_NETWORK_MEMBER, "id"), "network_member");
	assert_int_equal(retention_rule(&ENTITY_COST, "id"), RET_INTERNAL);
	assert_int_equal(retention_rule(&ENTITY_REQUEST, "created_at"), RET_INTERNAL);
	assert_null(retention_pseudonym_kind(&ENTITY_COST, "id"));
}

static void blanked_values_pass_the_models_checks(void **state)
{
	(void)state;
	json_t *text = json_string(RETENTION_PLACEHOLDER);
	json_t *list = json_pack("[s, s]", RETENTION_PLACEHOLDER, RETENTION_PLACEHOLDER);
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		if (!retention_covers(e))
			continue;
		for (size_t k = 0; k < e->nfields; k++) {
			const struct field *f = &e->fields[k];
			int rule = retention_rule(e, f->name);
			struct verr v;
			if (rule == RET_YEAR)
				assert_int_equal(f->type, FT_DATE);
			if (rule != RET_BLANK)
				continue;
			if (f->type == FT_TEXT) {
				if (validate_value(f, text, &v) < 0)
					fail_msg("%s.%s refuses the placeholder: %s", e->name, f->name, v.detail);
			} else if (f->type == FT_TEXT_LIST) {
				if (validate_value(f, list, &v) < 0)
					fail_msg("%s.%s refuses the placeholders: %s", e->name, f->name, v.detail);
			} else if (f->flags & F_REQUIRED) {
				fail_msg("%s.%s is required and not text: it cannot be blanked", e->name, f->name);
			}
		}
	}
	json_decref(text);
	json_decref(list);
}

static void anonymising_a_request_keeps_the_facts(void **state)
{
	(void)state;
	json_t *req = J("{\"id\": 7, \"version\": 3, \"requested_on\": \"2001-02-03\", \"region_id\": 1,"
			" \"referrer_type\": \"professional\", \"referrer_organisation_id\": 4,"
			" \"referrer_name\": \"J. Bakker\", \"kind\": \"family\", \"track\": \"child_protection\","
			" \"topics\": [\"parenting\", \"safety\"], \"main_persons\": [\"Anna de Wit\", \"Bram de Wit\"],"
			" \"minors\": 2, \"minors_ages\": \"3 en 5\", \"consent\": true, \"consent_on\": \"2001-02-03\","
			" \"preferred_language\": \"nl\", \"preferred_gender\": null, \"preferred_background\": \"Antilliaans\","
			" \"interpreter_needed\": false, \"interpreter_language\": null, \"safety_notes\": null,"
			" \"follow_up_of\": null, \"state\": \"closed\", \"funding_source\": \"institution\","
			" \"funder_id\": null, \"agreement_id\": null, \"coordinator_id\": 5, \"outcome\": \"plan\","
			" \"stop_reason\": null, \"closed_on\": \"2002-01-01\", \"anonymised_on\": null}");
	json_t *changes = retention_changes(&ENTITY_REQUEST, req);
	assert_non_null(changes);
	json_t *want = J("{\"referrer_name\": \"(verwijderd)\", \"main_persons\": [\"(verwijderd)\", \"(verwijderd)\"],"
			 " \"minors_ages\": \"(verwijderd)\", \"preferred_background\": \"(verwijderd)\"}");
	if (!json_equal(changes, want)) {
		char *got = json_dumps(changes, JSON_SORT_KEYS);
		fail_msg("changes: %s", got);
	}
	/* once anonymised, nothing changes any more */
	json_object_update(req, changes);
	json_t *again = retention_changes(&ENTITY_REQUEST, req);
	assert_non_null(again);
	assert_int_equal(json_object_size(again), 0);
	json_decref(again);
	json_decref(want);
	json_decref(changes);
	json_decref(req);
}

/* blanking keeps null as null, so a text another field asks for stays */
static void anonymised_records_still_follow_the_rules_between_fields(void **state)
{
	(void)state;
	static const struct {
		const struct entity *e;
		const char *rec;
	} cases[] = {
		{ &ENTITY_PLAN_ACTION, "{\"request_id\": 1, \"topic\": \"school\", \"what\": \"Meester Jan belt\", \"by\":"
				       " \"professional\", \"network_member_id\": null, \"professional\": \"Meester Jan\","
				       " \"due_on\": null, \"done\": false, \"substitutes_professional\": false}" },
		{ &ENTITY_VERDICT, "{\"request_id\": 1, \"safe_and_feasible\": false, \"by_name\": \"R. Jansen\","
				   " \"organisation\": null, \"judged_on\": \"2001-04-01\", \"reasons\": \"Oma is ziek\"}" },
		{ &ENTITY_NETWORK_MEMBER, "{\"request_id\": 1, \"name\": \"Oma Fatima\", \"relation\": \"oma\", \"role\":"
					  " \"network\", \"organisation\": null, \"contact\": \"06-12345678\", \"do_not_invite\":"
					  " true, \"invited\": false, \"consented\": false, \"attended\": false, \"notes\": null}" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *rec = J(cases[i].rec);
		struct verr v;
		assert_int_equal(validate_rules(cases[i].e, rec, &v), 0);
		json_t *changes = retention_changes(cases[i].e, rec);
		assert_non_null(changes);
		assert_true(json_object_size(changes) > 0);
		json_object_update(rec, changes);
		if (validate_rules(cases[i].e, rec, &v) < 0)
			fail_msg("anonymised %s breaks a rule: %s", cases[i].e->name, v.detail);
		const char *key;
		json_t *val;
		json_object_foreach(changes, key, val)
			assert_int_equal(retention_rule(cases[i].e, key), RET_BLANK);
		json_decref(changes);
		json_decref(rec);
	}
}

/* an entity the table does not know (a new record kind under a request)
 * stops retention instead of keeping its fields */
static void a_field_without_a_decision_stops_anonymising(void **state)
{
	(void)state;
	static const struct field fields[] = {
		{ .name = "request_id", .type = FT_REF, .flags = F_PARENT, .ref = "request" },
		{ .name = "diary", .type = FT_TEXT, .max = 100 },
	};
	static const struct entity diary = { "diary", "diaries", "diaries", "Diary", fields, 2, 0 };
	json_t *rec = J("{\"request_id\": 1, \"diary\": \"lief dagboek\"}");
	assert_true(retention_covers(&diary));
	assert_int_equal(retention_rule(&diary, "diary"), -1);
	assert_null(retention_changes(&diary, rec));
	json_decref(rec);
}

static void a_birth_date_keeps_its_year(void **state)
{
	(void)state;
	char out[11];
	assert_int_equal(retention_year("2009-07-14", out), 0);
	assert_string_equal(out, "2009-01-01");
	assert_int_equal(retention_year("2009-02-30", out), -1);
	assert_int_equal(retention_year("", out), -1);
}

static void retention_periods_per_track(void **state)
{
	(void)state;
	struct retention_policy p;
	char err[300];
	assert_int_equal(retention_policy_parse(&p, RETENTION_YOUTH_YEARS, RETENTION_ADULT_YEARS,
						RETENTION_YOUTH_TRACKS, err, sizeof err), 0);
	assert_int_equal(retention_years(&p, "youth_voluntary"), 20);
	assert_int_equal(retention_years(&p, "child_protection"), 20);
	assert_int_equal(retention_years(&p, "youth_probation"), 20);
	assert_int_equal(retention_years(&p, "education"), 20);
	assert_int_equal(retention_years(&p, "adult"), 5);
	assert_int_equal(retention_years(&p, "eviction"), 5);
	assert_int_equal(retention_years(&p, "neighbourhood"), 5);
	assert_int_equal(retention_years(&p, "other"), 5);
	assert_int_equal(retention_years(&p, NULL), 5);

	assert_int_equal(retention_policy_parse(&p, "25", "7", " neighbourhood , other,", err, sizeof err), 0);
	assert_int_equal(retention_years(&p, "other"), 25);
	assert_int_equal(retention_years(&p, "youth_voluntary"), 7);
	assert_int_equal(retention_policy_parse(&p, "25", "7", "", err, sizeof err), 0);
	assert_int_equal(retention_years(&p, "child_protection"), 7);

	assert_int_equal(retention_policy_parse(&p, "0", "5", "", err, sizeof err), -1);
	assert_non_null(strstr(err, "retention_youth_years"));
	assert_int_equal(retention_policy_parse(&p, "20", "5 years", "", err, sizeof err), -1);
	assert_non_null(strstr(err, "retention_adult_years"));
	assert_int_equal(retention_policy_parse(&p, "20", "101", "", err, sizeof err), -1);
	assert_int_equal(retention_policy_parse(&p, "20", "5", "youth,adult", err, sizeof err), -1);
	assert_non_null(strstr(err, "'youth'"));
	assert_non_null(strstr(err, "child_protection"));
}

static void a_case_is_due_once_it_closed_more_than_its_years_ago(void **state)
{
	(void)state;
	char out[11];
	retention_due_until("2026-11-23", 5, out);
	assert_string_equal(out, "2021-11-22"); /* closed on 2021-11-23: five years today, not more */
	retention_due_until("2026-11-23", 20, out);
	assert_string_equal(out, "2006-11-22");
	retention_due_until("2028-02-29", 5, out); /* 2023 has no 29 February: from 1 March */
	assert_string_equal(out, "2023-02-28");
	retention_due_until("2024-03-01", 20, out);
	assert_string_equal(out, "2004-02-29");
	retention_due_until("2026-01-01", 1, out);
	assert_string_equal(out, "2024-12-31");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_field_of_every_case_record_has_a_decision),
		cmocka_unit_test(every_text_field_is_blanked_unless_listed),
		cmocka_unit_test(references_to_people_are_pseudonymised),
		cmocka_unit_test(blanked_values_pass_the_models_checks),
		cmocka_unit_test(anonymising_a_request_keeps_the_facts),
		cmocka_unit_test(anonymised_records_still_follow_the_rules_between_fields),
		cmocka_unit_test(a_field_without_a_decision_stops_anonymising),
		cmocka_unit_test(a_birth_date_keeps_its_year),
		cmocka_unit_test(retention_periods_per_track),
		cmocka_unit_test(a_case_is_due_once_it_closed_more_than_its_years_ago),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
