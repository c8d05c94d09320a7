/*
 * Text through pango onto cairo. See draw.h.
 */
#include "render/draw.h"

#include <pango/pangocairo.h>

#define FONT_FAMILY "DejaVu Sans"

/* a layout of text as t says; the caller unrefs it */
static PangoLayout *layout_of(cairo_t *cr, const char *text, const struct draw_text *t)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *font = pango_font_description_new();
	pango_font_description_set_family(font, FONT_FAMILY);
	pango_font_description_set_absolute_size(font, t->size * PANGO_SCALE);
	pango_font_description_set_weight(font, (t->style & DRAW_BOLD) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(font, (t->style & DRAW_ITALIC) ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	if (t->width > 0) {
		pango_layout_set_width(layout, (int)(t->width * PANGO_SCALE));
		pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
		static const PangoAlignment ALIGN[] = { [DRAW_LEFT] = PANGO_ALIGN_LEFT,
							[DRAW_RIGHT] = PANGO_ALIGN_RIGHT,
							[DRAW_CENTER] = PANGO_ALIGN_CENTER };
		pango_layout_set_alignment(layout, ALIGN[t->align]);
		if (t->max_lines > 0) {
			pango_layout_set_height(layout, -t->max_lines);
			pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
		}
	}
	pango_layout_set_text(layout, text ? text : "", -1);
	return layout;
}

double draw_text_height(cairo_t *cr, const char *text, const struct draw_text *t)
{
	PangoLayout *layout = layout_of(cr, text, t);
	int w, h;
	pango_layout_get_size(layout, &w, &h);
	g_object_unref(layout);
	return (double)h / PANGO_SCALE;
}

double draw_text_width(cairo_t *cr, const char *text, const struct draw_text *t)
{
	struct draw_text one = *t;
	one.width = 0;
	PangoLayout *layout = layout_of(cr, text, &one);
	int w, h;
	pango_layout_get_size(layout, &w, &h);
	g_object_unref(layout);
	return (double)w / PANGO_SCALE;
}

double draw_text_at(cairo_t *cr, const char *text, double x, double y, const struct draw_text *t)
{
	PangoLayout *layout = layout_of(cr, text, t);
	int w, h;
	pango_layout_get_size(layout, &w, &h);
	/* one line set right or centred without a width: align on x */
	if (t->width <= 0 && t->align == DRAW_RIGHT)
		x -= (double)w / PANGO_SCALE;
	else if (t->width <= 0 && t->align == DRAW_CENTER)
		x -= (double)w / PANGO_SCALE / 2;
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	g_object_unref(layout);
	return (double)h / PANGO_SCALE;
}
