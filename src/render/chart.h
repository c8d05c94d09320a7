#ifndef KRING_RENDER_CHART_H
#define KRING_RENDER_CHART_H
/*
 * Bar charts of a report, drawn with cairo and pango onto any cairo
 * surface: the same code draws into the PDF and into the SVG the web pages
 * show. A chart is built from the report's JSON and its layout
 * (report_layout.h) into plain data first, then drawn.
 *
 * Accessible by design: dark bars and black text on white (contrast well
 * above 4.5:1), every bar's figure written next to it with its denominator
 * ("22 van 24 (91,7%)"), a title, and an axis whose title names what the
 * bars are a share of. The SVG carries the title and every bar as text in
 * <title> and <desc> (cairo draws letters as shapes), so a screen reader
 * can read the chart.
 */
#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>
#include <jansson.h>

#include "render/i18n.h"
#include "render/report_layout.h"
#include "util/buf.h"

#define CHART_MAX_BARS 16

struct chart_bar {
	char label[160];
	char text[96]; /* the figure as written at the bar */
	double value;  /* the bar's length: pct, count or euros */
	bool has_value; /* false: null or withheld, no bar is drawn */
};

struct chart {
	char title[200];
	char axis[200];
	enum rl_kind kind;
	enum lang lang;
	struct chart_bar bars[CHART_MAX_BARS];
	size_t nbars;
};

/* the chart c of report in lang, into out; -1 when c has too many bars */
int chart_build(const json_t *report, const struct rl_chart *c, enum lang l, struct chart *out);

/* the height the chart needs when drawn width wide (points) */
double chart_height(const struct chart *c, double width);

/* draw the chart with its top left corner at (x, y), width wide, in cr */
void chart_draw(cairo_t *cr, const struct chart *c, double x, double y, double width);

/* the chart in words, appended to out: the axis, then every bar's label
 * and figure ("% van 1.200 aanvragen. Gestopt: 88 van 1.200 (7,3%); ...");
 * 0, or -1 */
int chart_desc(const struct chart *c, struct buf *out);

/* the chart as an SVG document, appended to out; 0, or -1 on failure */
int chart_svg(const struct chart *c, struct buf *out);

/*
 * Let go of the caches pango and cairo keep for the process (fonts,
 * glyphs). Only for tests that check for leaks (which then also call
 * fontconfig's FcFini): the server keeps them, and nothing may draw after
 * this.
 */
void chart_cleanup(void);

#endif
