/* Unit tests for domain/lifecycle.c: the case lifecycle as a state machine. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/lifecycle.h"
#include "domain/model.h"

#define NO (-1) /* the action is refused in this state */

/* short names so the tables below read as the table in docs/api.md */
enum {
	REQ = ST_REQUESTED,
	FUN = ST_FUNDING_DECIDED,
	COO = ST_COORDINATOR_ASSIGNED,
	PRE = ST_PREPARATION,
	SCH = ST_CONFERENCE_SCHEDULED,
	HEL = ST_CONFERENCE_HELD,
	JUD = ST_PLAN_JUDGED,
	FOL = ST_FOLLOW_UP,
	CLO = ST_CLOSED,
	STO = ST_STOPPED,
};

/*
 * Expected target per (state, action), written out from docs/api.md, with
 * the input "not approved, with a meeting" (also what a NULL input means).
 * Columns: decide-funding, assign-coordinator, start-preparation,
 * schedule-conference, record-conference, judge-plan, start-follow-up,
 * close, stop.
 */
static const int expect_no[ST__COUNT][ACT__COUNT] = {
	/*          fund coord prep  sched rec  judge foll close stop */
	[REQ] = { FUN, NO,  NO,  NO,  NO,  NO,  NO,  NO,  STO },
	[FUN] = { NO,  COO, NO,  NO,  NO,  NO,  NO,  NO,  STO },
	[COO] = { NO,  COO, PRE, NO,  NO,  NO,  NO,  NO,  STO },
	[PRE] = { NO,  PRE, NO,  SCH, NO,  NO,  NO,  NO,  STO },
	[SCH] = { NO,  SCH, NO,  SCH, HEL, NO,  NO,  NO,  STO },
	[HEL] = { NO,  NO,  NO,  NO,  NO,  HEL, NO,  CLO, NO },
	[JUD] = { NO,  NO,  NO,  NO,  NO,  NO,  FOL, CLO, NO },
	[FOL] = { NO,  NO,  NO,  NO,  NO,  NO,  NO,  CLO, NO },
	[CLO] = { NO,  NO,  NO,  NO,  NO,  NO,  NO,  NO,  NO },
	[STO] = { NO,  NO,  NO,  NO,  NO,  NO,  NO,  NO,  NO },
};

/* the same with the input "approved, without a meeting" */
static const int expect_yes[ST__COUNT][ACT__COUNT] = {
	/*          fund coord prep  sched rec  judge foll close stop */
	[REQ] = { FUN, NO,  NO,  NO,  NO,  NO,  NO,  NO,  STO },
	[FUN] = { NO,  COO, NO,  NO,  NO,  NO,  NO,  NO,  STO },
	[COO] = { NO,  COO, PRE, NO,  NO,  NO,  NO,  NO,  STO },
	[PRE] = { NO,  PRE, NO,  SCH, HEL, NO,  NO,  NO,  STO },
	[SCH] = { NO,  SCH, NO,  SCH, HEL, NO,  NO,  NO,  STO },
	[HEL] = { NO,  NO,  NO,  NO,  NO,  JUD, NO,  CLO, NO },
	[JUD] = { NO,  NO,  NO,  NO,  NO,  NO,  FOL, CLO, NO },
	[FOL] = { NO,  NO,  NO,  NO,  NO,  NO,  NO,  CLO, NO },
	[CLO] = { NO,  NO,  NO,  NO,  NO,  NO,  NO,  NO,  NO },
	[STO] = { NO,  NO,  NO,  NO,  NO,  NO,  NO,  NO,  NO },
};

static const char *const expected_state_names[ST__COUNT] = {
	"requested", "funding_decided", "coordinator_assigned", "preparation",
	"conference_scheduled", "conference_held", "plan_judged", "follow_up", "closed", "stopped",
};

static const char *const expected_action_names[ACT__COUNT] = {
	"decide-funding", "assign-coordinator", "start-preparation", "schedule-conference",
	"record-conference", "judge-plan", "start-follow-up", "close", "stop",
};

/* what lifecycle_next answers, as a target state or NO */
static int next(int from, int act, const struct transition_input *in)
{
	enum state to = ST__COUNT; /* a value no transition gives */
	int rc = lifecycle_next((enum state)from, (enum action)act, in, &to);
	if (rc < 0) {
		assert_int_equal(rc, -1);
		assert_int_equal(to, ST__COUNT); /* untouched when refused */
		return NO;
	}
	assert_int_equal(rc, 0);
	assert_in_range(to, 0, ST__COUNT - 1);
	return (int)to;
}

static void check_pair(int s, int a, const struct transition_input *in, int want)
{
	int got = next(s, a, in);
	if (got != want)
		fail_msg("%s in state %s (approved=%d, without_meeting=%d): want %s, got %s",
			 expected_action_names[a], expected_state_names[s], in ? in->approved : -1,
			 in ? in->without_meeting : -1, want == NO ? "refused" : expected_state_names[want],
			 got == NO ? "refused" : expected_state_names[got]);
}

static void every_state_and_action_pair_matches_the_documented_table(void **state)
{
	(void)state;
	for (int approved = 0; approved <= 1; approved++)
		for (int without = 0; without <= 1; without++) {
			struct transition_input in = { .approved = approved, .without_meeting = without };
			for (int s = 0; s < ST__COUNT; s++)
				for (int a = 0; a < ACT__COUNT; a++) {
					/* only judge-plan reads approved, only
					 * record-conference reads without_meeting */
					int want;
					if (a == ACT_JUDGE_PLAN)
						want = approved ? expect_yes[s][a] : expect_no[s][a];
					else if (a == ACT_RECORD_CONFERENCE)
						want = without ? expect_yes[s][a] : expect_no[s][a];
					else
						want = expect_no[s][a];
					check_pair(s, a, &in, want);
				}
		}
}

static void the_two_expected_tables_differ_only_where_the_input_matters(void **state)
{
	(void)state;
	/* guards the test itself: a typo in one table would otherwise hide */
	for (int s = 0; s < ST__COUNT; s++)
		for (int a = 0; a < ACT__COUNT; a++)
			if (a != ACT_JUDGE_PLAN && a != ACT_RECORD_CONFERENCE)
				assert_int_equal(expect_no[s][a], expect_yes[s][a]);
}

static void a_missing_input_means_not_approved_and_with_a_meeting(void **state)
{
	(void)state;
	for (int s = 0; s < ST__COUNT; s++)
		for (int a = 0; a < ACT__COUNT; a++)
			check_pair(s, a, NULL, expect_no[s][a]);
}

static void an_approved_plan_is_judged_and_a_rejected_one_stays_open(void **state)
{
	(void)state;
	struct transition_input yes = { .approved = true }, no = { .approved = false };
	assert_int_equal(next(HEL, ACT_JUDGE_PLAN, &yes), JUD);
	assert_int_equal(next(HEL, ACT_JUDGE_PLAN, &no), HEL);
	/* once judged, it cannot be judged again */
	assert_int_equal(next(JUD, ACT_JUDGE_PLAN, &yes), NO);
}

static void a_conference_is_recorded_from_preparation_only_without_a_meeting(void **state)
{
	(void)state;
	struct transition_input without = { .without_meeting = true }, with = { .without_meeting = false };
	assert_int_equal(next(PRE, ACT_RECORD_CONFERENCE, &without), HEL);
	assert_int_equal(next(PRE, ACT_RECORD_CONFERENCE, &with), NO);
	assert_int_equal(next(SCH, ACT_RECORD_CONFERENCE, &without), HEL);
	assert_int_equal(next(SCH, ACT_RECORD_CONFERENCE, &with), HEL);
}

static void reassigning_a_coordinator_keeps_the_state(void **state)
{
	(void)state;
	assert_int_equal(next(FUN, ACT_ASSIGN_COORDINATOR, NULL), COO);
	assert_int_equal(next(COO, ACT_ASSIGN_COORDINATOR, NULL), COO);
	assert_int_equal(next(PRE, ACT_ASSIGN_COORDINATOR, NULL), PRE);
	assert_int_equal(next(SCH, ACT_ASSIGN_COORDINATOR, NULL), SCH);
	assert_int_equal(next(HEL, ACT_ASSIGN_COORDINATOR, NULL), NO);
}

static void final_states_allow_nothing(void **state)
{
	(void)state;
	struct transition_input all = { .approved = true, .without_meeting = true };
	for (int a = 0; a < ACT__COUNT; a++) {
		assert_int_equal(next(CLO, a, NULL), NO);
		assert_int_equal(next(STO, a, NULL), NO);
		assert_int_equal(next(CLO, a, &all), NO);
		assert_int_equal(next(STO, a, &all), NO);
		assert_false(lifecycle_actions[a].from_mask & (1u << ST_CLOSED));
		assert_false(lifecycle_actions[a].from_mask & (1u << ST_STOPPED));
	}
}

static void values_outside_the_enums_are_refused(void **state)
{
	(void)state;
	assert_int_equal(next(ST__COUNT, ACT_CLOSE, NULL), NO);
	assert_int_equal(next(-1, ACT_CLOSE, NULL), NO);
	assert_int_equal(next(HEL, ACT__COUNT, NULL), NO);
	assert_int_equal(next(HEL, -1, NULL), NO);
}

static void state_names_equal_the_model_enum_in_the_same_order(void **state)
{
	(void)state;
	for (int s = 0; s < ST__COUNT; s++) {
		assert_non_null(ENUM_STATE[s]);
		assert_string_equal(ENUM_STATE[s], expected_state_names[s]);
		assert_string_equal(state_name((enum state)s), expected_state_names[s]);
	}
	assert_null(ENUM_STATE[ST__COUNT]); /* and no more */
}

static void state_names_round_trip(void **state)
{
	(void)state;
	for (int s = 0; s < ST__COUNT; s++)
		assert_int_equal(state_from_name(state_name((enum state)s)), s);
	assert_null(state_name(ST__COUNT));
	assert_null(state_name((enum state)-1));
	assert_int_equal(state_from_name("open"), -1);
	assert_int_equal(state_from_name(""), -1);
	assert_int_equal(state_from_name("Requested"), -1);
	assert_int_equal(state_from_name("requested "), -1);
	assert_int_equal(state_from_name(NULL), -1);
}

static void every_action_is_found_by_its_url_name(void **state)
{
	(void)state;
	for (int a = 0; a < ACT__COUNT; a++) {
		const struct action_def *d = lifecycle_action(expected_action_names[a]);
		assert_non_null(d);
		assert_ptr_equal(d, &lifecycle_actions[a]);
		assert_int_equal(d->action, a);
		assert_string_equal(d->name, expected_action_names[a]);
		assert_non_null(d->doc);
		assert_in_range(d->to, 0, ST__COUNT - 1);
		assert_true(d->from_mask != 0);
		assert_true(d->from_mask < (1u << ST__COUNT));
	}
}

static void an_unknown_action_name_is_not_found(void **state)
{
	(void)state;
	assert_null(lifecycle_action("reopen"));
	assert_null(lifecycle_action(""));
	assert_null(lifecycle_action("decide_funding"));
	assert_null(lifecycle_action("Close"));
	assert_null(lifecycle_action("close "));
	assert_null(lifecycle_action(NULL));
}

static void the_plan_is_editable_from_the_conference_until_closing(void **state)
{
	(void)state;
	for (int s = 0; s < ST__COUNT; s++) {
		bool want = s == HEL || s == JUD || s == FOL;
		assert_int_equal(lifecycle_plan_editable((enum state)s), want);
	}
}

static void the_conference_counts_as_held_from_held_to_closed(void **state)
{
	(void)state;
	for (int s = 0; s < ST__COUNT; s++) {
		bool want = s == HEL || s == JUD || s == FOL || s == CLO;
		assert_int_equal(lifecycle_conference_held((enum state)s), want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_state_and_action_pair_matches_the_documented_table),
		cmocka_unit_test(the_two_expected_tables_differ_only_where_the_input_matters),
		cmocka_unit_test(a_missing_input_means_not_approved_and_with_a_meeting),
		cmocka_unit_test(an_approved_plan_is_judged_and_a_rejected_one_stays_open),
		cmocka_unit_test(a_conference_is_recorded_from_preparation_only_without_a_meeting),
		cmocka_unit_test(reassigning_a_coordinator_keeps_the_state),
		cmocka_unit_test(final_states_allow_nothing),
		cmocka_unit_test(values_outside_the_enums_are_refused),
		cmocka_unit_test(state_names_equal_the_model_enum_in_the_same_order),
		cmocka_unit_test(state_names_round_trip),
		cmocka_unit_test(every_action_is_found_by_its_url_name),
		cmocka_unit_test(an_unknown_action_name_is_not_found),
		cmocka_unit_test(the_plan_is_editable_from_the_conference_until_closing),
		cmocka_unit_test(the_conference_counts_as_held_from_held_to_closed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
