/* Unit tests for domain/interchange.c: the check of one kring-case/1 case,
 * the state an imported case gets, and the schema derived from the same
 * table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/interchange.h"

/* a full, valid case: every key of the format but stop_reason (which needs outcome stopped) */
static const char *const FULL =
	"{\"ref\":\"A-1\",\"kind\":\"family\",\"track\":\"child_protection\",\"region\":\"Noord\","
	"\"requested_on\":\"2023-02-01\",\"referrer\":{\"type\":\"professional\",\"organisation\":\"Jeugdzorg\"},"
	"\"funder\":\"Gemeente\",\"agreement\":\"Contract\",\"topics\":[\"parenting\",\"school\"],\"minors\":2,"
	"\"coordinator\":\"Fatima\",\"outcome\":\"plan\",\"conference_on\":\"2023-03-15\",\"participants\":11,"
	"\"plan\":{\"safe_and_feasible\":true,\"actions\":[{\"topic\":\"school\",\"by\":\"network\","
	"\"substitutes_professional\":true,\"what\":\"x\",\"due\":\"2023-04-01\",\"done\":true},"
	"{\"topic\":\"parenting\",\"by\":\"professional\",\"substitutes_professional\":false}],"
	"\"evaluation_on\":\"2023-06-01\",\"fallback\":\"oma\"},"
	"\"measures\":[{\"measure\":\"supervision_order\",\"count\":2,\"at_request\":\"threatened\","
	"\"at_follow_up\":\"prevented\"}],\"costs_cents\":400000,"
	"\"follow_up\":{\"on\":\"2023-09-01\",\"situation\":\"improved\",\"satisfaction\":{\"main_person\":8},"
	"\"actions_done_pct\":80},\"main_persons\":[\"Anna\"],"
	"\"network\":[{\"name\":\"Oma\",\"relation\":\"grandmother\",\"role\":\"network\"}]}";

static json_t *full(void)
{
	json_t *c = json_loads(FULL, 0, NULL);
	assert_non_null(c);
	return c;
}

/* the check refuses c at path, with a reason holding reason_part; frees c */
static void check_fails(json_t *c, const char *path, const char *reason_part)
{
	struct ix_error e;
	assert_int_equal(ix_check_case(c, &e), -1);
	assert_string_equal(e.path, path);
	if (!strstr(e.reason, reason_part))
		fail_msg("reason \"%s\" does not hold \"%s\"", e.reason, reason_part);
	json_decref(c);
}

static void full_case_passes(void **state)
{
	(void)state;
	struct ix_error e;
	json_t *c = full();
	assert_int_equal(ix_check_case(c, &e), 0);
	json_decref(c);
}

static void minimal_case_passes(void **state)
{
	(void)state;
	struct ix_error e;
	json_t *c = json_loads("{\"ref\":\"r\",\"kind\":\"group\",\"track\":\"other\",\"region\":\"R\","
			       "\"requested_on\":\"2020-02-29\",\"referrer\":{\"type\":\"self\"},\"topics\":[],"
			       "\"minors\":0,\"measures\":[]}", 0, NULL);
	assert_int_equal(ix_check_case(c, &e), 0);
	json_decref(c);
}

static void a_bad_action_is_named_by_its_path(void **state)
{
	(void)state;
	json_t *c = full();
	json_t *a = json_array_get(json_object_get(json_object_get(c, "plan"), "actions"), 1);
	json_object_set_new(a, "by", json_string("prof"));
	check_fails(c, "plan.actions[1].by", "must be one of network, professional");
}

static void a_missing_key_is_required(void **state)
{
	(void)state;
	json_t *c = full();
	json_object_del(c, "requested_on");
	check_fails(c, "requested_on", "is required");
	c = full();
	json_object_del(json_object_get(c, "referrer"), "type");
	check_fails(c, "referrer.type", "is required");
}

static void an_unknown_key_is_refused(void **state)
{
	(void)state;
	json_t *c = full();
	json_object_set_new(c, "requested", json_string("2023-01-01"));
	check_fails(c, "requested", "is not a key of kring-case/1");
	c = full();
	json_object_set_new(json_object_get(c, "follow_up"), "mood", json_integer(3));
	check_fails(c, "follow_up.mood", "is not a key");
}

static void values_out_of_their_type_or_range(void **state)
{
	(void)state;
	json_t *c = full();
	json_object_set_new(c, "requested_on", json_string("2023-02-30"));
	check_fails(c, "requested_on", "must be a date");
	c = full();
	json_object_set_new(c, "minors", json_integer(-1));
	check_fails(c, "minors", "from 0 to 50");
	c = full();
	json_object_set_new(c, "minors", json_string("2"));
	check_fails(c, "minors", "whole number");
	c = full();
	json_object_set_new(json_object_get(json_object_get(c, "follow_up"), "satisfaction"), "child",
			    json_integer(11));
	check_fails(c, "follow_up.satisfaction.child", "from 1 to 10");
	c = full();
	json_object_set_new(json_array_get(json_object_get(c, "measures"), 0), "count", json_integer(0));
	check_fails(c, "measures[0].count", "from 1 to 50");
	c = full();
	json_object_set_new(c, "region", json_string(""));
	check_fails(c, "region", "must not be empty");
	c = full();
	json_object_set_new(c, "costs_cents", json_null());
	check_fails(c, "costs_cents", "left out rather than null");
	c = full();
	json_object_set_new(c, "topics", json_pack("[ss]", "school", "school"));
	check_fails(c, "topics[1]", "appears twice");
	c = full();
	json_object_set_new(c, "plan", json_string("yes"));
	check_fails(c, "plan", "must be an object");
}

static void a_verdict_may_be_null(void **state)
{
	(void)state;
	struct ix_error e;
	json_t *c = full();
	json_object_set_new(json_object_get(c, "plan"), "safe_and_feasible", json_null());
	assert_int_equal(ix_check_case(c, &e), 0);
	json_object_set_new(json_object_get(c, "plan"), "safe_and_feasible", json_string("yes"));
	check_fails(c, "plan.safe_and_feasible", "true or false or null");
}

static void rules_between_keys(void **state)
{
	(void)state;
	json_t *c = full();
	json_object_set_new(c, "stop_reason", json_string("no_network"));
	check_fails(c, "stop_reason", "only given with outcome stopped");
	c = full();
	json_object_del(c, "funder");
	check_fails(c, "agreement", "needs the funder");
	c = full();
	json_object_set_new(json_array_get(json_object_get(c, "measures"), 0), "at_follow_up", json_string("reversed"));
	check_fails(c, "measures[0].at_follow_up", "prevented or happened");
}

static void the_state_follows_the_content(void **state)
{
	(void)state;
	json_t *c = full();
	assert_string_equal(ix_state(c), "follow_up");
	json_object_del(c, "follow_up");
	assert_string_equal(ix_state(c), "plan_judged");
	json_object_set_new(json_object_get(c, "plan"), "safe_and_feasible", json_false());
	assert_string_equal(ix_state(c), "conference_held");
	json_object_set_new(c, "outcome", json_string("stopped"));
	assert_string_equal(ix_state(c), "stopped");
	json_object_del(c, "outcome");
	assert_string_equal(ix_state(c), "coordinator_assigned");
	json_object_del(c, "coordinator");
	assert_string_equal(ix_state(c), "funding_decided");
	json_object_del(c, "funder");
	assert_string_equal(ix_state(c), "requested");
	json_decref(c);
}

static void the_schema_names_every_key_and_the_required_ones(void **state)
{
	(void)state;
	json_t *s = ix_schema();
	json_t *props = json_object_get(s, "properties");
	json_t *c = full();
	const char *key;
	json_t *v;
	assert_string_equal(json_string_value(json_object_get(s, "$schema")),
			    "https://json-schema.org/draft/2020-12/schema");
	json_object_foreach(c, key, v) {
		if (!json_object_get(props, key))
			fail_msg("the schema lacks %s", key);
	}
	assert_non_null(json_object_get(props, "stop_reason"));
	assert_int_equal(json_object_size(props), json_object_size(c) + 1);
	json_t *req = json_object_get(s, "required");
	assert_int_equal(json_array_size(req), 9); /* ref kind track region requested_on referrer topics minors measures */
	assert_false(json_is_true(json_object_get(s, "additionalProperties")));
	json_t *by = json_object_get(json_object_get(json_object_get(json_object_get(json_object_get(props, "plan"),
		"properties"), "actions"), "items"), "properties");
	assert_int_equal(json_array_size(json_object_get(json_object_get(by, "by"), "enum")), 2);
	json_decref(c);
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_case_passes),
		cmocka_unit_test(minimal_case_passes),
		cmocka_unit_test(a_bad_action_is_named_by_its_path),
		cmocka_unit_test(a_missing_key_is_required),
		cmocka_unit_test(an_unknown_key_is_refused),
		cmocka_unit_test(values_out_of_their_type_or_range),
		cmocka_unit_test(a_verdict_may_be_null),
		cmocka_unit_test(rules_between_keys),
		cmocka_unit_test(the_state_follows_the_content),
		cmocka_unit_test(the_schema_names_every_key_and_the_required_ones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
