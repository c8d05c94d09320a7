/*
 * The presentation of the reports as tables: titles, sections with their
 * denominators, rows, charts. See report_layout.h.
 */
#include "render/report_layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- annual ---- */

/* the three figures of a track: this year, the year before, the change */
#define TRACK_ROWS(t)                                                                        \
	{ "report.row.track_total", "value." #t, "requests.by_track." #t ".total", RL_COUNT },          \
	{ "report.row.track_previous", "value." #t, "requests.by_track." #t ".previous_year", RL_COUNT }, \
	{ "report.row.track_growth", "value." #t, "requests.by_track." #t ".growth_pct", RL_GROWTH }

static const struct rl_row annual_requests[] = {
	{ "report.row.year", NULL, "year", RL_NUMBER },
	{ "report.row.requests", NULL, "requests.total", RL_COUNT },
	{ "report.row.requests_previous", NULL, "requests.previous_year", RL_COUNT },
	{ "report.row.requests_growth", NULL, "requests.growth_pct", RL_GROWTH },
};

static const struct rl_row annual_tracks[] = {
	TRACK_ROWS(youth_voluntary), TRACK_ROWS(child_protection), TRACK_ROWS(youth_probation),
	TRACK_ROWS(adult), TRACK_ROWS(eviction), TRACK_ROWS(education), TRACK_ROWS(neighbourhood),
	TRACK_ROWS(other),
};

static const struct rl_row annual_outcomes[] = {
	{ "report.row.outcome_plan", NULL, "outcomes.plan", RL_PERCENTAGE },
	{ "report.row.outcome_plan_without_meeting", NULL, "outcomes.plan_without_meeting", RL_PERCENTAGE },
	{ "report.row.outcome_stopped", NULL, "outcomes.stopped", RL_PERCENTAGE },
	{ "report.row.outcome_open", NULL, "outcomes.open", RL_PERCENTAGE },
};

static const struct rl_row annual_plans[] = {
	{ "report.row.safe_and_feasible", NULL, "plans.safe_and_feasible", RL_PERCENTAGE },
};

static const struct rl_row annual_participants[] = {
	{ "report.row.participants_total", NULL, "participants.total", RL_COUNT },
	{ "report.row.participants_mean", NULL, "participants.mean", RL_MEAN },
	{ "report.row.participants_conferences", NULL, "participants.conferences", RL_COUNT },
};

static const struct rl_row annual_follow_up[] = {
	{ "report.row.situation", "value.improved", "follow_up.improved", RL_PERCENTAGE },
	{ "report.row.situation", "value.same", "follow_up.same", RL_PERCENTAGE },
	{ "report.row.situation", "value.worse", "follow_up.worse", RL_PERCENTAGE },
};

static const struct rl_row annual_satisfaction[] = {
	{ "report.row.grade", "report.group.main_person", "satisfaction.main_person", RL_MEAN },
	{ "report.row.grade", "report.group.child", "satisfaction.child", RL_MEAN },
	{ "report.row.grade", "report.group.network", "satisfaction.network", RL_MEAN },
	{ "report.row.grade", "report.group.professional", "satisfaction.professional", RL_MEAN },
};

static const struct rl_section annual_sections[] = {
	{ "report.section.requests", "report.note.requests", annual_requests, N(annual_requests) },
	{ "report.section.tracks", "report.note.tracks", annual_tracks, N(annual_tracks) },
	{ "report.section.outcomes", "report.note.outcomes", annual_outcomes, N(annual_outcomes) },
	{ "report.section.plans", "report.note.plans", annual_plans, N(annual_plans) },
	{ "report.section.participants", "report.note.participants", annual_participants, N(annual_participants) },
	{ "report.section.follow_up", "report.note.follow_up", annual_follow_up, N(annual_follow_up) },
	{ "report.section.satisfaction", "report.note.satisfaction", annual_satisfaction, N(annual_satisfaction) },
};

static const struct rl_bar annual_outcome_bars[] = {
	{ "report.row.outcome_plan", NULL, "outcomes.plan" },
	{ "report.row.outcome_plan_without_meeting", NULL, "outcomes.plan_without_meeting" },
	{ "report.row.outcome_stopped", NULL, "outcomes.stopped" },
	{ "report.row.outcome_open", NULL, "outcomes.open" },
};

#define TRACK_BAR(t) { "value." #t, NULL, "requests.by_track." #t ".total" }
static const struct rl_bar annual_track_bars[] = {
	TRACK_BAR(youth_voluntary), TRACK_BAR(child_protection), TRACK_BAR(youth_probation),
	TRACK_BAR(adult), TRACK_BAR(eviction), TRACK_BAR(education), TRACK_BAR(neighbourhood),
	TRACK_BAR(other),
};

static const struct rl_bar annual_follow_up_bars[] = {
	{ "value.improved", NULL, "follow_up.improved" },
	{ "value.same", NULL, "follow_up.same" },
	{ "value.worse", NULL, "follow_up.worse" },
};

static const struct rl_chart annual_charts[] = {
	{ "report.chart.outcomes", "report.axis.pct_of_requests", "requests.total", RL_PERCENTAGE,
	  annual_outcome_bars, N(annual_outcome_bars) },
	{ "report.chart.tracks", "report.axis.requests", NULL, RL_COUNT, annual_track_bars, N(annual_track_bars) },
	{ "report.chart.follow_up", "report.axis.pct_of_follow_ups", NULL, RL_PERCENTAGE, annual_follow_up_bars,
	  N(annual_follow_up_bars) },
};

/* ---- outcomes ---- */

static const struct rl_row outcomes_conferences[] = {
	{ "report.row.conferences", NULL, "conferences", RL_COUNT },
	{ "report.row.participants_total", NULL, "participants", RL_COUNT },
};

static const struct rl_row outcomes_actions[] = {
	{ "report.row.actions_total", NULL, "actions.total", RL_COUNT },
	{ "report.row.actions_by_network", NULL, "actions.by_network", RL_PERCENTAGE },
	{ "report.row.actions_substituting", NULL, "actions.substituting_professional", RL_PERCENTAGE },
	{ "report.row.plans_without_professional_care", NULL, "plans_without_professional_care", RL_PERCENTAGE },
};

/* the five figures of a measure; the wording states what was recorded at
 * request and at follow-up, not what caused it */
#define MEASURE_ROWS(m)                                                                         \
	{ "report.row.threatened", "value." #m, "measures." #m ".threatened", RL_COUNT },            \
	{ "report.row.prevented", "value." #m, "measures." #m ".prevented", RL_PERCENTAGE },         \
	{ "report.row.happened", "value." #m, "measures." #m ".happened", RL_PERCENTAGE },           \
	{ "report.row.in_place", "value." #m, "measures." #m ".in_place", RL_COUNT },                \
	{ "report.row.reversed", "value." #m, "measures." #m ".reversed", RL_PERCENTAGE }

static const struct rl_row outcomes_measures[] = {
	MEASURE_ROWS(supervision_order), MEASURE_ROWS(out_of_home_placement), MEASURE_ROWS(eviction),
	MEASURE_ROWS(admission),
};

static const struct rl_section outcomes_sections[] = {
	{ "report.section.conferences", "report.note.conferences", outcomes_conferences, N(outcomes_conferences) },
	{ "report.section.actions", "report.note.actions", outcomes_actions, N(outcomes_actions) },
	{ "report.section.measures", "report.note.measures", outcomes_measures, N(outcomes_measures) },
};

#define PREVENTED_BAR(m) { "value." #m, NULL, "measures." #m ".prevented" }
static const struct rl_bar outcomes_prevented_bars[] = {
	PREVENTED_BAR(supervision_order), PREVENTED_BAR(out_of_home_placement), PREVENTED_BAR(eviction),
	PREVENTED_BAR(admission),
};

static const struct rl_bar outcomes_action_bars[] = {
	{ "report.row.actions_by_network", NULL, "actions.by_network" },
	{ "report.row.actions_substituting", NULL, "actions.substituting_professional" },
	{ "report.row.plans_without_professional_care", NULL, "plans_without_professional_care" },
};

static const struct rl_chart outcomes_charts[] = {
	{ "report.chart.prevented", "report.axis.pct_of_threatened", NULL, RL_PERCENTAGE, outcomes_prevented_bars,
	  N(outcomes_prevented_bars) },
	{ "report.chart.actions", "report.axis.pct_of_each", NULL, RL_PERCENTAGE, outcomes_action_bars,
	  N(outcomes_action_bars) },
};

/* ---- costs ---- */

static const struct rl_row costs_basis[] = {
	{ "report.row.conferences", NULL, "conferences", RL_COUNT },
	{ "report.row.currency", NULL, "unit_costs.currency", RL_TEXT },
	{ "report.row.horizon_years", NULL, "unit_costs.horizon_years", RL_NUMBER },
	{ "report.row.discount_rate_pct", NULL, "unit_costs.discount_rate_pct", RL_NUMBER },
	{ "report.row.unit_costs_file", NULL, "unit_costs.file", RL_TEXT },
};

static const struct rl_row costs_result[] = {
	{ "report.row.costs", NULL, "costs_cents", RL_CENTS },
	{ "report.row.gross_savings", NULL, "gross_savings_cents", RL_CENTS },
	{ "report.row.net_savings", NULL, "net_savings_cents", RL_CENTS },
	{ "report.row.net_per_conference", NULL, "net_per_conference_cents", RL_CENTS },
	{ "report.row.net_per_100", NULL, "net_per_100_cents", RL_CENTS },
};

#define RANGE_ROWS(r)                                                                                \
	{ "report.row.range_costs", "report.range." #r, "range." #r ".costs_cents", RL_CENTS },                    \
	{ "report.row.range_gross", "report.range." #r, "range." #r ".gross_savings_cents", RL_CENTS },            \
	{ "report.row.range_net", "report.range." #r, "range." #r ".net_savings_cents", RL_CENTS },               \
	{ "report.row.range_per_conference", "report.range." #r, "range." #r ".net_per_conference_cents", RL_CENTS }, \
	{ "report.row.range_per_100", "report.range." #r, "range." #r ".net_per_100_cents", RL_CENTS }

static const struct rl_row costs_range[] = { RANGE_ROWS(low), RANGE_ROWS(high) };

static const struct rl_section costs_sections[] = {
	{ "report.section.costs_basis", "report.note.costs_basis", costs_basis, N(costs_basis) },
	{ "report.section.costs_result", "report.note.costs_result", costs_result, N(costs_result) },
	{ "report.section.costs_range", "report.note.costs_range", costs_range, N(costs_range) },
};

static const struct rl_bar costs_net_bars[] = {
	{ "report.range.low", NULL, "range.low.net_per_conference_cents" },
	{ "report.range.base", NULL, "net_per_conference_cents" },
	{ "report.range.high", NULL, "range.high.net_per_conference_cents" },
};

static const struct rl_bar costs_total_bars[] = {
	{ "report.row.costs", NULL, "costs_cents" },
	{ "report.row.gross_savings", NULL, "gross_savings_cents" },
	{ "report.row.net_savings", NULL, "net_savings_cents" },
};

static const struct rl_chart costs_charts[] = {
	{ "report.chart.net_per_conference", "report.axis.per_conference", "conferences", RL_CENTS, costs_net_bars,
	  N(costs_net_bars) },
	{ "report.chart.totals", "report.axis.euros", NULL, RL_CENTS, costs_total_bars, N(costs_total_bars) },
};

const struct rl_column rl_line_columns[] = {
	{ "report.line.item", "item", RL_TEXT },
	{ "report.line.quantity", "quantity", RL_COUNT },
	{ "report.line.unit", "unit_cents", RL_CENTS },
	{ "report.line.low", "low_cents", RL_CENTS },
	{ "report.line.high", "high_cents", RL_CENTS },
	{ "report.line.factor", "factor", RL_NUMBER },
	{ "report.line.amount", "amount_cents", RL_CENTS },
	{ "report.line.low_amount", "low_amount_cents", RL_CENTS },
	{ "report.line.high_amount", "high_amount_cents", RL_CENTS },
	{ "report.line.source", "source", RL_TEXT },
};
const size_t rl_nline_columns = N(rl_line_columns);

/* ---- the reports ---- */

static const struct rl_report REPORTS[] = {
	{ "annual", "report.title.annual", "report.population.annual", annual_sections, N(annual_sections),
	  annual_charts, N(annual_charts), false },
	{ "outcomes", "report.title.outcomes", "report.population.outcomes", outcomes_sections,
	  N(outcomes_sections), outcomes_charts, N(outcomes_charts), false },
	{ "costs", "report.title.costs", "report.population.costs", costs_sections, N(costs_sections),
	  costs_charts, N(costs_charts), true },
};

const struct rl_report *report_layout(const char *name)
{
	for (size_t i = 0; name && i < N(REPORTS); i++)
		if (strcmp(REPORTS[i].name, name) == 0)
			return &REPORTS[i];
	return NULL;
}

const struct rl_report *report_layout_of(const json_t *report)
{
	return report_layout(json_string_value(json_object_get(report, "report")));
}

const json_t *rl_get(const json_t *report, const char *path)
{
	const json_t *v = report;
	const char *p = path;
	while (v && p && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		char key[64];
		if (n >= sizeof key)
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		p = dot ? dot + 1 : NULL;
	}
	return v;
}

/* ---- writing figures ---- */

void rl_integer(enum lang l, long long v, char *out, size_t len)
{
	char digits[32], grouped[48];
	unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	int n = snprintf(digits, sizeof digits, "%llu", a);
	size_t w = 0;
	char sep = l == LANG_EN ? ',' : '.';
	for (int i = 0; i < n && w + 2 < sizeof grouped; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[w++] = sep;
		grouped[w++] = digits[i];
	}
	grouped[w] = '\0';
	snprintf(out, len, "%s%s", v < 0 ? "-" : "", grouped);
}

void rl_decimal(enum lang l, double v, int decimals, char *out, size_t len)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
	/* -0.0 reads as 0.0 */
	if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1))
		memmove(tmp, tmp + 1, strlen(tmp));
	if (l != LANG_EN)
		for (char *c = tmp; *c; c++)
			if (*c == '.')
				*c = ',';
	snprintf(out, len, "%s", tmp);
}

static const char DASH[] = "\u2014";

/* a count: an integer, "<5" (withheld) or a dash */
static void fmt_count(enum lang l, const json_t *v, char *out, size_t len)
{
	if (json_is_string(v))
		snprintf(out, len, "%s", json_string_value(v));
	else if (json_is_integer(v))
		rl_integer(l, (long long)json_integer_value(v), out, len);
	else if (json_is_real(v))
		rl_decimal(l, json_real_value(v), 1, out, len);
	else
		snprintf(out, len, "%s", DASH);
}

static void fmt_percentage(enum lang l, const json_t *v, char *out, size_t len)
{
	char count[32], of[32], pct[32];
	if (!json_is_object(v)) {
		snprintf(out, len, "%s", DASH);
		return;
	}
	fmt_count(l, json_object_get(v, "count"), count, sizeof count);
	fmt_count(l, json_object_get(v, "of"), of, sizeof of);
	const json_t *p = json_object_get(v, "pct");
	if (json_is_number(p)) {
		rl_decimal(l, json_number_value(p), 1, pct, sizeof pct);
		snprintf(pct + strlen(pct), sizeof pct - strlen(pct), "%%");
	} else {
		snprintf(pct, sizeof pct, "%s", DASH);
	}
	char sentence[96];
	tr_format(l, "report.fmt.percentage", count, of, sentence, sizeof sentence);
	snprintf(out, len, "%s (%s)", sentence, pct);
}

static void fmt_mean(enum lang l, const json_t *v, char *out, size_t len)
{
	char mean[32], of[32];
	const json_t *m = json_is_object(v) ? json_object_get(v, "mean") : v;
	if (json_is_number(m))
		rl_decimal(l, json_number_value(m), 1, mean, sizeof mean);
	else
		snprintf(mean, sizeof mean, "%s", DASH);
	if (!json_is_object(v)) {
		snprintf(out, len, "%s", mean);
		return;
	}
	fmt_count(l, json_object_get(v, "of"), of, sizeof of);
	tr_format(l, "report.fmt.mean_of", mean, of, out, len);
}

static void fmt_cents(enum lang l, const json_t *v, char *out, size_t len)
{
	char money[40];
	if (!json_is_integer(v)) {
		snprintf(out, len, "%s", json_is_string(v) ? json_string_value(v) : DASH);
		return;
	}
	i18n_money(l, (int64_t)json_integer_value(v), money);
	snprintf(out, len, "%s", money);
}

static void fmt_growth(enum lang l, const json_t *v, char *out, size_t len)
{
	char d[32];
	if (!json_is_number(v)) {
		snprintf(out, len, "%s", DASH);
		return;
	}
	double g = json_number_value(v);
	rl_decimal(l, g, 1, d, sizeof d);
	snprintf(out, len, "%s%s%%", g > 0 ? "+" : "", d);
}

static void fmt_number(enum lang l, const json_t *v, char *out, size_t len)
{
	if (json_is_integer(v)) {
		/* a year or a count of years: no thousands separator */
		snprintf(out, len, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		/* as many decimals as it needs, up to six (an annuity factor) */
		char d[48];
		rl_decimal(l, json_real_value(v), 6, d, sizeof d);
		size_t n = strlen(d);
		while (n > 0 && d[n - 1] == '0')
			d[--n] = '\0';
		if (n > 0 && (d[n - 1] == ',' || d[n - 1] == '.'))
			d[--n] = '\0';
		snprintf(out, len, "%s", d);
	} else if (json_is_string(v)) {
		snprintf(out, len, "%s", json_string_value(v));
	} else {
		snprintf(out, len, "%s", DASH);
	}
}

static void fmt_text(enum lang l, const json_t *v, char *out, size_t len)
{
	if (json_is_string(v))
		snprintf(out, len, "%s", json_string_value(v));
	else
		fmt_number(l, v, out, len);
}

/* the writer of each kind, indexed by enum rl_kind */
static void (*const FORMATS[])(enum lang, const json_t *, char *, size_t) = {
	[RL_COUNT] = fmt_count,   [RL_PERCENTAGE] = fmt_percentage, [RL_MEAN] = fmt_mean,
	[RL_CENTS] = fmt_cents,   [RL_GROWTH] = fmt_growth,         [RL_NUMBER] = fmt_number,
	[RL_TEXT] = fmt_text,
};

void rl_format_value(enum lang l, const json_t *v, enum rl_kind kind, char *out, size_t len)
{
	if (!len)
		return;
	if (!v || json_is_null(v)) {
		snprintf(out, len, "%s", DASH);
		return;
	}
	/* a percentage object is always written with its denominator, whatever
	 * the row says */
	if (json_is_object(v) && json_object_get(v, "pct") && json_object_get(v, "of"))
		kind = RL_PERCENTAGE;
	if ((unsigned)kind >= N(FORMATS))
		kind = RL_TEXT;
	FORMATS[kind](l, v, out, len);
}

void rl_format(enum lang l, const json_t *report, const struct rl_row *row, char *out, size_t len)
{
	rl_format_value(l, rl_get(report, row->path), row->kind, out, len);
}

void rl_label(enum lang l, const char *label, const char *arg, char *out, size_t len)
{
	if (arg)
		tr_format(l, label, tr(l, arg), NULL, out, len);
	else
		snprintf(out, len, "%s", tr(l, label));
}

void rl_period(enum lang l, const json_t *report, char *out, size_t len)
{
	const json_t *filters = json_object_get(report, "filters");
	const json_t *year = json_object_get(filters, "year");
	if (!json_is_integer(year))
		year = json_object_get(report, "year");
	const char *from = json_string_value(json_object_get(filters, "from"));
	const char *to = json_string_value(json_object_get(filters, "to"));
	char f[32], t[32];
	if (json_is_integer(year)) {
		snprintf(out, len, "%lld", (long long)json_integer_value(year));
	} else if (from || to) {
		i18n_date(l, from ? from : "", f);
		i18n_date(l, to ? to : "", t);
		const char *key = from && to ? "report.period.from_to" : from ? "report.period.from" : "report.period.to";
		tr_format(l, key, f, t, out, len);
	} else {
		snprintf(out, len, "%s", tr(l, "report.period.all"));
	}
}

/* the filters a report may carry, in the order they are shown */
static const struct {
	const char *name;
	const char *label;
	bool date, value; /* a date to write as people do; an enum value to translate */
} FILTERS[] = {
	{ "from", "report.filter.from", true, false },    { "to", "report.filter.to", true, false },
	{ "year", "report.filter.year", false, false },   { "region", "report.filter.region", false, false },
	{ "funder", "report.filter.funder", false, false }, { "track", "report.filter.track", false, true },
};

bool rl_filter(enum lang l, const json_t *report, size_t *i, const char **label, char *value, size_t len)
{
	const json_t *filters = json_object_get(report, "filters");
	for (; *i < N(FILTERS); (*i)++) {
		const json_t *v = json_object_get(filters, FILTERS[*i].name);
		if (!v || json_is_null(v))
			continue;
		*label = FILTERS[*i].label;
		if (json_is_string(v) && FILTERS[*i].date) {
			char d[32];
			i18n_date(l, json_string_value(v), d);
			snprintf(value, len, "%s", d);
		} else if (json_is_string(v) && FILTERS[*i].value) {
			snprintf(value, len, "%s", tr3(l, "value", json_string_value(v), NULL));
		} else {
			fmt_number(l, v, value, len);
		}
		(*i)++;
		return true;
	}
	return false;
}
