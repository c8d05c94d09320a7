/* Does an agreement pay for a request, and what is left of it (see
 * domain/funding.h). */
#include "domain/funding.h"

#include <string.h>
#include <strings.h>

#include "domain/model.h"
#include "util/text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* the tariff field of each kind of conference */
static const struct {
	const char *kind, *field;
} tariffs[] = {
	{ "family", "tariff_family_cents" },
	{ "restoration", "tariff_restoration_cents" },
	{ "group", "tariff_group_cents" },
	{ "learning", "tariff_learning_cents" },
};

/* one row per misfit, in the order of the bits */
static const struct {
	enum funding_misfit bit;
	const char *code, *text;
} misfits[FUND__COUNT] = {
	{ FUND_NOT_STARTED, "period_not_started", "the agreement's period starts after the date of the request" },
	{ FUND_ENDED, "period_ended", "the agreement's period ended before the date of the request" },
	{ FUND_REGION, "region", "the agreement covers another region" },
	{ FUND_MUNICIPALITY, "municipality", "the agreement does not cover the request's municipality" },
	{ FUND_NO_MUNICIPALITY, "municipality_unknown",
	  "the agreement covers some municipalities only, and the request names none" },
	{ FUND_KIND, "kind", "the agreement does not pay for this kind of conference" },
	{ FUND_TRACK, "track", "the agreement does not pay for this track" },
	{ FUND_NO_TARIFF, "no_tariff", "the agreement has no tariff for this kind of conference" },
	{ FUND_BUDGET, "budget_exhausted", "the remaining budget does not cover the tariff" },
	{ FUND_CONFERENCES, "conferences_exhausted", "the agreement's number of conferences is reached" },
};

static const struct {
	enum budget_warning bit;
	const char *code, *text;
} warnings[BUDGET__COUNT] = {
	{ BUDGET_LOW, "budget_low", "less than the warning percentage of the budget is left" },
	{ BUDGET_BELOW_TARIFF, "below_tariff",
	  "what is left does not cover one more conference of every kind the agreement pays for" },
	{ BUDGET_EXHAUSTED, "budget_exhausted", "what is left does not cover one more conference" },
	{ BUDGET_CONFERENCES_LOW, "conferences_low",
	  "less than the warning percentage of the conferences is left" },
	{ BUDGET_NO_CONFERENCES, "conferences_exhausted", "no conference is left" },
};

static const char *str_of(const json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

/* an integer field: true and *v, or false when absent or null */
static bool int_of(const json_t *rec, const char *key, int64_t *v)
{
	const json_t *j = json_object_get(rec, key);
	if (!json_is_integer(j))
		return false;
	*v = json_integer_value(j);
	return true;
}

bool funding_tariff(const json_t *agreement, const char *kind, int64_t *cents)
{
	*cents = 0;
	for (size_t i = 0; kind && i < N(tariffs); i++)
		if (strcmp(tariffs[i].kind, kind) == 0)
			return int_of(agreement, tariffs[i].field, cents);
	return false;
}

/* is s in the list (an empty or absent list holds everything)? Text is
 * compared ignoring the case of ASCII letters when nocase */
static bool listed(const json_t *list, const char *s, bool nocase)
{
	size_t i;
	json_t *v;
	if (json_array_size(list) == 0)
		return true;
	if (!s)
		return false;
	json_array_foreach(list, i, v) {
		const char *item = json_string_value(v);
		if (item && (nocase ? strcasecmp(item, s) : strcmp(item, s)) == 0)
			return true;
	}
	return false;
}

unsigned funding_fit(const json_t *agreement, const json_t *request, const struct funding_use *use,
		     struct funding_fit *out)
{
	unsigned m = 0;
	const char *on = str_of(request, "requested_on"), *kind = str_of(request, "kind");
	const char *from = str_of(agreement, "starts_on"), *to = str_of(agreement, "ends_on");
	int64_t region, req_region;

	memset(out, 0, sizeof *out);
	if (on && from && date_cmp(on, from) < 0)
		m |= FUND_NOT_STARTED;
	if (on && to && date_cmp(on, to) > 0)
		m |= FUND_ENDED;
	if (int_of(agreement, "region_id", &region) && (!int_of(request, "region_id", &req_region) || region != req_region))
		m |= FUND_REGION;
	const json_t *towns = json_object_get(agreement, "municipalities");
	const char *town = str_of(request, "municipality");
	if (json_array_size(towns) && !town)
		m |= FUND_NO_MUNICIPALITY;
	else if (!listed(towns, town, true))
		m |= FUND_MUNICIPALITY;
	if (!listed(json_object_get(agreement, "kinds"), kind, false))
		m |= FUND_KIND;
	if (!listed(json_object_get(agreement, "tracks"), str_of(request, "track"), false))
		m |= FUND_TRACK;
	out->has_tariff = funding_tariff(agreement, kind, &out->tariff_cents);
	if (!out->has_tariff && !(m & FUND_KIND))
		m |= FUND_NO_TARIFF;

	out->has_budget = int_of(agreement, "budget_cents", &out->budget_cents);
	if (out->has_budget) {
		out->remaining_cents = out->budget_cents - use->committed_cents;
		out->remaining_after = out->remaining_cents - out->tariff_cents;
		if (out->has_tariff && out->remaining_after < 0)
			m |= FUND_BUDGET;
	}
	out->has_max = int_of(agreement, "max_conferences", &out->max_conferences);
	if (out->has_max) {
		out->conferences_left = out->max_conferences - use->cases;
		out->conferences_left_after = out->conferences_left - 1;
		if (out->conferences_left_after < 0)
			m |= FUND_CONFERENCES;
	}
	out->misfits = m;
	return m;
}

const char *funding_misfit_code(enum funding_misfit m)
{
	for (size_t i = 0; i < N(misfits); i++)
		if (misfits[i].bit == m)
			return misfits[i].code;
	return "";
}

const char *funding_misfit_text(enum funding_misfit m)
{
	for (size_t i = 0; i < N(misfits); i++)
		if (misfits[i].bit == m)
			return misfits[i].text;
	return "";
}

json_t *funding_misfits_json(unsigned bits)
{
	json_t *out = json_array();
	for (size_t i = 0; out && i < N(misfits); i++)
		if (bits & misfits[i].bit)
			json_array_append_new(out, json_pack("{s:s, s:s}", "code", misfits[i].code, "detail",
							     misfits[i].text));
	return out;
}

/* ---- the budget of an agreement ------------------------------------------ */

/* the lowest and highest tariff of the kinds the agreement pays for;
 * false when it names none */
static bool tariff_range(const json_t *agreement, int64_t *lo, int64_t *hi)
{
	bool any = false;
	const json_t *kinds = json_object_get(agreement, "kinds");
	for (size_t i = 0; i < N(tariffs); i++) {
		int64_t t;
		if (!listed(kinds, tariffs[i].kind, false) || !int_of(agreement, tariffs[i].field, &t))
			continue;
		if (!any || t < *lo)
			*lo = t;
		if (!any || t > *hi)
			*hi = t;
		any = true;
	}
	return any;
}

void funding_budget(const json_t *agreement, int64_t committed_cents, int64_t running, int64_t spent_cents,
		    int64_t held, struct budget *out)
{
	int64_t pct = 10, lo = 0, hi = 0;
	unsigned w = 0;

	memset(out, 0, sizeof *out);
	int_of(agreement, "warn_below_pct", &pct);
	out->committed_cents = committed_cents;
	out->spent_cents = spent_cents;
	out->running = running;
	out->held = held;
	out->has_budget = int_of(agreement, "budget_cents", &out->budget_cents);
	if (out->has_budget) {
		out->remaining_cents = out->budget_cents - committed_cents - spent_cents;
		/* remaining / budget < pct / 100, without dividing */
		if (out->remaining_cents * 100 < pct * out->budget_cents)
			w |= BUDGET_LOW;
		bool tariffs_known = tariff_range(agreement, &lo, &hi);
		if (out->remaining_cents <= 0 || (tariffs_known && out->remaining_cents < lo))
			w |= BUDGET_EXHAUSTED;
		else if (tariffs_known && out->remaining_cents < hi)
			w |= BUDGET_BELOW_TARIFF;
	}
	out->has_max = int_of(agreement, "max_conferences", &out->max_conferences);
	if (out->has_max) {
		out->conferences_left = out->max_conferences - running - held;
		if (out->conferences_left <= 0)
			w |= BUDGET_NO_CONFERENCES;
		else if (out->conferences_left * 100 < pct * out->max_conferences)
			w |= BUDGET_CONFERENCES_LOW;
	}
	out->warnings = w;
}

const char *budget_warning_code(enum budget_warning b)
{
	for (size_t i = 0; i < N(warnings); i++)
		if (warnings[i].bit == b)
			return warnings[i].code;
	return "";
}

const char *budget_warning_text(enum budget_warning b)
{
	for (size_t i = 0; i < N(warnings); i++)
		if (warnings[i].bit == b)
			return warnings[i].text;
	return "";
}

json_t *budget_warnings_json(unsigned bits)
{
	json_t *out = json_array();
	for (size_t i = 0; out && i < N(warnings); i++)
		if (bits & warnings[i].bit)
			json_array_append_new(out, json_pack("{s:s, s:s}", "code", warnings[i].code, "detail",
							     warnings[i].text));
	return out;
}
