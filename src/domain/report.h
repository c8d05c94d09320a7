#ifndef KRING_DOMAIN_REPORT_H
#define KRING_DOMAIN_REPORT_H
/*
 * The arithmetic of the reports, pure (no I/O): percentages that always
 * show their denominator, growth, means, the cost-benefit computation from
 * a unit-costs document, and the funder's view that withholds small
 * counts. The counts themselves come from the database (store/report_sql.c);
 * service/reports.c puts the two together.
 *
 * Rounding is half away from zero throughout, on exact integers where the
 * inputs are integers, so a report gives the same figures on every machine.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* the smallest count a funder's view shows; smaller ones (1..4) become "<5" */
#define REPORT_MIN_COUNT 5
#define REPORT_SUPPRESSED "<5"

/* n / d rounded half away from zero; d must not be 0 */
int64_t report_div_round(int64_t n, int64_t d);

/* {"count": count, "of": of, "pct": count/of in percent, one decimal, or
 * null when of is 0} (new object) */
json_t *report_pct(int64_t count, int64_t of);

/* the change from prev to cur in percent, one decimal; null when prev is 0 */
json_t *report_growth(int64_t cur, int64_t prev);

/* sum / n with one decimal; null when n is 0 */
json_t *report_mean(int64_t sum, int64_t n);

/* {"mean": report_mean(sum, n), "of": n} */
json_t *report_mean_of(int64_t sum, int64_t n);

/*
 * A unit-costs document (see data/unit-costs.json and docs/reports.md):
 *   {"currency": "EUR", "horizon_years": 1..50, "discount_rate_pct": 0..20,
 *    "description"?: text,
 *    "items": {"<measure>.prevented" | "<measure>.reversed" | "substituted_action":
 *              {"base_cents", "low_cents", "high_cents": integers >= 0 with
 *               low <= base <= high, "source": non-empty text, "note"?: text}}}
 * with at least one item. Parses and checks text; 0 and *doc the document,
 * or -1 with a message naming the key at fault in err ("items.eviction.prevented.source:
 * must be a non-empty text").
 */
int report_unit_costs_parse(const char *text, json_t **doc, char *err, size_t errlen);

/* true when key names a unit-cost item: a measure's ".prevented" or
 * ".reversed", or "substituted_action" */
int report_unit_cost_item_valid(const char *key);

/* sum over t = 0 .. years-1 of (1 + rate/100)^-t, rounded to 6 decimals,
 * in millionths (1 year: 1000000) */
int64_t report_annuity_micro(int years, double rate_pct);

/*
 * The cost-benefit part of the costs report, appended to report in this
 * order: unit_costs {currency, horizon_years, discount_rate_pct, file},
 * conferences, costs_cents, gross_savings_cents, net_savings_cents,
 * net_per_conference_cents, net_per_100_cents (both null without
 * conferences), range {low, high} with the same five money keys, and lines
 * (one per item of the document, in its order: item, quantity, unit_cents,
 * low_cents, high_cents, factor, amount_cents, low_amount_cents,
 * high_amount_cents, source). quantities maps items to counts (an item not
 * in it counts 0). amount = quantity x unit x factor (the factor as shown,
 * 6 decimals), rounded half away from zero to whole cents. file may be
 * NULL. 0, or -1 when out of memory.
 */
int report_cost_benefit(json_t *report, const json_t *unit_costs, const char *file, const json_t *quantities,
			int64_t conferences, int64_t costs_cents);

/*
 * The funder's view of a finished report: every count from 1 to 4 becomes
 * "<5"; a percentage whose count or denominator is such a count gets pct
 * null; a mean over 1 to 4 respondents (or conferences) becomes null, and
 * so does a growth built on a withheld count. Money stays, and so do the
 * filters, the unit costs and the year. Sets "suppressed": true.
 */
void report_suppress(json_t *report);

#endif
