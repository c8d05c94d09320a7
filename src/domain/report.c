/* The reports' arithmetic (see domain/report.h). */
#include "domain/report.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/model.h"

int64_t report_div_round(int64_t n, int64_t d)
{
	/* exact in 128 bits: (2|n| + |d|) / 2|d|, with the sign put back */
	__int128 an = n < 0 ? -(__int128)n : n, ad = d < 0 ? -(__int128)d : d;
	__int128 q = (2 * an + ad) / (2 * ad);
	return (int64_t)(((n < 0) != (d < 0)) ? -q : q);
}

/* tenths as a JSON number with one decimal */
static json_t *tenths(int64_t t)
{
	return json_real((double)t / 10.0);
}

json_t *report_pct(int64_t count, int64_t of)
{
	return json_pack("{s:I, s:I, s:o}", "count", (json_int_t)count, "of", (json_int_t)of, "pct",
			 of ? tenths(report_div_round(count * 1000, of)) : json_null());
}

json_t *report_growth(int64_t cur, int64_t prev)
{
	return prev ? tenths(report_div_round((cur - prev) * 1000, prev)) : json_null();
}

json_t *report_mean(int64_t sum, int64_t n)
{
	return n ? tenths(report_div_round(sum * 10, n)) : json_null();
}

json_t *report_mean_of(int64_t sum, int64_t n)
{
	return json_pack("{s:o, s:I}", "mean", report_mean(sum, n), "of", (json_int_t)n);
}

/* ---- unit costs --------------------------------------------------------- */

int report_unit_cost_item_valid(const char *key)
{
	static const char *const suffixes[] = { ".prevented", ".reversed" };
	if (strcmp(key, "substituted_action") == 0)
		return 1;
	for (size_t i = 0; ENUM_MEASURE[i]; i++) {
		size_t n = strlen(ENUM_MEASURE[i]);
		if (strncmp(key, ENUM_MEASURE[i], n) != 0)
			continue;
		for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++)
			if (strcmp(key + n, suffixes[k]) == 0)
				return 1;
	}
	return 0;
}

static int bad(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* a key of obj outside allowed (NULL-terminated), or NULL */
static const char *unknown_key(const json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v) {
		size_t i = 0;
		while (allowed[i] && strcmp(allowed[i], key) != 0)
			i++;
		if (!allowed[i])
			return key;
	}
	return NULL;
}

static int check_item(const char *key, const json_t *item, char *err, size_t errlen)
{
	static const char *const allowed[] = { "base_cents", "low_cents", "high_cents", "source", "note", NULL };
	static const char *const amounts[] = { "low_cents", "base_cents", "high_cents" };
	json_int_t v[3];
	const char *extra;

	if (!report_unit_cost_item_valid(key))
		return bad(err, errlen, "items.%s: not an item (a measure's .prevented or .reversed, or "
					"substituted_action)", key);
	if (!json_is_object(item))
		return bad(err, errlen, "items.%s: must be an object", key);
	if ((extra = unknown_key(item, allowed)))
		return bad(err, errlen, "items.%s.%s: unknown key", key, extra);
	for (size_t i = 0; i < 3; i++) {
		json_t *a = json_object_get(item, amounts[i]);
		if (!json_is_integer(a) || json_integer_value(a) < 0 || json_integer_value(a) > 100000000000LL)
			return bad(err, errlen, "items.%s.%s: must be a whole number of cents, 0 or more", key,
				   amounts[i]);
		v[i] = json_integer_value(a);
	}
	if (v[0] > v[1])
		return bad(err, errlen, "items.%s.low_cents: must not be more than base_cents", key);
	if (v[1] > v[2])
		return bad(err, errlen, "items.%s.high_cents: must not be less than base_cents", key);
	json_t *src = json_object_get(item, "source");
	if (!json_is_string(src) || json_string_length(src) == 0)
		return bad(err, errlen, "items.%s.source: must be a non-empty text naming where the figure comes from",
			   key);
	json_t *note = json_object_get(item, "note");
	if (note && !json_is_string(note))
		return bad(err, errlen, "items.%s.note: must be a text", key);
	return 0;
}

int report_unit_costs_parse(const char *text, json_t **doc, char *err, size_t errlen)
{
	static const char *const allowed[] = { "currency", "horizon_years", "discount_rate_pct", "description",
		"items", NULL };
	json_error_t jerr;
	const char *extra, *key;
	json_t *d, *v, *item;

	*doc = NULL;
	d = json_loads(text ? text : "", JSON_REJECT_DUPLICATES, &jerr);
	if (!d)
		return bad(err, errlen, "not JSON (line %d: %s)", jerr.line, jerr.text);
	if (!json_is_object(d)) {
		bad(err, errlen, "must be a JSON object");
		goto fail;
	}
	if ((extra = unknown_key(d, allowed))) {
		bad(err, errlen, "%s: unknown key", extra);
		goto fail;
	}
	v = json_object_get(d, "currency");
	if (!json_is_string(v) || json_string_length(v) != 3 || strspn(json_string_value(v), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3) {
		bad(err, errlen, "currency: must be a currency code of three capitals, such as EUR");
		goto fail;
	}
	v = json_object_get(d, "horizon_years");
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 50) {
		bad(err, errlen, "horizon_years: must be a whole number of years from 1 to 50");
		goto fail;
	}
	v = json_object_get(d, "discount_rate_pct");
	if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 20) {
		bad(err, errlen, "discount_rate_pct: must be a number from 0 to 20 (percent per year)");
		goto fail;
	}
	v = json_object_get(d, "description");
	if (v && !json_is_string(v)) {
		bad(err, errlen, "description: must be a text");
		goto fail;
	}
	v = json_object_get(d, "items");
	if (!json_is_object(v) || json_object_size(v) == 0) {
		bad(err, errlen, "items: must be an object with at least one item");
		goto fail;
	}
	json_object_foreach(v, key, item) {
		if (check_item(key, item, err, errlen) < 0)
			goto fail;
	}
	*doc = d;
	return 0;
fail:
	json_decref(d);
	return -1;
}

int64_t report_annuity_micro(int years, double rate_pct)
{
	double f = 0, q = 1.0 / (1.0 + rate_pct / 100.0), w = 1.0;
	for (int t = 0; t < years; t++) {
		f += w;
		w *= q;
	}
	return llround(f * 1e6);
}

/* quantity x unit x factor (millionths), to whole cents */
static int64_t amount(int64_t quantity, int64_t unit, int64_t factor_micro)
{
	__int128 p = (__int128)quantity * unit * factor_micro;
	__int128 a = p < 0 ? -p : p, q = (2 * a + 1000000) / 2000000;
	return (int64_t)(p < 0 ? -q : q);
}

/* gross, net, per conference and per 100 for one set of unit costs */
static json_t *totals(int64_t costs, int64_t gross, int64_t conferences)
{
	int64_t net = gross - costs;
	return json_pack("{s:I, s:I, s:I, s:o, s:o}", "costs_cents", (json_int_t)costs, "gross_savings_cents",
			 (json_int_t)gross, "net_savings_cents", (json_int_t)net, "net_per_conference_cents",
			 conferences ? json_integer(report_div_round(net, conferences)) : json_null(),
			 "net_per_100_cents",
			 conferences ? json_integer(report_div_round(net * 100, conferences)) : json_null());
}

int report_cost_benefit(json_t *report, const json_t *unit_costs, const char *file, const json_t *quantities,
			int64_t conferences, int64_t costs_cents)
{
	json_t *items = json_object_get(unit_costs, "items"), *item, *lines = json_array(), *base = NULL;
	int horizon = (int)json_integer_value(json_object_get(unit_costs, "horizon_years"));
	json_t *rate = json_object_get(unit_costs, "discount_rate_pct");
	int64_t factor = report_annuity_micro(horizon, json_number_value(rate));
	int64_t gross[3] = { 0, 0, 0 }; /* base, low, high */
	const char *key;
	int ret = -1;

	if (!lines)
		return -1;
	json_object_foreach(items, key, item) {
		int64_t q = json_integer_value(json_object_get(quantities, key));
		int64_t unit[3] = { json_integer_value(json_object_get(item, "base_cents")),
				    json_integer_value(json_object_get(item, "low_cents")),
				    json_integer_value(json_object_get(item, "high_cents")) };
		int64_t am[3];
		for (int i = 0; i < 3; i++) {
			am[i] = amount(q, unit[i], factor);
			gross[i] += am[i];
		}
		if (json_array_append_new(lines, json_pack("{s:s, s:I, s:I, s:I, s:I, s:f, s:I, s:I, s:I, s:O}",
			"item", key, "quantity", (json_int_t)q, "unit_cents", (json_int_t)unit[0], "low_cents",
			(json_int_t)unit[1], "high_cents", (json_int_t)unit[2], "factor", (double)factor / 1e6,
			"amount_cents", (json_int_t)am[0], "low_amount_cents", (json_int_t)am[1], "high_amount_cents",
			(json_int_t)am[2], "source", json_object_get(item, "source"))) < 0)
			goto cleanup;
	}
	base = totals(costs_cents, gross[0], conferences);
	if (!base ||
	    json_object_set_new(report, "unit_costs",
				json_pack("{s:O, s:i, s:O, s:o}", "currency", json_object_get(unit_costs, "currency"),
					  "horizon_years", horizon, "discount_rate_pct", rate, "file",
					  file ? json_string(file) : json_null())) < 0 ||
	    json_object_set_new(report, "conferences", json_integer(conferences)) < 0)
		goto cleanup;
	const char *k;
	json_t *v;
	json_object_foreach(base, k, v) {
		if (json_object_set(report, k, v) < 0)
			goto cleanup;
	}
	if (json_object_set_new(report, "range", json_pack("{s:o, s:o}", "low", totals(costs_cents, gross[1], conferences),
							    "high", totals(costs_cents, gross[2], conferences))) < 0)
		goto cleanup;
	/* the report takes lines, also when setting fails */
	ret = json_object_set_new(report, "lines", lines) < 0 ? -1 : 0;
	lines = NULL;
cleanup:
	json_decref(lines);
	json_decref(base);
	return ret;
}

/* ---- the funder's view -------------------------------------------------- */

static bool small(const json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) < REPORT_MIN_COUNT;
}

static bool withheld(const json_t *v)
{
	return json_is_string(v) && strcmp(json_string_value(v), REPORT_SUPPRESSED) == 0;
}

/* the keys whose numbers are no counts: money (…_cents) and these */
static bool not_a_count(const char *key)
{
	static const char *const keys[] = { "year", "horizon_years", "discount_rate_pct", "factor", "pct",
		"growth_pct", "mean", NULL };
	size_t n = strlen(key);
	if (n >= 6 && strcmp(key + n - 6, "_cents") == 0)
		return true;
	for (size_t i = 0; keys[i]; i++)
		if (strcmp(keys[i], key) == 0)
			return true;
	return false;
}

static void suppress_value(json_t *v);

static void suppress_object(json_t *obj)
{
	const char *key;
	json_t *v;
	bool pct = json_object_get(obj, "pct") != NULL;
	bool mean = json_object_get(obj, "mean") != NULL;

	json_object_foreach(obj, key, v) {
		if (small(v) && !not_a_count(key))
			json_object_set_new(obj, key, json_string(REPORT_SUPPRESSED));
		else
			suppress_value(v);
	}
	/* a share, mean or growth built on a withheld count is withheld too */
	if (pct && (withheld(json_object_get(obj, "count")) || withheld(json_object_get(obj, "of"))))
		json_object_set_new(obj, "pct", json_null());
	if (mean && (withheld(json_object_get(obj, "of")) || withheld(json_object_get(obj, "conferences"))))
		json_object_set_new(obj, "mean", json_null());
	if (json_object_get(obj, "growth_pct") &&
	    (withheld(json_object_get(obj, "total")) || withheld(json_object_get(obj, "previous_year"))))
		json_object_set_new(obj, "growth_pct", json_null());
}

static void suppress_value(json_t *v)
{
	size_t i;
	json_t *item;
	if (json_is_object(v)) {
		suppress_object(v);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item) {
			if (small(item))
				json_array_set_new(v, i, json_string(REPORT_SUPPRESSED));
			else
				suppress_value(item);
		}
	}
}

void report_suppress(json_t *report)
{
	const char *key;
	json_t *v;
	json_object_foreach(report, key, v) {
		/* what was asked for and the unit costs are no figures of cases */
		if (strcmp(key, "filters") == 0 || strcmp(key, "unit_costs") == 0)
			continue;
		if (small(v) && !not_a_count(key))
			json_object_set_new(report, key, json_string(REPORT_SUPPRESSED));
		else
			suppress_value(v);
	}
	json_object_set_new(report, "suppressed", json_true());
}
