/*
 * The reports' arithmetic (domain/report.c): percentages with their
 * denominators, rounding half away from zero, growth and means, the
 * unit-costs document and its errors, the cost-benefit lines and totals,
 * and the funder's view that withholds small counts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/report.h"

/* the JSON text of v, compact with sorted keys (caller frees) */
static char *text(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
}

static void assert_json(const json_t *v, const char *expected)
{
	char *t = text(v);
	assert_non_null(t);
	assert_string_equal(t, expected);
	free(t);
}

static void rounding_is_half_away_from_zero(void **state)
{
	(void)state;
	assert_int_equal(report_div_round(5, 2), 3);
	assert_int_equal(report_div_round(-5, 2), -3);
	assert_int_equal(report_div_round(7, 3), 2);
	assert_int_equal(report_div_round(-7, 3), -2);
	assert_int_equal(report_div_round(1, 2), 1);
	assert_int_equal(report_div_round(-1, 2), -1);
	assert_int_equal(report_div_round(0, 7), 0);
	assert_int_equal(report_div_round(170000000000LL, 100), 1700000000LL);
}

static void a_percentage_shows_its_denominator(void **state)
{
	(void)state;
	json_t *p = report_pct(22, 24);
	assert_json(p, "{\"count\":22,\"of\":24,\"pct\":91.7}");
	json_decref(p);
	p = report_pct(2, 3); /* 66.666... */
	assert_json(p, "{\"count\":2,\"of\":3,\"pct\":66.7}");
	json_decref(p);
	p = report_pct(1, 8); /* 12.5 exactly stays */
	assert_json(p, "{\"count\":1,\"of\":8,\"pct\":12.5}");
	json_decref(p);
	p = report_pct(1, 16); /* 6.25 rounds up, away from zero */
	assert_json(p, "{\"count\":1,\"of\":16,\"pct\":6.3}");
	json_decref(p);
	p = report_pct(0, 0); /* no denominator: no percentage */
	assert_json(p, "{\"count\":0,\"of\":0,\"pct\":null}");
	json_decref(p);
}

static void growth_and_means_have_one_decimal(void **state)
{
	(void)state;
	json_t *v = report_growth(600, 500);
	assert_json(v, "20.0");
	json_decref(v);
	v = report_growth(127, 100);
	assert_json(v, "27.0");
	json_decref(v);
	v = report_growth(90, 100);
	assert_json(v, "-10.0");
	json_decref(v);
	v = report_growth(1, 3); /* -66.666... rounds away from zero */
	assert_json(v, "-66.7");
	json_decref(v);
	v = report_growth(5, 0);
	assert_json(v, "null");
	json_decref(v);
	v = report_mean(1300, 100);
	assert_json(v, "13.0");
	json_decref(v);
	v = report_mean(0, 0);
	assert_json(v, "null");
	json_decref(v);
	v = report_mean_of(23, 3); /* 7.666... */
	assert_json(v, "{\"mean\":7.7,\"of\":3}");
	json_decref(v);
}

#define ITEM(b, l, h) "{\"base_cents\":" #b ",\"low_cents\":" #l ",\"high_cents\":" #h ",\"source\":\"a study\"}"

static const char good[] = "{\"currency\":\"EUR\",\"horizon_years\":1,\"discount_rate_pct\":2.25,\"items\":{"
			   "\"supervision_order.prevented\":" ITEM(3000000, 1500000, 4500000) ","
			   "\"out_of_home_placement.prevented\":" ITEM(2000000, 1000000, 3000000) ","
			   "\"out_of_home_placement.reversed\":" ITEM(2100000, 2100000, 2100000) ","
			   "\"substituted_action\":" ITEM(280000, 0, 560000) "}}";

/* the error parsing doc gives, or "" when it is accepted */
static const char *parse_error(const char *doc)
{
	static char err[256];
	json_t *d = NULL;
	err[0] = '\0';
	if (report_unit_costs_parse(doc, &d, err, sizeof err) == 0)
		assert_non_null(d);
	else
		assert_null(d);
	json_decref(d);
	return err;
}

static void unit_costs_are_checked_and_errors_name_the_key(void **state)
{
	(void)state;
	assert_string_equal(parse_error(good), "");
	assert_non_null(strstr(parse_error("{"), "not JSON"));
	assert_string_equal(parse_error("[]"), "must be a JSON object");
	assert_non_null(strstr(parse_error("{\"currency\":\"eur\",\"horizon_years\":1,\"discount_rate_pct\":0,"
					   "\"items\":{\"substituted_action\":" ITEM(1, 1, 1) "}}"),
			       "currency:"));
	assert_non_null(strstr(parse_error("{\"currency\":\"EUR\",\"horizon_years\":51,\"discount_rate_pct\":0,"
					   "\"items\":{\"substituted_action\":" ITEM(1, 1, 1) "}}"),
			       "horizon_years:"));
	assert_non_null(strstr(parse_error("{\"currency\":\"EUR\",\"horizon_years\":0,\"discount_rate_pct\":0,"
					   "\"items\":{\"substituted_action\":" ITEM(1, 1, 1) "}}"),
			       "horizon_years:"));
	assert_non_null(strstr(parse_error("{\"currency\":\"EUR\",\"horizon_years\":3,\"discount_rate_pct\":20.5,"
					   "\"items\":{\"substituted_action\":" ITEM(1, 1, 1) "}}"),
			       "discount_rate_pct:"));
	assert_non_null(strstr(parse_error("{\"currency\":\"EUR\",\"horizon_years\":3,\"discount_rate_pct\":2,"
					   "\"items\":{}}"),
			       "items:"));
	assert_non_null(strstr(parse_error("{\"currency\":\"EUR\",\"horizon_years\":3,\"discount_rate_pct\":2,"
					   "\"items\":{\"eviction.happened\":" ITEM(1, 1, 1) "}}"),
			       "items.eviction.happened: not an item"));
	assert_non_null(strstr(parse_error("{\"currency\":\"EUR\",\"horizon_years\":3,\"discount_rate_pct\":2,"
					   "\"items\":{\"eviction.prevented\":" ITEM(5, 6, 7) "}}"),
			       "items.eviction.prevented.low_cents: must not be more than base_cents"));
	assert_non_null(strstr(parse_error("{\"currency\":\"EUR\",\"horizon_years\":3,\"discount_rate_pct\":2,"
					   "\"items\":{\"eviction.prevented\":" ITEM(5, 4, 3) "}}"),
			       "items.eviction.prevented.high_cents"));
	assert_non_null(strstr(parse_error("{\"currency\":\"EUR\",\"horizon_years\":3,\"discount_rate_pct\":2,"
					   "\"items\":{\"eviction.prevented\":{\"base_cents\":1,\"low_cents\":1,"
					   "\"high_cents\":1,\"source\":\"\"}}}"),
			       "items.eviction.prevented.source: must be a non-empty text"));
	assert_non_null(strstr(parse_error("{\"currency\":\"EUR\",\"horizon_years\":3,\"discount_rate_pct\":2,"
					   "\"items\":{\"eviction.prevented\":{\"base_cents\":1.5,\"low_cents\":1,"
					   "\"high_cents\":2,\"source\":\"x\"}}}"),
			       "items.eviction.prevented.base_cents"));
	assert_non_null(strstr(parse_error("{\"currency\":\"EUR\",\"horizon_years\":3,\"discount_rate_pct\":2,"
					   "\"items\":{\"substituted_action\":" ITEM(1, 1, 1) "},\"extra\":1}"),
			       "extra: unknown key"));
	assert_int_equal(report_unit_cost_item_valid("admission.reversed"), 1);
	assert_int_equal(report_unit_cost_item_valid("admission"), 0);
	assert_int_equal(report_unit_cost_item_valid("substituted_action"), 1);
}

static void annuity_factor_discounts_each_later_year(void **state)
{
	(void)state;
	assert_int_equal(report_annuity_micro(1, 2.25), 1000000);
	/* 1 + 1/1.0225 = 1.97799511... */
	assert_int_equal(report_annuity_micro(2, 2.25), 1977995);
	/* 1 + 1/1.0225 + 1/1.0225^2 = 2.93446955... */
	assert_int_equal(report_annuity_micro(3, 2.25), 2934470);
	assert_int_equal(report_annuity_micro(10, 0), 10000000);
}

/* the Amsterdam study: 100 conferences at EUR 4,000 each, EUR 17,000 net
 * per conference */
static void cost_benefit_reproduces_the_published_net_saving(void **state)
{
	(void)state;
	json_t *uc = NULL, *report = json_object();
	char err[256];
	assert_int_equal(report_unit_costs_parse(good, &uc, err, sizeof err), 0);
	json_t *q = json_pack("{s:i, s:i, s:i, s:i}", "supervision_order.prevented", 22,
			      "out_of_home_placement.prevented", 44, "out_of_home_placement.reversed", 14,
			      "substituted_action", 95);
	assert_int_equal(report_cost_benefit(report, uc, "test.json", q, 100, 40000000), 0);
	assert_int_equal(json_integer_value(json_object_get(report, "conferences")), 100);
	assert_int_equal(json_integer_value(json_object_get(report, "costs_cents")), 40000000);
	assert_int_equal(json_integer_value(json_object_get(report, "gross_savings_cents")), 210000000);
	assert_int_equal(json_integer_value(json_object_get(report, "net_savings_cents")), 170000000);
	assert_int_equal(json_integer_value(json_object_get(report, "net_per_conference_cents")), 1700000);
	assert_int_equal(json_integer_value(json_object_get(report, "net_per_100_cents")), 170000000);
	json_t *low = json_object_get(json_object_get(report, "range"), "low");
	/* 22 x 15,000 + 44 x 10,000 + 14 x 21,000 + 0 = 1,064,000 */
	assert_int_equal(json_integer_value(json_object_get(low, "gross_savings_cents")), 106400000);
	assert_int_equal(json_integer_value(json_object_get(low, "net_per_conference_cents")), 664000);
	json_t *lines = json_object_get(report, "lines");
	assert_int_equal(json_array_size(lines), 4);
	assert_json(json_array_get(lines, 0),
		    "{\"amount_cents\":66000000,\"factor\":1.0,\"high_amount_cents\":99000000,\"high_cents\":4500000,"
		    "\"item\":\"supervision_order.prevented\",\"low_amount_cents\":33000000,\"low_cents\":1500000,"
		    "\"quantity\":22,\"source\":\"a study\",\"unit_cents\":3000000}");
	assert_json(json_object_get(report, "unit_costs"),
		    "{\"currency\":\"EUR\",\"discount_rate_pct\":2.25,\"file\":\"test.json\",\"horizon_years\":1}");
	json_decref(q);
	json_decref(report);

	/* no conferences: nothing per conference */
	report = json_object();
	q = json_object();
	assert_int_equal(report_cost_benefit(report, uc, NULL, q, 0, 0), 0);
	assert_true(json_is_null(json_object_get(report, "net_per_conference_cents")));
	assert_true(json_is_null(json_object_get(report, "net_per_100_cents")));
	assert_true(json_is_null(json_object_get(json_object_get(report, "unit_costs"), "file")));
	json_decref(q);
	json_decref(report);
	json_decref(uc);
}

static void discounting_rounds_each_amount_to_cents(void **state)
{
	(void)state;
	json_t *uc = NULL, *report = json_object();
	char err[256];
	const char doc[] = "{\"currency\":\"EUR\",\"horizon_years\":2,\"discount_rate_pct\":2.25,\"items\":{"
			   "\"eviction.prevented\":{\"base_cents\":333333,\"low_cents\":1,\"high_cents\":333333,"
			   "\"source\":\"s\"}}}";
	assert_int_equal(report_unit_costs_parse(doc, &uc, err, sizeof err), 0);
	json_t *q = json_pack("{s:i}", "eviction.prevented", 3);
	assert_int_equal(report_cost_benefit(report, uc, NULL, q, 3, 100), 0);
	/* 3 x 333,333 x 1.977995 = 1,977,993.02... -> 1,977,993 */
	json_t *line = json_array_get(json_object_get(report, "lines"), 0);
	assert_int_equal(json_integer_value(json_object_get(line, "amount_cents")), 1977993);
	assert_true(json_real_value(json_object_get(line, "factor")) == 1.977995);
	/* (1,977,993 - 100) / 3 = 659,297.67 -> 659,298 */
	assert_int_equal(json_integer_value(json_object_get(report, "net_per_conference_cents")), 659298);
	json_decref(q);
	json_decref(report);
	json_decref(uc);
}

static void the_funder_view_withholds_counts_below_five(void **state)
{
	(void)state;
	json_t *r = json_pack(
		"{s:s, s:{s:i, s:n, s:n, s:n, s:n, s:n}, s:s, s:b, s:i,"
		" s:{s:i, s:i, s:f, s:{s:{s:i, s:i, s:f}, s:{s:i, s:i, s:f}}},"
		" s:{s:o, s:o}, s:{s:i, s:f, s:i}, s:{s:o, s:o}, s:i, s:[{s:i, s:i, s:f}]}",
		"report", "annual", "filters", "year", 3, "from", "to", "region", "funder", "track", "population", "p",
		"suppressed", 0, "conferences", 4,
		"requests", "total", 40, "previous_year", 3, "growth_pct", 1233.3, "by_track", "adult", "total", 12,
		"previous_year", 10, "growth_pct", 20.0, "eviction", "total", 2, "previous_year", 1, "growth_pct", 100.0,
		"outcomes", "plan", report_pct(36, 40), "stopped", report_pct(4, 40),
		"participants", "total", 30, "mean", 7.5, "conferences", 4,
		"satisfaction", "child", report_mean_of(30, 4), "network", report_mean_of(80, 10), "costs_cents", 3,
		"lines", "quantity", 2, "amount_cents", 4, "factor", 1.0);
	assert_non_null(r);
	report_suppress(r);
	assert_json(r,
		    "{\"conferences\":\"<5\",\"costs_cents\":3,\"filters\":{\"from\":null,\"funder\":null,\"region\":null,"
		    "\"to\":null,\"track\":null,\"year\":3},"
		    "\"lines\":[{\"amount_cents\":4,\"factor\":1.0,\"quantity\":\"<5\"}],"
		    "\"outcomes\":{\"plan\":{\"count\":36,\"of\":40,\"pct\":90.0},"
		    "\"stopped\":{\"count\":\"<5\",\"of\":40,\"pct\":null}},"
		    "\"participants\":{\"conferences\":\"<5\",\"mean\":null,\"total\":30},"
		    "\"population\":\"p\",\"report\":\"annual\","
		    "\"requests\":{\"by_track\":{\"adult\":{\"growth_pct\":20.0,\"previous_year\":10,\"total\":12},"
		    "\"eviction\":{\"growth_pct\":null,\"previous_year\":\"<5\",\"total\":\"<5\"}},"
		    "\"growth_pct\":null,\"previous_year\":\"<5\",\"total\":40},"
		    "\"satisfaction\":{\"child\":{\"mean\":null,\"of\":\"<5\"},\"network\":{\"mean\":8.0,\"of\":10}},"
		    "\"suppressed\":true}");
	json_decref(r);

	/* zero stays zero: nothing to hide in an empty count */
	r = json_pack("{s:o}", "x", report_pct(0, 12));
	report_suppress(r);
	assert_json(r, "{\"suppressed\":true,\"x\":{\"count\":0,\"of\":12,\"pct\":0.0}}");
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rounding_is_half_away_from_zero),
		cmocka_unit_test(a_percentage_shows_its_denominator),
		cmocka_unit_test(growth_and_means_have_one_decimal),
		cmocka_unit_test(unit_costs_are_checked_and_errors_name_the_key),
		cmocka_unit_test(annuity_factor_discounts_each_later_year),
		cmocka_unit_test(cost_benefit_reproduces_the_published_net_saving),
		cmocka_unit_test(discounting_rounds_each_amount_to_cents),
		cmocka_unit_test(the_funder_view_withholds_counts_below_five),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
