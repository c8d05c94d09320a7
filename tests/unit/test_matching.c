/*
 * domain/matching.c: each hard rule excludes the coordinator it should and
 * names itself, each soft score counts what it should, and the ranking
 * orders by score and then by id.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/matching.h"
#include "util/text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define TODAY "2025-03-10"

static const char *const NL_AR[] = { "nl", "ar" };
static const char *const TR[] = { "tr" };
static const char *const MAROKKAANS[] = { "Marokkaans" };
static const int64_t REGION_1[] = { 1 };

static int32_t day(const char *date)
{
	return (int32_t)date_days(date);
}

/* a coordinator who passes every rule of the request below */
static struct match_candidate good(int64_t id)
{
	struct match_candidate c = {
		.id = id,
		.name = "Fatima",
		.active = true,
		.gender = "female",
		.languages = NL_AR,
		.nlanguages = 2,
		.backgrounds = MAROKKAANS,
		.nbackgrounds = 1,
		.region_ids = REGION_1,
		.nregion_ids = 1,
		.course_day = day("2020-01-15"),
		.refresher_day = day("2024-06-01"),
		.capacity = 3,
		.load = 1,
	};
	return c;
}

struct fixture {
	struct match_settings set;
	struct match_request rq;
};

static const char *const PERSONS[] = { "Samira el Amrani", "Youssef el Amrani", "Oma Khadija" };

static int setup(void **state)
{
	static struct fixture fx;
	memset(&fx, 0, sizeof fx);
	match_settings_default(&fx.set);
	fx.rq.region_id = 1;
	fx.rq.preferred_language = "ar";
	fx.rq.preferred_gender = "female";
	fx.rq.referrer_organisation_id = 7;
	fx.rq.funder_ids[0] = 9;
	fx.rq.persons = PERSONS;
	fx.rq.npersons = N(PERSONS);
	assert_int_equal(match_request_days(&fx.rq, TODAY, "2025-05-01", &fx.set), 0);
	*state = &fx;
	return 0;
}

static struct match_result check(struct fixture *fx, const struct match_candidate *c)
{
	struct match_result r;
	memset(&r, 0, sizeof r);
	match_one(&fx->rq, &fx->set, c, &r);
	return r;
}

/* excluded by exactly the rule given */
static void excluded_by(struct fixture *fx, const struct match_candidate *c, enum match_rule rule)
{
	struct match_result r = check(fx, c);
	if (r.failed != (1u << rule))
		fail_msg("expected only %s to fail, failed mask %#x", match_rule_name(rule), r.failed);
}

static void a_coordinator_who_fits_passes_every_rule(void **state)
{
	struct fixture *fx = *state;
	struct match_candidate c = good(1);
	struct match_result r = check(fx, &c);
	assert_int_equal(r.failed, 0);
	/* language 40, gender 25, background 0 (no wish), load 10 * 2/3, travel 5 (region only) */
	assert_int_equal(r.component[MC_LANGUAGE], 40000);
	assert_int_equal(r.component[MC_GENDER], 25000);
	assert_int_equal(r.component[MC_BACKGROUND], 0);
	assert_int_equal(r.component[MC_LOAD], 6660);
	assert_int_equal(r.component[MC_TRAVEL], 5000);
	assert_int_equal(r.score, 40000 + 25000 + 6660 + 5000);
}

static void an_inactive_coordinator_is_excluded(void **state)
{
	struct match_candidate c = good(1);
	c.active = false;
	excluded_by(*state, &c, MR_ACTIVE);
}

static void training_counts_the_last_refresher_or_else_the_course(void **state)
{
	struct fixture *fx = *state;
	/* 24 months before 2025-03-10 is 2023-03-10 */
	struct match_candidate c = good(1);
	c.refresher_day = day("2023-03-09");
	excluded_by(fx, &c, MR_TRAINING);
	c.refresher_day = day("2023-03-10");
	assert_int_equal(check(fx, &c).failed, 0);
	/* no refresher yet: the course counts */
	c.refresher_day = MATCH_NO_DAY;
	c.course_day = day("2024-11-01");
	assert_int_equal(check(fx, &c).failed, 0);
	c.course_day = day("2022-11-01");
	excluded_by(fx, &c, MR_TRAINING);
	/* no course at all: never current, whatever else */
	c.course_day = MATCH_NO_DAY;
	c.refresher_day = day("2025-01-01");
	excluded_by(fx, &c, MR_TRAINING);
}

static void the_training_period_is_a_setting(void **state)
{
	struct fixture *fx = *state;
	struct match_candidate c = good(1);
	c.refresher_day = day("2024-01-01");
	fx->set.training_months = 12;
	assert_int_equal(match_request_days(&fx->rq, TODAY, "2025-05-01", &fx->set), 0);
	excluded_by(fx, &c, MR_TRAINING);
	/* the last day of a shorter month */
	assert_int_equal(match_request_days(&fx->rq, "2025-03-31", NULL, &fx->set), 0);
	fx->set.training_months = 1;
	assert_int_equal(match_request_days(&fx->rq, "2025-03-31", NULL, &fx->set), 0);
	assert_int_equal(fx->rq.training_cutoff, day("2025-02-28"));
	fx->set.training_months = 0;
	assert_int_equal(match_request_days(&fx->rq, TODAY, NULL, &fx->set), -1);
}

static void a_coordinator_outside_the_region_is_excluded(void **state)
{
	struct match_candidate c = good(1);
	static const int64_t other[] = { 2 };
	c.region_ids = other;
	excluded_by(*state, &c, MR_REGION);
	c.nregion_ids = 0;
	excluded_by(*state, &c, MR_REGION);
}

static void listed_municipalities_must_hold_the_requests(void **state)
{
	struct fixture *fx = *state;
	static const char *const towns[] = { "Utrecht", " Nieuwegein " };
	struct match_candidate c = good(1);
	c.municipalities = towns;
	c.nmunicipalities = 2;
	fx->rq.municipality = "Zeist";
	excluded_by(fx, &c, MR_MUNICIPALITY);
	/* ignoring case and surrounding spaces; served explicitly: full travel */
	fx->rq.municipality = "nieuwegein";
	struct match_result r = check(fx, &c);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.component[MC_TRAVEL], 10000);
	/* a coordinator listing none serves the whole region: half */
	c.nmunicipalities = 0;
	r = check(fx, &c);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.component[MC_TRAVEL], 5000);
	/* a request without a municipality cannot be checked against the list */
	c.nmunicipalities = 2;
	fx->rq.municipality = NULL;
	assert_int_equal(check(fx, &c).failed, 0);
}

static void a_coordinator_at_capacity_is_excluded(void **state)
{
	struct match_candidate c = good(1);
	c.load = 3;
	excluded_by(*state, &c, MR_CAPACITY);
	c.capacity = 0;
	c.load = 0;
	excluded_by(*state, &c, MR_CAPACITY);
	c.capacity = 4;
	c.load = 3;
	assert_int_equal(check(*state, &c).failed, 0);
	assert_int_equal(check(*state, &c).component[MC_LOAD], 2500);
}

static void unavailability_near_the_wanted_date_excludes(void **state)
{
	struct fixture *fx = *state;
	struct match_candidate c = good(1);
	int32_t away[2];
	c.unavailable = away;
	c.nunavailable = 1;
	/* wanted 2025-05-01: the window is 2025-04-24 .. 2025-05-08 */
	away[0] = day("2025-05-08");
	away[1] = day("2025-05-20");
	excluded_by(fx, &c, MR_AVAILABLE);
	away[0] = day("2025-04-01");
	away[1] = day("2025-04-24");
	excluded_by(fx, &c, MR_AVAILABLE);
	away[0] = day("2025-05-09");
	away[1] = day("2025-06-01");
	assert_int_equal(check(fx, &c).failed, 0);
	away[0] = day("2025-04-01");
	away[1] = day("2025-04-23");
	assert_int_equal(check(fx, &c).failed, 0);
}

static void without_a_wanted_date_the_window_lies_six_weeks_ahead(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(match_request_days(&fx->rq, TODAY, NULL, &fx->set), 0);
	assert_int_equal(fx->rq.window_from, day(TODAY) + 42 - 7);
	assert_int_equal(fx->rq.window_to, day(TODAY) + 42 + 7);
	assert_int_equal(match_request_days(&fx->rq, TODAY, "2025-02-30", &fx->set), -1);
}

static void links_with_the_referrer_or_the_funder_exclude(void **state)
{
	struct fixture *fx = *state;
	struct match_candidate c = good(1);
	static const int64_t orgs[] = { 3, 7 };
	static const int64_t funders[] = { 4, 9 };
	c.organisation_ids = orgs;
	c.norganisation_ids = 2;
	excluded_by(fx, &c, MR_REFERRER);
	c.norganisation_ids = 1;
	assert_int_equal(check(fx, &c).failed, 0);
	c.funder_ids = funders;
	c.nfunder_ids = 2;
	excluded_by(fx, &c, MR_FUNDER);
	/* the agreement's funder counts as well */
	fx->rq.funder_ids[0] = 0;
	fx->rq.funder_ids[1] = 9;
	excluded_by(fx, &c, MR_FUNDER);
	fx->rq.funder_ids[1] = 0;
	assert_int_equal(check(fx, &c).failed, 0);
	/* a request without a referrer organisation: no link */
	fx->rq.referrer_organisation_id = 0;
	c.norganisation_ids = 2;
	assert_int_equal(check(fx, &c).failed, 0);
}

static void a_declared_relation_with_the_family_excludes(void **state)
{
	struct fixture *fx = *state;
	struct match_candidate c = good(1);
	static const char *const knows[] = { "Piet Jansen", "  oma KHADIJA " };
	c.family_relations = knows;
	c.nfamily_relations = 2;
	excluded_by(fx, &c, MR_FAMILY);
	c.nfamily_relations = 1;
	assert_int_equal(check(fx, &c).failed, 0);
}

static void every_failed_rule_is_reported_not_just_the_first(void **state)
{
	struct match_candidate c = good(1);
	c.active = false;
	c.load = 5;
	c.nregion_ids = 0;
	struct match_result r = check(*state, &c);
	assert_int_equal(r.failed, (1u << MR_ACTIVE) | (1u << MR_REGION) | (1u << MR_CAPACITY));
}

static void language_counts_full_basic_half_and_the_interpreter(void **state)
{
	struct fixture *fx = *state;
	struct match_candidate c = good(1);
	c.languages = TR;
	c.nlanguages = 1;
	assert_int_equal(check(fx, &c).component[MC_LANGUAGE], 0);
	c.languages_basic = NL_AR;
	c.nlanguages_basic = 2;
	assert_int_equal(check(fx, &c).component[MC_LANGUAGE], 20000);
	/* the coordinator speaks the language to interpret */
	fx->rq.interpreter_needed = true;
	fx->rq.interpreter_language = "tr";
	assert_int_equal(check(fx, &c).component[MC_LANGUAGE], 40000);
	/* no wish at all: nothing to score */
	fx->rq.interpreter_needed = false;
	fx->rq.preferred_language = NULL;
	assert_int_equal(check(fx, &c).component[MC_LANGUAGE], 0);
}

static void gender_and_background_count_when_they_match(void **state)
{
	struct fixture *fx = *state;
	struct match_candidate c = good(1);
	fx->rq.preferred_background = " marokkaans";
	struct match_result r = check(fx, &c);
	assert_int_equal(r.component[MC_GENDER], 25000);
	assert_int_equal(r.component[MC_BACKGROUND], 15000);
	c.gender = "male";
	c.nbackgrounds = 0;
	r = check(fx, &c);
	assert_int_equal(r.component[MC_GENDER], 0);
	assert_int_equal(r.component[MC_BACKGROUND], 0);
	c.gender = NULL;
	assert_int_equal(check(fx, &c).component[MC_GENDER], 0);
}

static void weights_are_settings(void **state)
{
	struct fixture *fx = *state;
	struct match_candidate c = good(1);
	fx->set.weight[MC_LANGUAGE] = 0;
	fx->set.weight[MC_GENDER] = 100;
	struct match_result r = check(fx, &c);
	assert_int_equal(r.component[MC_LANGUAGE], 0);
	assert_int_equal(r.component[MC_GENDER], 100000);
}

static void ranking_orders_by_score_then_id_and_lists_the_excluded_by_id(void **state)
{
	struct fixture *fx = *state;
	struct match_candidate c[6];
	c[0] = good(30);            /* equal to 10 */
	c[1] = good(10);
	c[2] = good(20);
	c[2].gender = "male";       /* lower */
	c[3] = good(5);
	c[3].active = false;        /* excluded */
	c[4] = good(40);
	c[4].load = 0;              /* highest: most room */
	c[5] = good(2);
	c[5].nregion_ids = 0;       /* excluded */
	struct match_outcome out;
	assert_int_equal(match_rank(&fx->rq, &fx->set, c, N(c), &out), 0);
	assert_int_equal(out.nranked, 4);
	assert_int_equal(out.nexcluded, 2);
	static const int64_t order[] = { 40, 10, 30, 20, 2, 5 };
	for (size_t i = 0; i < N(order); i++) {
		assert_int_equal(c[out.results[i].index].id, order[i]);
		assert_int_equal(out.results[i].rank, i < 4 ? (int32_t)i + 1 : 0);
	}
	assert_int_equal(out.results[4].failed, 1u << MR_REGION);
	match_outcome_release(&out);
	assert_null(out.results);

	/* an empty pool */
	assert_int_equal(match_rank(&fx->rq, &fx->set, c, 0, &out), 0);
	assert_int_equal(out.nranked + out.nexcluded, 0);
	match_outcome_release(&out);
}

static void rules_and_components_have_names(void **state)
{
	(void)state;
	for (int r = 0; r < MR__COUNT; r++)
		assert_non_null(match_rule_name((enum match_rule)r));
	for (int k = 0; k < MC__COUNT; k++)
		assert_non_null(match_component_name((enum match_component)k));
	assert_null(match_rule_name(MR__COUNT));
	assert_string_equal(match_rule_name(MR_FUNDER), "independent_of_funder");
	assert_true(match_same_text("  Den Haag", "den haag "));
	assert_false(match_same_text("", " "));
	assert_false(match_same_text("Den Haag", NULL));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(a_coordinator_who_fits_passes_every_rule),
		T(an_inactive_coordinator_is_excluded),
		T(training_counts_the_last_refresher_or_else_the_course),
		T(the_training_period_is_a_setting),
		T(a_coordinator_outside_the_region_is_excluded),
		T(listed_municipalities_must_hold_the_requests),
		T(a_coordinator_at_capacity_is_excluded),
		T(unavailability_near_the_wanted_date_excludes),
		T(without_a_wanted_date_the_window_lies_six_weeks_ahead),
		T(links_with_the_referrer_or_the_funder_exclude),
		T(a_declared_relation_with_the_family_excludes),
		T(every_failed_rule_is_reported_not_just_the_first),
		T(language_counts_full_basic_half_and_the_interpreter),
		T(gender_and_background_count_when_they_match),
		T(weights_are_settings),
		T(ranking_orders_by_score_then_id_and_lists_the_excluded_by_id),
		T(rules_and_components_have_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
