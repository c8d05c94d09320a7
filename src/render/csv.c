/*
 * A report as CSV (RFC 4180): for people who read it in a spreadsheet and
 * for programs that read the figures.
 *
 * - Lines end in CRLF; a cell holding a comma, a quote, CR or LF is quoted,
 *   quotes doubled.
 * - UTF-8 with a byte order mark: Excel reads a CSV file without one in the
 *   system's legacy code page and garbles "€" and "ë"; LibreOffice and
 *   Python (encoding "utf-8-sig") read the mark as such.
 * - Text cells that start with = + - @, a tab or CR get a leading apostrophe
 *   (formula injection: a name like "=HYPERLINK(...)" must stay text).
 *   Numbers kring writes itself (-1500) are written as they are.
 * - First a block of "name,value" lines (report, title, period, the
 *   filters, the population, whether small counts are withheld), an empty
 *   line, then one table: section, label, key (the figure's path in the
 *   JSON report), value, unit, count, of, pct. Numbers are plain: no
 *   thousands separator, '.' as the decimal sign, money in cents; a
 *   withheld count is "<5", a figure that cannot be computed an empty cell.
 *   The costs report adds a second table, the unit-cost lines.
 * - Every line has the same number of cells (short ones are padded).
 */
#include "render/report_writers.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* the cells of a line: a line is padded to the file's width */
struct csv {
	struct buf *out;
	size_t width, cells;
	int rc;
};

int csv_text(struct buf *out, const char *s)
{
	if (!s)
		s = "";
	bool formula = s[0] && strchr("=+-@\t\r", s[0]);
	bool quoted = strpbrk(s, ",\"\r\n") != NULL;
	int rc = quoted ? buf_addc(out, '"') : 0;
	/* the apostrophe inside the quotes: a field starts with its quote */
	if (formula)
		rc |= buf_addc(out, '\'');
	if (!quoted)
		return rc | buf_adds(out, s);
	for (const char *p = s; *p; p++)
		rc |= *p == '"' ? buf_adds(out, "\"\"") : buf_addc(out, *p);
	return rc | buf_addc(out, '"');
}

static void cell_sep(struct csv *c)
{
	if (c->cells++ > 0)
		c->rc |= buf_addc(c->out, ',');
}

static void cell(struct csv *c, const char *s)
{
	cell_sep(c);
	c->rc |= csv_text(c->out, s);
}

/* a number, written as a program reads it: integers as they are, reals
 * with up to six decimals and '.' */
static void cell_json(struct csv *c, const json_t *v)
{
	cell_sep(c);
	if (json_is_integer(v)) {
		c->rc |= buf_printf(c->out, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		char d[48];
		snprintf(d, sizeof d, "%.6f", json_real_value(v));
		size_t n = strlen(d);
		while (n > 0 && d[n - 1] == '0')
			d[--n] = '\0';
		if (n > 0 && d[n - 1] == '.')
			d[--n] = '\0';
		c->rc |= buf_adds(c->out, d);
	} else if (json_is_string(v)) {
		c->rc |= csv_text(c->out, json_string_value(v));
	} else if (json_is_true(v) || json_is_false(v)) {
		c->rc |= buf_adds(c->out, json_is_true(v) ? "true" : "false");
	}
	/* null or absent: an empty cell */
}

static void end_line(struct csv *c)
{
	while (c->cells < c->width)
		cell_sep(c);
	c->rc |= buf_adds(c->out, "\r\n");
	c->cells = 0;
}

/* the unit column of each kind */
static const char *const UNITS[] = {
	[RL_COUNT] = "count", [RL_PERCENTAGE] = "percent", [RL_MEAN] = "mean", [RL_CENTS] = "cents",
	[RL_GROWTH] = "growth_percent", [RL_NUMBER] = "number", [RL_TEXT] = "text",
};

/* value, unit, count, of, pct of one figure */
static void figure(struct csv *c, const json_t *v, enum rl_kind kind)
{
	bool pct = json_is_object(v) && json_object_get(v, "of") && json_object_get(v, "pct");
	bool mean = !pct && json_is_object(v) && json_object_get(v, "mean");
	if (pct) {
		kind = RL_PERCENTAGE;
		cell_json(c, json_object_get(v, "pct"));
	} else if (mean) {
		cell_json(c, json_object_get(v, "mean"));
	} else {
		cell_json(c, v);
	}
	cell(c, UNITS[kind]);
	if (pct) {
		cell_json(c, json_object_get(v, "count"));
		cell_json(c, json_object_get(v, "of"));
		cell_json(c, json_object_get(v, "pct"));
	} else if (mean) {
		cell(c, "");
		cell_json(c, json_object_get(v, "of"));
		cell(c, "");
	} else if (kind == RL_COUNT) {
		cell_json(c, v);
	}
}

static void header(struct csv *c, const json_t *report, const struct rl_report *layout, enum lang l)
{
	char text[256];
	cell(c, "report");
	cell(c, layout->name);
	end_line(c);
	cell(c, "title");
	cell(c, tr(l, layout->title));
	end_line(c);
	cell(c, "period");
	rl_period(l, report, text, sizeof text);
	cell(c, text);
	end_line(c);
	/* every filter, applied or not, by its name in the JSON report */
	const json_t *filters = json_object_get(report, "filters");
	static const char *const FILTERS[] = { "from", "to", "year", "region", "funder", "track" };
	for (size_t i = 0; i < N(FILTERS); i++) {
		cell(c, FILTERS[i]);
		cell_json(c, json_object_get(filters, FILTERS[i]));
		end_line(c);
	}
	cell(c, "population");
	cell(c, tr(l, layout->population));
	end_line(c);
	const json_t *population = json_object_get(report, "population");
	if (json_is_string(population)) {
		cell(c, "population_computed");
		cell_json(c, population);
		end_line(c);
	}
	cell(c, "suppressed");
	cell(c, json_is_true(json_object_get(report, "suppressed")) ? "true" : "false");
	end_line(c);
	end_line(c);
}

static void figures(struct csv *c, const json_t *report, const struct rl_report *layout, enum lang l)
{
	static const char *const HEAD[] = { "section", "label", "key", "value", "unit", "count", "of", "pct" };
	for (size_t i = 0; i < N(HEAD); i++)
		cell(c, HEAD[i]);
	end_line(c);
	for (size_t s = 0; s < layout->nsections; s++) {
		const struct rl_section *sec = &layout->sections[s];
		for (size_t r = 0; r < sec->nrows; r++) {
			const struct rl_row *row = &sec->rows[r];
			char label[256];
			rl_label(l, row->label, row->arg, label, sizeof label);
			cell(c, tr(l, sec->title));
			cell(c, label);
			cell(c, row->path);
			figure(c, rl_get(report, row->path), row->kind);
			end_line(c);
		}
	}
}

static void lines(struct csv *c, const json_t *report, enum lang l)
{
	const json_t *ls = json_object_get(report, "lines");
	end_line(c);
	for (size_t i = 0; i < rl_nline_columns; i++) {
		cell(c, rl_line_columns[i].field);
		if (i == 0)
			cell(c, "label");
	}
	end_line(c);
	size_t i;
	const json_t *line;
	json_array_foreach(ls, i, line) {
		for (size_t k = 0; k < rl_nline_columns; k++) {
			const json_t *v = json_object_get(line, rl_line_columns[k].field);
			cell_json(c, v);
			if (k == 0)
				cell(c, tr3(l, "report.item", json_string_value(v), NULL));
		}
		end_line(c);
	}
}

int report_csv(const json_t *report, const struct rl_report *layout, enum lang l, struct buf *out)
{
	struct csv c = { out, layout->has_lines ? rl_nline_columns + 1 : 8, 0, 0 };
	c.rc |= buf_adds(out, "\xef\xbb\xbf");
	header(&c, report, layout, l);
	figures(&c, report, layout, l);
	if (layout->has_lines)
		lines(&c, report, l);
	return c.rc ? -1 : 0;
}
