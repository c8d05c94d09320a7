/*
 * Horizontal bar charts of the reports. See chart.h.
 *
 * The layout is fixed per bar (a row of ROW_H points, its label wrapped to
 * at most two lines), so the height of a chart is known before drawing and
 * an SVG can be sized without a trial run.
 */
#include "render/chart.h"

#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "render/draw.h"

#define TITLE_H 24.0
#define ROW_H 26.0
#define AXIS_H 40.0
#define GAP 8.0
#define SVG_WIDTH 640.0

/* colours: text near black, bars dark blue (contrast 9:1 on white), the
 * axis dark grey (7:1) */
static const double INK[3] = { 0.10, 0.10, 0.10 };
static const double BAR[3] = { 0.12, 0.31, 0.47 };
static const double AXIS[3] = { 0.35, 0.35, 0.35 };

static const struct draw_text TITLE = { 11, DRAW_BOLD, DRAW_LEFT, 0, 0 };
static const struct draw_text VALUE = { 8, DRAW_BOLD, DRAW_LEFT, 0, 0 };
static const struct draw_text TICK = { 7.5, DRAW_PLAIN, DRAW_CENTER, 0, 0 };

/* the length of a bar: a percentage's pct, a count, euros; false when the
 * figure is null or withheld */
static bool bar_value(const json_t *v, enum rl_kind kind, double *out)
{
	if (json_is_object(v))
		v = json_object_get(v, "pct");
	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	if (kind == RL_CENTS)
		*out /= 100.0;
	return true;
}

int chart_build(const json_t *report, const struct rl_chart *c, enum lang l, struct chart *out)
{
	if (c->nbars > CHART_MAX_BARS)
		return -1;
	memset(out, 0, sizeof *out);
	out->kind = c->kind;
	out->lang = l;
	snprintf(out->title, sizeof out->title, "%s", tr(l, c->title));
	char denominator[48] = "";
	if (c->denominator)
		rl_format_value(l, rl_get(report, c->denominator), RL_COUNT, denominator, sizeof denominator);
	tr_format(l, c->axis, denominator, NULL, out->axis, sizeof out->axis);
	for (size_t i = 0; i < c->nbars; i++) {
		struct chart_bar *b = &out->bars[i];
		const json_t *v = rl_get(report, c->bars[i].path);
		rl_label(l, c->bars[i].label, c->bars[i].arg, b->label, sizeof b->label);
		rl_format_value(l, v, c->kind, b->text, sizeof b->text);
		b->has_value = bar_value(v, c->kind, &b->value);
	}
	out->nbars = c->nbars;
	return 0;
}

double chart_height(const struct chart *c, double width)
{
	(void)width;
	return TITLE_H + GAP + (double)c->nbars * ROW_H + AXIS_H;
}

/* a round step for about four ticks up to span */
static double nice_step(double span)
{
	if (span <= 0)
		return 1;
	double raw = span / 4, mag = pow(10, floor(log10(raw)));
	double f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

/* a tick's text: 50% / 1.300 / € 17.000 */
static void tick_text(const struct chart *c, double v, char *out, size_t len)
{
	char n[32];
	if (c->kind == RL_PERCENTAGE || c->kind == RL_GROWTH) {
		rl_integer(c->lang, llround(v), n, sizeof n);
		snprintf(out, len, "%s%%", n);
	} else if (c->kind == RL_CENTS) {
		rl_integer(c->lang, llround(v), n, sizeof n);
		snprintf(out, len, "\u20ac %s", n);
	} else if (fabs(v - round(v)) < 1e-9) {
		rl_integer(c->lang, llround(v), out, len);
	} else {
		rl_decimal(c->lang, v, 1, out, len);
	}
}

/* the scale of the bars: lo..hi with 0 inside; percentages 0..100 */
static void scale(const struct chart *c, double *lo, double *hi, double *step)
{
	*lo = 0;
	*hi = 0;
	for (size_t i = 0; i < c->nbars; i++) {
		if (!c->bars[i].has_value)
			continue;
		*lo = fmin(*lo, c->bars[i].value);
		*hi = fmax(*hi, c->bars[i].value);
	}
	if (c->kind == RL_PERCENTAGE && *lo >= 0 && *hi <= 100) {
		*hi = 100;
		*step = 25;
		return;
	}
	if (*hi - *lo <= 0)
		*hi = 1;
	*step = nice_step(*hi - *lo);
	*hi = ceil(*hi / *step) * *step;
	*lo = floor(*lo / *step) * *step;
}

void chart_draw(cairo_t *cr, const struct chart *c, double x, double y, double width)
{
	cairo_save(cr);
	cairo_set_source_rgb(cr, INK[0], INK[1], INK[2]);
	struct draw_text title = TITLE;
	title.width = width;
	title.max_lines = 1;
	draw_text_at(cr, c->title, x, y, &title);

	/* columns: the labels, the bars, room for the longest figure */
	double label_w = width * 0.34, text_w = 0;
	for (size_t i = 0; i < c->nbars; i++)
		text_w = fmax(text_w, draw_text_width(cr, c->bars[i].text, &VALUE));
	text_w = fmin(text_w + 6, width * 0.30);
	double bar_x = x + label_w + GAP, bar_w = width - label_w - GAP - text_w;
	double lo, hi, step;
	scale(c, &lo, &hi, &step);
	double zero = bar_x + (0 - lo) / (hi - lo) * bar_w;
	double top = y + TITLE_H + GAP;

	struct draw_text label = { 8, DRAW_PLAIN, DRAW_RIGHT, label_w, 2 };
	for (size_t i = 0; i < c->nbars; i++) {
		const struct chart_bar *b = &c->bars[i];
		double row = top + (double)i * ROW_H;
		double lh = draw_text_height(cr, b->label, &label);
		cairo_set_source_rgb(cr, INK[0], INK[1], INK[2]);
		draw_text_at(cr, b->label, x, row + (ROW_H - lh) / 2, &label);
		double end = zero;
		if (b->has_value) {
			end = bar_x + (b->value - lo) / (hi - lo) * bar_w;
			cairo_set_source_rgb(cr, BAR[0], BAR[1], BAR[2]);
			cairo_rectangle(cr, fmin(zero, end), row + 5, fabs(end - zero), ROW_H - 10);
			cairo_fill(cr);
		}
		/* the figure, with its denominator, right of the bar (or of the
		 * zero line for a bar to the left) */
		double vh = draw_text_height(cr, b->text, &VALUE);
		cairo_set_source_rgb(cr, INK[0], INK[1], INK[2]);
		draw_text_at(cr, b->text, fmax(zero, end) + 4, row + (ROW_H - vh) / 2, &VALUE);
	}

	/* the axis: a line, ticks with their values, its title */
	double axis_y = top + (double)c->nbars * ROW_H + 2;
	cairo_set_source_rgb(cr, AXIS[0], AXIS[1], AXIS[2]);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, bar_x, axis_y);
	cairo_line_to(cr, bar_x + bar_w, axis_y);
	cairo_move_to(cr, zero, top);
	cairo_line_to(cr, zero, axis_y);
	cairo_stroke(cr);
	for (double t = lo; t <= hi + step / 1000; t += step) {
		double tx = bar_x + (t - lo) / (hi - lo) * bar_w;
		char text[64];
		tick_text(c, t, text, sizeof text);
		cairo_move_to(cr, tx, axis_y);
		cairo_line_to(cr, tx, axis_y + 3);
		cairo_stroke(cr);
		draw_text_at(cr, text, tx, axis_y + 4, &TICK);
	}
	struct draw_text axis = { 8, DRAW_ITALIC, DRAW_CENTER, bar_w, 1 };
	cairo_set_source_rgb(cr, INK[0], INK[1], INK[2]);
	draw_text_at(cr, c->axis, bar_x, axis_y + 18, &axis);
	cairo_restore(cr);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_add(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* s with & < > " ' escaped for XML text and attributes */
static int xml_escaped(struct buf *b, const char *s)
{
	static const struct {
		char c;
		const char *entity;
	} ENTITIES[] = { { '&', "&amp;" }, { '<', "&lt;" }, { '>', "&gt;" }, { '"', "&quot;" }, { '\'', "&apos;" } };
	int rc = 0;
	for (; *s && rc == 0; s++) {
		const char *e = NULL;
		for (size_t i = 0; i < sizeof ENTITIES / sizeof ENTITIES[0]; i++)
			if (*s == ENTITIES[i].c)
				e = ENTITIES[i].entity;
		rc = e ? buf_adds(b, e) : buf_addc(b, *s);
	}
	return rc;
}

int chart_desc(const struct chart *c, struct buf *out)
{
	int rc = buf_adds(out, c->axis);
	for (size_t i = 0; i < c->nbars; i++)
		rc |= buf_printf(out, "%s%s: %s", i == 0 ? ". " : "; ", c->bars[i].label, c->bars[i].text);
	rc |= buf_addc(out, '.');
	return rc ? -1 : 0;
}

/*
 * The SVG cairo wrote (svg), with the chart's words added for those who
 * cannot see it: role="img" and aria-labelledby on the root, and <title>
 * and <desc> (every bar: label and figure) as its first children.
 */
static int svg_with_text(const struct chart *c, const struct buf *svg, struct buf *out)
{
	const char *open = strstr(buf_str(svg), "<svg");
	const char *end = open ? strchr(open, '>') : NULL;
	if (!end)
		return -1;
	struct buf desc;
	buf_init(&desc, 0);
	const char *s = buf_str(svg);
	int rc = chart_desc(c, &desc);
	rc |= buf_add(out, s, (size_t)(end - s));
	rc |= buf_adds(out, " role=\"img\" aria-labelledby=\"chart-title chart-desc\">\n<title id=\"chart-title\">");
	rc |= xml_escaped(out, c->title);
	rc |= buf_adds(out, "</title>\n<desc id=\"chart-desc\">");
	rc |= xml_escaped(out, buf_str(&desc));
	rc |= buf_adds(out, "</desc>");
	rc |= buf_adds(out, end + 1);
	buf_release(&desc);
	return rc ? -1 : 0;
}

int chart_svg(const struct chart *c, struct buf *out)
{
	struct buf svg;
	buf_init(&svg, out->limit);
	double h = chart_height(c, SVG_WIDTH) + 2 * GAP;
	cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_buf, &svg, SVG_WIDTH, h);
	cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	chart_draw(cr, c, GAP, GAP, SVG_WIDTH - 2 * GAP);
	cairo_status_t status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(s);
	cairo_surface_destroy(s);
	int rc = status == CAIRO_STATUS_SUCCESS ? svg_with_text(c, &svg, out) : -1;
	buf_release(&svg);
	return rc;
}

void chart_cleanup(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
}
