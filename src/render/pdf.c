/*
 * A report as PDF (A4, cairo and pango, DejaVu Sans): a title page with the
 * report's name, period, filters and population; per section its note
 * (who is counted, the denominators) and a table of its figures, each
 * written with its denominator; the bar charts; for the costs report the
 * unit-cost lines with their sources. Every page carries the report's
 * title and period and the page's number at its foot.
 *
 * Text is set by pango as text (not as outlines), so pdftotext and screen
 * readers get the figures back.
 */
#include "render/report_writers.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/chart.h"
#include "render/draw.h"

#define PAGE_W 595.276 /* A4 in points */
#define PAGE_H 841.890
#define MARGIN 56.0
#define FOOT 36.0 /* the foot line's distance from the bottom */
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN)

static const double INK[3] = { 0.10, 0.10, 0.10 };
static const double MUTED[3] = { 0.30, 0.30, 0.30 };
static const double RULE[3] = { 0.75, 0.75, 0.75 };

struct pdf {
	cairo_t *cr;
	enum lang lang;
	char title[256]; /* the foot line's title */
	int page;
	double y;
};

static void ink(cairo_t *cr, const double c[3])
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

/* the foot line of the current page */
static void foot(struct pdf *p)
{
	char number[16], text[64];
	snprintf(number, sizeof number, "%d", p->page);
	tr_format(p->lang, "report.out.page", number, NULL, text, sizeof text);
	struct draw_text left = { 8, DRAW_PLAIN, DRAW_LEFT, TEXT_W * 0.7, 1 };
	struct draw_text right = { 8, DRAW_PLAIN, DRAW_RIGHT, 0, 0 };
	ink(p->cr, MUTED);
	draw_text_at(p->cr, p->title, MARGIN, PAGE_H - FOOT, &left);
	draw_text_at(p->cr, text, PAGE_W - MARGIN, PAGE_H - FOOT, &right);
}

static void next_page(struct pdf *p)
{
	foot(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

/* room for h more points on this page, or a new page */
static void need(struct pdf *p, double h)
{
	if (p->y + h > BOTTOM && p->y > MARGIN)
		next_page(p);
}

/* a paragraph across the text width */
static void paragraph(struct pdf *p, const char *text, double size, int style, const double colour[3], double after)
{
	struct draw_text t = { size, style, DRAW_LEFT, TEXT_W, 0 };
	double h = draw_text_height(p->cr, text, &t);
	need(p, h);
	ink(p->cr, colour);
	p->y += draw_text_at(p->cr, text, MARGIN, p->y, &t) + after;
}

/* a table row of cells (widths in w, alignments in a), with a rule below;
 * the row moves to a new page whole */
static void table_row(struct pdf *p, const char *const *cells, const double *w, const enum draw_align *a, size_t n,
		      double size, int style)
{
	double h = 0;
	for (size_t i = 0; i < n; i++) {
		struct draw_text t = { size, style, a[i], w[i] - 6, 0 };
		h = fmax(h, draw_text_height(p->cr, cells[i], &t));
	}
	need(p, h + 6);
	double x = MARGIN;
	ink(p->cr, INK);
	for (size_t i = 0; i < n; i++) {
		struct draw_text t = { size, style, a[i], w[i] - 6, 0 };
		draw_text_at(p->cr, cells[i], x + 3, p->y + 3, &t);
		x += w[i];
	}
	p->y += h + 6;
	ink(p->cr, RULE);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_line_to(p->cr, MARGIN + TEXT_W, p->y);
	cairo_stroke(p->cr);
}

static void title_page(struct pdf *p, const json_t *report, const struct rl_report *layout)
{
	enum lang l = p->lang;
	char period[128], value[256], line[512];
	rl_period(l, report, period, sizeof period);
	p->y = MARGIN + 120;
	paragraph(p, tr(l, layout->title), 26, DRAW_BOLD, INK, 8);
	paragraph(p, period, 16, DRAW_PLAIN, INK, 28);

	paragraph(p, tr(l, "report.out.filters"), 12, DRAW_BOLD, INK, 4);
	size_t i = 0;
	const char *label;
	bool any = false;
	while (rl_filter(l, report, &i, &label, value, sizeof value)) {
		snprintf(line, sizeof line, "%s: %s", tr(l, label), value);
		paragraph(p, line, 10, DRAW_PLAIN, INK, 2);
		any = true;
	}
	if (!any)
		paragraph(p, tr(l, "report.out.no_filters"), 10, DRAW_PLAIN, INK, 2);
	p->y += 16;
	paragraph(p, tr(l, "report.out.population"), 12, DRAW_BOLD, INK, 4);
	paragraph(p, tr(l, layout->population), 10, DRAW_PLAIN, INK, 16);
	if (json_is_true(json_object_get(report, "suppressed")))
		paragraph(p, tr(l, "report.out.suppressed"), 10, DRAW_PLAIN, INK, 6);
	paragraph(p, tr(l, "report.out.dash"), 10, DRAW_PLAIN, INK, 6);
	paragraph(p, tr(l, "report.out.made_by"), 9, DRAW_ITALIC, MUTED, 0);
	next_page(p);
}

static void sections(struct pdf *p, const json_t *report, const struct rl_report *layout)
{
	enum lang l = p->lang;
	static const double W[] = { TEXT_W * 0.62, TEXT_W * 0.38 };
	static const enum draw_align A[] = { DRAW_LEFT, DRAW_RIGHT };
	for (size_t s = 0; s < layout->nsections; s++) {
		const struct rl_section *sec = &layout->sections[s];
		if (s > 0)
			p->y += 18;
		need(p, 80); /* a heading not alone at the foot of a page */
		paragraph(p, tr(l, sec->title), 14, DRAW_BOLD, INK, 4);
		paragraph(p, tr(l, sec->note), 9, DRAW_ITALIC, MUTED, 6);
		for (size_t r = 0; r < sec->nrows; r++) {
			char label[256], value[128];
			rl_label(l, sec->rows[r].label, sec->rows[r].arg, label, sizeof label);
			rl_format(l, report, &sec->rows[r], value, sizeof value);
			const char *cells[] = { label, value };
			table_row(p, cells, W, A, 2, 10, DRAW_PLAIN);
		}
	}
}

/* the unit-cost lines: item, quantity, unit cost (low-high), factor,
 * amount (low-high), source */
static void cost_lines(struct pdf *p, const json_t *report)
{
	enum lang l = p->lang;
	static const double W[] = { TEXT_W * 0.22, TEXT_W * 0.09, TEXT_W * 0.19, TEXT_W * 0.10, TEXT_W * 0.19,
				    TEXT_W * 0.21 };
	static const enum draw_align A[] = { DRAW_LEFT, DRAW_RIGHT, DRAW_RIGHT, DRAW_RIGHT, DRAW_RIGHT, DRAW_LEFT };
	static const char *const HEAD[] = { "report.line.item", "report.line.quantity", "report.line.unit",
					    "report.line.factor", "report.line.amount", "report.line.source" };
	p->y += 18;
	need(p, 100);
	paragraph(p, tr(l, "report.section.lines"), 14, DRAW_BOLD, INK, 4);
	paragraph(p, tr(l, "report.note.lines"), 9, DRAW_ITALIC, MUTED, 6);
	const char *head[6];
	for (size_t i = 0; i < 6; i++)
		head[i] = tr(l, HEAD[i]);
	table_row(p, head, W, A, 6, 8, DRAW_BOLD);
	size_t i;
	const json_t *line;
	json_array_foreach(json_object_get(report, "lines"), i, line) {
		char quantity[48], unit[40], low[40], high[40], factor[48], amount[40], alow[40], ahigh[40];
		char unit_cell[160], amount_cell[160];
		rl_format_value(l, json_object_get(line, "quantity"), RL_COUNT, quantity, sizeof quantity);
		rl_format_value(l, json_object_get(line, "unit_cents"), RL_CENTS, unit, sizeof unit);
		rl_format_value(l, json_object_get(line, "low_cents"), RL_CENTS, low, sizeof low);
		rl_format_value(l, json_object_get(line, "high_cents"), RL_CENTS, high, sizeof high);
		rl_format_value(l, json_object_get(line, "factor"), RL_NUMBER, factor, sizeof factor);
		rl_format_value(l, json_object_get(line, "amount_cents"), RL_CENTS, amount, sizeof amount);
		rl_format_value(l, json_object_get(line, "low_amount_cents"), RL_CENTS, alow, sizeof alow);
		rl_format_value(l, json_object_get(line, "high_amount_cents"), RL_CENTS, ahigh, sizeof ahigh);
		snprintf(unit_cell, sizeof unit_cell, "%s\n(%s \u2013\n%s)", unit, low, high);
		snprintf(amount_cell, sizeof amount_cell, "%s\n(%s \u2013\n%s)", amount, alow, ahigh);
		const char *item = json_string_value(json_object_get(line, "item"));
		const char *source = json_string_value(json_object_get(line, "source"));
		const char *cells[] = { tr3(l, "report.item", item ? item : "", NULL), quantity, unit_cell, factor,
					amount_cell, source ? source : "\u2014" };
		table_row(p, cells, W, A, 6, 8, DRAW_PLAIN);
	}
}

static int charts(struct pdf *p, const json_t *report, const struct rl_report *layout)
{
	struct chart c;
	for (size_t i = 0; i < layout->ncharts; i++) {
		if (chart_build(report, &layout->charts[i], p->lang, &c) < 0)
			return -1;
		double h = chart_height(&c, TEXT_W);
		p->y += 24;
		need(p, h);
		chart_draw(p->cr, &c, MARGIN, p->y, TEXT_W);
		p->y += h;
	}
	return 0;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_add(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int report_pdf(const json_t *report, const struct rl_report *layout, enum lang l, struct buf *out)
{
	struct pdf p = { .lang = l, .page = 1, .y = MARGIN };
	char period[128];
	rl_period(l, report, period, sizeof period);
	snprintf(p.title, sizeof p.title, "%s \u2014 %s", tr(l, layout->title), period);

	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, p.title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "kring");
	p.cr = cairo_create(s);
	title_page(&p, report, layout);
	sections(&p, report, layout);
	if (layout->has_lines)
		cost_lines(&p, report);
	int rc = 0;
	if (layout->ncharts) {
		p.y += 24;
		need(&p, 200);
		paragraph(&p, tr(l, "report.out.charts"), 14, DRAW_BOLD, INK, 0);
		rc = charts(&p, report, layout);
	}
	foot(&p);
	cairo_show_page(p.cr);
	cairo_status_t status = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(s);
	cairo_surface_destroy(s);
	return rc == 0 && status == CAIRO_STATUS_SUCCESS ? 0 : -1;
}
