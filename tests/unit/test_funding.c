/*
 * Does an agreement pay for a request (domain/funding.c): each rule on its
 * own (period, region, municipality, kind, track, tariff, budget, number of
 * conferences), every reason at once, and the budget's figures and
 * warnings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/funding.h"

static json_t *J(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);
	if (!v)
		fail_msg("bad JSON in test: %s (%s)", text, e.text);
	return v;
}

/* an agreement for 2024 in region 1 paying every kind, with changes over it */
static json_t *agreement(const char *over)
{
	json_t *a = J("{\"id\": 7, \"funder_id\": 3, \"name\": \"Jeugd 2024\", \"starts_on\": \"2024-01-01\", "
		      "\"ends_on\": \"2024-12-31\", \"region_id\": 1, \"tariff_family_cents\": 400000, "
		      "\"tariff_restoration_cents\": 350000, \"tariff_group_cents\": 450000, "
		      "\"tariff_learning_cents\": 190000, \"kinds\": [], \"tracks\": [], \"municipalities\": [], "
		      "\"warn_below_pct\": 10}");
	json_t *o = J(over);
	json_object_update(a, o);
	json_decref(o);
	return a;
}

/* a family request of March 2024 in region 1 (Utrecht), with changes over it */
static json_t *request(const char *over)
{
	json_t *r = J("{\"id\": 42, \"requested_on\": \"2024-03-01\", \"region_id\": 1, \"kind\": \"family\", "
		      "\"track\": \"youth_voluntary\", \"municipality\": \"Utrecht\"}");
	json_t *o = J(over);
	json_object_update(r, o);
	json_decref(o);
	return r;
}

static const struct funding_use NOTHING_USED = { 0, 0 };

/* the misfits of agreement over a and request over r, nothing used */
static unsigned misfits(const char *a, const char *r)
{
	json_t *ag = agreement(a), *req = request(r);
	struct funding_fit fit;
	unsigned m = funding_fit(ag, req, &NOTHING_USED, &fit);
	json_decref(ag);
	json_decref(req);
	return m;
}

static void an_agreement_covering_everything_fits_with_its_tariff(void **state)
{
	(void)state;
	json_t *ag = agreement("{}"), *req = request("{}");
	struct funding_fit fit;
	assert_int_equal(funding_fit(ag, req, &NOTHING_USED, &fit), 0);
	assert_true(fit.has_tariff);
	assert_int_equal(fit.tariff_cents, 400000);
	assert_false(fit.has_budget);
	assert_false(fit.has_max);
	json_decref(ag);
	json_decref(req);
}

static void the_period_must_cover_the_date_of_the_request(void **state)
{
	(void)state;
	assert_int_equal(misfits("{}", "{\"requested_on\": \"2024-01-01\"}"), 0);
	assert_int_equal(misfits("{}", "{\"requested_on\": \"2024-12-31\"}"), 0);
	assert_int_equal(misfits("{}", "{\"requested_on\": \"2023-12-31\"}"), FUND_NOT_STARTED);
	assert_int_equal(misfits("{}", "{\"requested_on\": \"2025-01-01\"}"), FUND_ENDED);
	/* an open end covers every later date */
	assert_int_equal(misfits("{\"ends_on\": null}", "{\"requested_on\": \"2031-05-05\"}"), 0);
}

static void an_agreement_for_a_region_pays_only_there(void **state)
{
	(void)state;
	assert_int_equal(misfits("{}", "{\"region_id\": 2}"), FUND_REGION);
	assert_int_equal(misfits("{\"region_id\": null}", "{\"region_id\": 2}"), 0);
}

static void municipalities_narrow_the_region(void **state)
{
	(void)state;
	assert_int_equal(misfits("{\"municipalities\": [\"Utrecht\", \"Zeist\"]}", "{}"), 0);
	/* the case of ASCII letters does not matter */
	assert_int_equal(misfits("{\"municipalities\": [\"utrecht\"]}", "{}"), 0);
	assert_int_equal(misfits("{\"municipalities\": [\"Zeist\"]}", "{}"), FUND_MUNICIPALITY);
	assert_int_equal(misfits("{\"municipalities\": [\"Zeist\"]}", "{\"municipality\": null}"),
			 FUND_NO_MUNICIPALITY);
	/* no list: the whole region, with or without a municipality */
	assert_int_equal(misfits("{}", "{\"municipality\": null}"), 0);
}

static void kinds_and_tracks_listed_are_the_only_ones_paid(void **state)
{
	(void)state;
	assert_int_equal(misfits("{\"kinds\": [\"family\", \"group\"]}", "{}"), 0);
	assert_int_equal(misfits("{\"kinds\": [\"learning\"]}", "{}"), FUND_KIND);
	assert_int_equal(misfits("{\"tracks\": [\"youth_voluntary\"]}", "{}"), 0);
	assert_int_equal(misfits("{\"tracks\": [\"eviction\", \"adult\"]}", "{}"), FUND_TRACK);
}

static void a_kind_without_a_tariff_is_not_paid(void **state)
{
	(void)state;
	assert_int_equal(misfits("{\"tariff_family_cents\": null}", "{}"), FUND_NO_TARIFF);
	/* a kind the agreement does not pay for names that reason, not the tariff */
	assert_int_equal(misfits("{\"kinds\": [\"group\"], \"tariff_family_cents\": null}", "{}"), FUND_KIND);
	int64_t cents;
	json_t *ag = agreement("{}");
	assert_true(funding_tariff(ag, "learning", &cents));
	assert_int_equal(cents, 190000);
	assert_false(funding_tariff(ag, "unknown", &cents));
	json_decref(ag);
}

static void the_budget_must_hold_the_tariff_to_the_last_cent(void **state)
{
	(void)state;
	/* three family tariffs; two committed */
	json_t *ag = agreement("{\"budget_cents\": 1200000}"), *req = request("{}");
	struct funding_fit fit;
	struct funding_use two = { 800000, 2 }, three = { 1200000, 3 }, almost = { 800001, 2 };
	assert_int_equal(funding_fit(ag, req, &two, &fit), 0);
	assert_int_equal(fit.remaining_cents, 400000);
	assert_int_equal(fit.remaining_after, 0);
	assert_int_equal(funding_fit(ag, req, &almost, &fit), FUND_BUDGET);
	assert_int_equal(fit.remaining_after, -1);
	assert_int_equal(funding_fit(ag, req, &three, &fit), FUND_BUDGET);
	json_decref(ag);
	json_decref(req);
}

static void the_number_of_conferences_is_a_limit_of_its_own(void **state)
{
	(void)state;
	json_t *ag = agreement("{\"max_conferences\": 2}"), *req = request("{}");
	struct funding_fit fit;
	struct funding_use one = { 400000, 1 }, two = { 800000, 2 };
	assert_int_equal(funding_fit(ag, req, &one, &fit), 0);
	assert_int_equal(fit.conferences_left, 1);
	assert_int_equal(fit.conferences_left_after, 0);
	assert_int_equal(funding_fit(ag, req, &two, &fit), FUND_CONFERENCES);
	json_decref(ag);
	json_decref(req);
}

static void every_reason_is_given_at_once_in_words(void **state)
{
	(void)state;
	unsigned m = misfits("{\"region_id\": 9, \"kinds\": [\"group\"], \"tracks\": [\"adult\"]}",
			     "{\"requested_on\": \"2025-02-02\"}");
	assert_int_equal(m, FUND_ENDED | FUND_REGION | FUND_KIND | FUND_TRACK);
	json_t *j = funding_misfits_json(m);
	assert_int_equal(json_array_size(j), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "code")), "period_ended");
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 3), "code")), "track");
	assert_true(strlen(json_string_value(json_object_get(json_array_get(j, 1), "detail"))) > 10);
	json_decref(j);
	for (int b = 0; b < FUND__COUNT; b++) {
		assert_true(funding_misfit_code((enum funding_misfit)(1u << b))[0] != '\0');
		assert_true(funding_misfit_text((enum funding_misfit)(1u << b))[0] != '\0');
	}
}

static void a_budget_shows_committed_spent_and_remaining(void **state)
{
	(void)state;
	json_t *ag = agreement("{\"budget_cents\": 4000000, \"max_conferences\": 10}");
	struct budget b;
	funding_budget(ag, 800000, 2, 1200000, 3, &b);
	assert_true(b.has_budget);
	assert_int_equal(b.remaining_cents, 2000000);
	assert_int_equal(b.conferences_left, 5);
	assert_int_equal(b.warnings, 0);
	json_decref(ag);
}

static void a_budget_warns_when_it_runs_low(void **state)
{
	(void)state;
	json_t *ag = agreement("{\"budget_cents\": 10000000, \"max_conferences\": 40}");
	struct budget b;
	/* 9% left: below the 10% */
	funding_budget(ag, 0, 0, 9100000, 10, &b);
	assert_int_equal(b.warnings, BUDGET_LOW);
	/* 10% left exactly: no warning yet */
	funding_budget(ag, 0, 0, 9000000, 10, &b);
	assert_int_equal(b.warnings, 0);
	/* 4,000.00 left: a group conference (4,500.00) no longer fits, a family one does */
	funding_budget(ag, 0, 0, 9600000, 10, &b);
	assert_int_equal(b.warnings, BUDGET_LOW | BUDGET_BELOW_TARIFF);
	/* 1,000.00 left: below the lowest tariff */
	funding_budget(ag, 400000, 1, 9500000, 10, &b);
	assert_int_equal(b.warnings, BUDGET_LOW | BUDGET_EXHAUSTED);
	/* conferences: 3 of 40 left is below 10%, none left is exhausted */
	funding_budget(ag, 0, 17, 0, 20, &b);
	assert_int_equal(b.warnings, BUDGET_CONFERENCES_LOW);
	funding_budget(ag, 0, 20, 0, 20, &b);
	assert_int_equal(b.warnings, BUDGET_NO_CONFERENCES);
	json_t *j = budget_warnings_json(BUDGET_LOW | BUDGET_NO_CONFERENCES);
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 1), "code")), "conferences_exhausted");
	json_decref(j);
	json_decref(ag);
}

static void the_tariffs_that_count_are_those_of_the_kinds_paid(void **state)
{
	(void)state;
	/* learning questions only: 1,900.00 left is enough for one more */
	json_t *ag = agreement("{\"budget_cents\": 1900000, \"kinds\": [\"learning\"], \"warn_below_pct\": 0}");
	struct budget b;
	funding_budget(ag, 0, 0, 1710000, 9, &b);
	assert_int_equal(b.remaining_cents, 190000);
	assert_int_equal(b.warnings, 0);
	funding_budget(ag, 0, 0, 1710001, 9, &b);
	assert_int_equal(b.warnings, BUDGET_EXHAUSTED);
	json_decref(ag);
}

static void without_limits_a_budget_never_warns(void **state)
{
	(void)state;
	json_t *ag = agreement("{}");
	struct budget b;
	funding_budget(ag, 99900000, 250, 99900000, 250, &b);
	assert_false(b.has_budget);
	assert_false(b.has_max);
	assert_int_equal(b.warnings, 0);
	json_decref(ag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_agreement_covering_everything_fits_with_its_tariff),
		cmocka_unit_test(the_period_must_cover_the_date_of_the_request),
		cmocka_unit_test(an_agreement_for_a_region_pays_only_there),
		cmocka_unit_test(municipalities_narrow_the_region),
		cmocka_unit_test(kinds_and_tracks_listed_are_the_only_ones_paid),
		cmocka_unit_test(a_kind_without_a_tariff_is_not_paid),
		cmocka_unit_test(the_budget_must_hold_the_tariff_to_the_last_cent),
		cmocka_unit_test(the_number_of_conferences_is_a_limit_of_its_own),
		cmocka_unit_test(every_reason_is_given_at_once_in_words),
		cmocka_unit_test(a_budget_shows_committed_spent_and_remaining),
		cmocka_unit_test(a_budget_warns_when_it_runs_low),
		cmocka_unit_test(the_tariffs_that_count_are_those_of_the_kinds_paid),
		cmocka_unit_test(without_limits_a_budget_never_warns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
