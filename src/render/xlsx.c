/*
 * A report as an Excel workbook (libxlsxwriter): a sheet about the report
 * (title, period, filters, who is counted), a sheet per section with its
 * note and figures, for the costs report a sheet with the unit-cost lines
 * and their sources, and a sheet of charts: per chart its data and a native
 * bar chart drawn from them.
 *
 * Numbers are numbers: counts as integers, percentages as fractions with a
 * percent format next to their count and denominator, money in euros with
 * a money format. A withheld count is the text "<5", a figure that cannot
 * be computed the text "—".
 *
 * libxlsxwriter 1.1.4 writes only to a file: the workbook goes to a private
 * temporary file (mkstemp, mode 0600) that is read back and removed.
 */
#include "render/report_writers.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "render/chart.h"

struct xlsx {
	lxw_workbook *wb;
	enum lang lang;
	lxw_format *bold, *note, *pct, *money, *growth, *mean, *factor, *integer, *wrap;
	lxw_format *by_kind[RL_TEXT + 1]; /* the number format of each kind of figure */
};

/* what a figure's number is multiplied by in a cell: percentages become
 * fractions (shown with a percent format), cents euros */
static const double SCALE[RL_TEXT + 1] = {
	[RL_COUNT] = 1, [RL_PERCENTAGE] = 0.01, [RL_MEAN] = 1, [RL_CENTS] = 0.01,
	[RL_GROWTH] = 0.01, [RL_NUMBER] = 1, [RL_TEXT] = 1,
};

/* a sheet named after title: at most 31 characters, none of []:*?/\ (which
 * Excel refuses), unique (a number added when not); NULL when it cannot be
 * added */
static lxw_worksheet *add_sheet(struct xlsx *x, const char *title)
{
	char base[128], name[136];
	size_t in = 0, out = 0, chars = 0;
	/* at most 28 characters (UTF-8 aware), leaving room for " 2" */
	while (title[in] && chars < 28 && out + 5 < sizeof base) {
		char c = title[in];
		base[out++] = strchr("[]:*?/\\", c) ? '-' : c;
		in++;
		while ((title[in] & 0xC0) == 0x80 && out + 1 < sizeof base)
			base[out++] = title[in++];
		chars++;
	}
	base[out] = '\0';
	snprintf(name, sizeof name, "%s", base[0] ? base : "-");
	for (int n = 2; workbook_get_worksheet_by_name(x->wb, name) && n < 100; n++)
		snprintf(name, sizeof name, "%s %d", base, n);
	return workbook_add_worksheet(x->wb, name);
}

static void text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	worksheet_write_string(ws, r, c, s ? s : "", f);
}

/* a number of the report in a cell: a number when it is one, the text
 * "<5" when withheld, "—" when null */
static void number(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const json_t *v, double scale, lxw_format *f)
{
	if (json_is_number(v))
		worksheet_write_number(ws, r, c, json_number_value(v) * scale, f);
	else if (json_is_string(v))
		text(ws, r, c, json_string_value(v), NULL);
	else
		text(ws, r, c, "\u2014", NULL);
}

/* one figure in columns B (value), C (count), D (of) */
static void figure(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, const json_t *v, enum rl_kind kind)
{
	if (json_is_object(v) && json_object_get(v, "of") && json_object_get(v, "pct")) {
		number(ws, r, 1, json_object_get(v, "pct"), 0.01, x->pct);
		number(ws, r, 2, json_object_get(v, "count"), 1, x->integer);
		number(ws, r, 3, json_object_get(v, "of"), 1, x->integer);
		return;
	}
	if (json_is_object(v)) { /* a mean with its number of respondents */
		number(ws, r, 1, json_object_get(v, "mean"), 1, x->mean);
		number(ws, r, 3, json_object_get(v, "of"), 1, x->integer);
		return;
	}
	lxw_format *f = x->by_kind[kind];
	if (kind == RL_COUNT)
		number(ws, r, 2, v, 1, f);
	number(ws, r, 1, v, SCALE[kind], f);
}

static void about_sheet(struct xlsx *x, const json_t *report, const struct rl_report *layout)
{
	enum lang l = x->lang;
	char value[256];
	lxw_worksheet *ws = add_sheet(x, tr(l, "report.out.about"));
	if (!ws)
		return;
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, 1, 90, x->wrap);
	lxw_row_t r = 0;
	text(ws, r, 0, tr(l, "report.out.report"), x->bold);
	text(ws, r++, 1, tr(l, layout->title), x->bold);
	rl_period(l, report, value, sizeof value);
	text(ws, r, 0, tr(l, "report.out.period"), x->bold);
	text(ws, r++, 1, value, NULL);
	size_t i = 0;
	const char *label;
	while (rl_filter(l, report, &i, &label, value, sizeof value)) {
		text(ws, r, 0, tr(l, label), x->bold);
		text(ws, r++, 1, value, NULL);
	}
	text(ws, r, 0, tr(l, "report.out.population"), x->bold);
	text(ws, r++, 1, tr(l, layout->population), x->wrap);
	const char *computed = json_string_value(json_object_get(report, "population"));
	if (computed) {
		text(ws, r, 0, tr(l, "report.out.population_source"), x->bold);
		text(ws, r++, 1, computed, x->wrap);
	}
	r++;
	if (json_is_true(json_object_get(report, "suppressed")))
		text(ws, r++, 1, tr(l, "report.out.suppressed"), x->wrap);
	text(ws, r++, 1, tr(l, "report.out.dash"), x->wrap);
	text(ws, r, 1, tr(l, "report.out.made_by"), x->note);
}

static void section_sheet(struct xlsx *x, const json_t *report, const struct rl_section *sec)
{
	enum lang l = x->lang;
	lxw_worksheet *ws = add_sheet(x, tr(l, sec->title));
	if (!ws)
		return;
	worksheet_set_column(ws, 0, 0, 62, NULL);
	worksheet_set_column(ws, 1, 3, 14, NULL);
	text(ws, 0, 0, tr(l, sec->title), x->bold);
	text(ws, 1, 0, tr(l, sec->note), x->note);
	static const char *const HEAD[] = { "report.out.label", "report.out.value", "report.out.count", "report.out.of" };
	for (lxw_col_t c = 0; c < 4; c++)
		text(ws, 3, c, tr(l, HEAD[c]), x->bold);
	for (size_t r = 0; r < sec->nrows; r++) {
		char label[256];
		rl_label(l, sec->rows[r].label, sec->rows[r].arg, label, sizeof label);
		text(ws, (lxw_row_t)(4 + r), 0, label, NULL);
		figure(x, ws, (lxw_row_t)(4 + r), rl_get(report, sec->rows[r].path), sec->rows[r].kind);
	}
}

static void lines_sheet(struct xlsx *x, const json_t *report)
{
	enum lang l = x->lang;
	lxw_worksheet *ws = add_sheet(x, tr(l, "report.section.lines"));
	if (!ws)
		return;
	text(ws, 0, 0, tr(l, "report.section.lines"), x->bold);
	text(ws, 1, 0, tr(l, "report.note.lines"), x->note);
	for (size_t c = 0; c < rl_nline_columns; c++)
		text(ws, 3, (lxw_col_t)c, tr(l, rl_line_columns[c].label), x->bold);
	worksheet_set_column(ws, 0, 0, 40, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)(rl_nline_columns - 2), 14, NULL);
	worksheet_set_column(ws, (lxw_col_t)(rl_nline_columns - 1), (lxw_col_t)(rl_nline_columns - 1), 80, NULL);
	size_t i;
	const json_t *line;
	json_array_foreach(json_object_get(report, "lines"), i, line) {
		lxw_row_t r = (lxw_row_t)(4 + i);
		for (size_t c = 0; c < rl_nline_columns; c++) {
			const struct rl_column *col = &rl_line_columns[c];
			const json_t *v = json_object_get(line, col->field);
			if (c == 0)
				text(ws, r, 0, tr3(l, "report.item", json_string_value(v) ? json_string_value(v) : "", NULL), NULL);
			else if (col->kind == RL_CENTS)
				number(ws, r, (lxw_col_t)c, v, 0.01, x->money);
			else if (col->kind == RL_NUMBER)
				number(ws, r, (lxw_col_t)c, v, 1, x->factor);
			else if (col->kind == RL_COUNT)
				number(ws, r, (lxw_col_t)c, v, 1, x->integer);
			else
				text(ws, r, (lxw_col_t)c, json_string_value(v), NULL);
		}
	}
}

/* per chart: its title, its bars' labels, values and figures (with the
 * denominator) in columns A-C, and a native bar chart drawn from them */
static int charts_sheet(struct xlsx *x, const json_t *report, const struct rl_report *layout)
{
	enum lang l = x->lang;
	lxw_worksheet *ws = add_sheet(x, tr(l, "report.out.charts"));
	if (!ws)
		return -1;
	worksheet_set_column(ws, 0, 0, 44, NULL);
	worksheet_set_column(ws, 1, 1, 12, NULL);
	worksheet_set_column(ws, 2, 2, 24, NULL);
	struct chart *c = malloc(sizeof *c);
	if (!c)
		return -1;
	lxw_row_t r0 = 0;
	int rc = 0;
	for (size_t k = 0; k < layout->ncharts && rc == 0; k++) {
		if (chart_build(report, &layout->charts[k], l, c) < 0) {
			rc = -1;
			break;
		}
		text(ws, r0, 0, c->title, x->bold);
		text(ws, r0 + 1, 0, tr(l, "report.out.chart_label"), x->bold);
		text(ws, r0 + 1, 1, tr(l, "report.out.chart_value"), x->bold);
		text(ws, r0 + 1, 2, c->axis, x->note);
		for (size_t b = 0; b < c->nbars; b++) {
			lxw_row_t r = (lxw_row_t)(r0 + 2 + b);
			text(ws, r, 0, c->bars[b].label, NULL);
			if (c->bars[b].has_value)
				worksheet_write_number(ws, r, 1, c->bars[b].value, NULL);
			text(ws, r, 2, c->bars[b].text, NULL);
		}
		lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_BAR);
		lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
		lxw_row_t first = r0 + 2, last = (lxw_row_t)(r0 + 1 + c->nbars);
		chart_series_set_categories(series, ws->name, first, 0, last, 0);
		chart_series_set_values(series, ws->name, first, 1, last, 1);
		chart_series_set_name(series, c->title);
		chart_series_set_labels(series);
		chart_title_set_name(chart, c->title);
		/* the bars from top to bottom in the order of the table (a bar
		 * chart draws its first category at the bottom) */
		chart_axis_set_reverse(chart->y_axis);
		/* in a (horizontal) bar chart the x axis is the one of the values */
		chart_axis_set_name(chart->x_axis, c->axis);
		if (c->kind == RL_PERCENTAGE) {
			chart_axis_set_min(chart->x_axis, 0);
			chart_axis_set_max(chart->x_axis, 100);
		}
		chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
		char description[512];
		snprintf(description, sizeof description, "%s: %s", c->title, c->axis);
		lxw_chart_options options = { .x_offset = 10, .y_offset = 0, .x_scale = 1.3, .y_scale = 1.1,
					      .description = description };
		if (worksheet_insert_chart_opt(ws, r0, 4, chart, &options) != LXW_NO_ERROR)
			rc = -1;
		/* the next block below both the data and the chart (about 16 rows) */
		r0 += (lxw_row_t)(c->nbars + 4 > 19 ? c->nbars + 4 : 19);
	}
	free(c);
	return rc;
}

/* the file at path appended to out */
static int read_back(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[16384];
	size_t n;
	int rc = 0;
	while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rc = buf_add(out, chunk, n);
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

int report_xlsx(const json_t *report, const struct rl_report *layout, enum lang l, struct buf *out)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/kring-report-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	int rc = -1;
	lxw_workbook_options options = { .constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE };
	struct xlsx x = { .wb = workbook_new_opt(path, &options), .lang = l };
	if (!x.wb)
		goto cleanup;
	x.bold = workbook_add_format(x.wb);
	format_set_bold(x.bold);
	x.note = workbook_add_format(x.wb);
	format_set_italic(x.note);
	x.wrap = workbook_add_format(x.wb);
	format_set_text_wrap(x.wrap);
	format_set_align(x.wrap, LXW_ALIGN_VERTICAL_TOP);
	x.pct = workbook_add_format(x.wb);
	format_set_num_format(x.pct, "0.0%");
	x.growth = workbook_add_format(x.wb);
	format_set_num_format(x.growth, "+0.0%;-0.0%;0.0%");
	x.money = workbook_add_format(x.wb);
	format_set_num_format(x.money, "\"\u20ac\" #,##0.00;\"\u20ac\" -#,##0.00");
	x.mean = workbook_add_format(x.wb);
	format_set_num_format(x.mean, "0.0");
	x.factor = workbook_add_format(x.wb);
	format_set_num_format(x.factor, "0.000000");
	x.integer = workbook_add_format(x.wb);
	format_set_num_format(x.integer, "#,##0");
	x.by_kind[RL_COUNT] = x.integer;
	x.by_kind[RL_PERCENTAGE] = x.pct;
	x.by_kind[RL_MEAN] = x.mean;
	x.by_kind[RL_CENTS] = x.money;
	x.by_kind[RL_GROWTH] = x.growth;

	lxw_doc_properties properties = { .title = (char *)tr(l, layout->title), .author = "kring" };
	workbook_set_properties(x.wb, &properties);
	about_sheet(&x, report, layout);
	for (size_t s = 0; s < layout->nsections; s++)
		section_sheet(&x, report, &layout->sections[s]);
	if (layout->has_lines)
		lines_sheet(&x, report);
	int charts_rc = charts_sheet(&x, report, layout);
	lxw_error err = workbook_close(x.wb);
	if (err == LXW_NO_ERROR && charts_rc == 0)
		rc = read_back(path, out);
cleanup:
	unlink(path);
	return rc;
}
