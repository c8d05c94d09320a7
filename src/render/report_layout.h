#ifndef KRING_RENDER_REPORT_LAYOUT_H
#define KRING_RENDER_REPORT_LAYOUT_H
/*
 * How the reports are presented: per report its title, the population it
 * counts, its sections (a title, a note naming the denominators, the rows)
 * and its bar charts. The layout is data (tables in report_layout.c); every
 * output (the web page, CSV, XLSX, PDF, SVG charts) walks the same tables,
 * so a figure has the same label and the same denominator everywhere.
 *
 * A row names its figure by a path into the report's JSON object (as
 * service/reports.c builds it), "requests.by_track.adult.total": keys joined
 * by dots. Texts are catalogue keys (po/LANG/reports.po).
 */
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "render/i18n.h"

/* what a figure is, and so how it is written */
enum rl_kind {
	RL_COUNT,      /* an integer, or "<5" when withheld: 1.300 */
	RL_PERCENTAGE, /* {count, of, pct}: 22 van 24 (91,7%) */
	RL_MEAN,       /* a number with one decimal, or {mean, of}: 7,8 (n = 40) */
	RL_CENTS,      /* integer cents: € 17.000,00 */
	RL_GROWTH,     /* a change in percent: +20,0% */
	RL_NUMBER,     /* a plain number: 2,25 */
	RL_TEXT,       /* a string as it is (a file name, a currency) */
};

/*
 * One line of a table. label is a catalogue key; when arg is set, it is a
 * key too and its text replaces {1} in the label's text ("{1}: vorig jaar"
 * with "value.adult"), so that one label serves every track or measure.
 */
struct rl_row {
	const char *label;
	const char *arg;
	const char *path;
	enum rl_kind kind;
};

/* one bar of a chart: its label (key, with arg as for rows) and its figure */
struct rl_bar {
	const char *label;
	const char *arg;
	const char *path;
};

/*
 * A bar chart. The bars of one chart share a kind (percentages are drawn
 * on 0-100, counts and money on their own scale). axis is the key of the
 * axis title; {1} in it is replaced by the figure at denominator (when
 * set), so that the axis names what the bars are a share of.
 */
struct rl_chart {
	const char *title;
	const char *axis;
	const char *denominator;
	enum rl_kind kind;
	const struct rl_bar *bars;
	size_t nbars;
};

struct rl_section {
	const char *title;
	const char *note;
	const struct rl_row *rows;
	size_t nrows;
};

struct rl_report {
	const char *name;       /* "annual", as in the report's "report" key */
	const char *title;      /* key */
	const char *population; /* key: who is counted */
	const struct rl_section *sections;
	size_t nsections;
	const struct rl_chart *charts;
	size_t ncharts;
	bool has_lines; /* the report carries "lines": the unit-cost table */
};

/* the column heads and fields of the unit-cost lines (costs' "lines") */
struct rl_column {
	const char *label; /* key */
	const char *field; /* key in each line */
	enum rl_kind kind;
};
extern const struct rl_column rl_line_columns[];
extern const size_t rl_nline_columns;

/* the layout of the report called name ("annual", "outcomes", "costs"),
 * NULL when there is none */
const struct rl_report *report_layout(const char *name);
/* the layout of a report object (by its "report" key), NULL when unknown */
const struct rl_report *report_layout_of(const json_t *report);

/* the value at a dotted path in report; NULL when absent */
const json_t *rl_get(const json_t *report, const char *path);

/*
 * A figure as people read it, into out (cut short to fit):
 * "22 van 24 (91,7%)" / "22 of 24 (91.7%)", "€ 17.000,00", "<5", and "—"
 * for null or an absent figure (withheld, or no denominator). A percentage
 * always shows its denominator, also when its pct is withheld.
 */
void rl_format(enum lang l, const json_t *report, const struct rl_row *row, char *out, size_t len);
/* the same for a value itself (v may be NULL) */
void rl_format_value(enum lang l, const json_t *v, enum rl_kind kind, char *out, size_t len);
/* a label with its arg, into out: "Volwassenen: vorig jaar" */
void rl_label(enum lang l, const char *label, const char *arg, char *out, size_t len);

/* a number with one decimal in lang's way: 91,7 (nl), 91.7 (en) */
void rl_decimal(enum lang l, double v, int decimals, char *out, size_t len);
/* an integer grouped by thousands: 1.300 (nl), 1,300 (en) */
void rl_integer(enum lang l, long long v, char *out, size_t len);

/* the period a report covers, as people read it: "2010", "01-01-2010 t/m
 * 31-12-2010", "alle aanvragen" */
void rl_period(enum lang l, const json_t *report, char *out, size_t len);

/* the applied filters, one by one: for i = 0, 1, ... the key of the
 * filter's label and its value as text; false when there are no more
 * (filters not applied are skipped) */
bool rl_filter(enum lang l, const json_t *report, size_t *i, const char **label, char *value, size_t len);

#endif
