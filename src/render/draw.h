#ifndef KRING_RENDER_DRAW_H
#define KRING_RENDER_DRAW_H
/*
 * Text on a cairo surface through pango, in the fonts kring's documents use
 * (DejaVu Sans, installed with the system): the one place the charts and
 * the PDF lay out text. Text is set as plain text, never as pango markup,
 * so nothing in a figure or a name can change the formatting.
 */
#include <stdbool.h>

#include <cairo.h>

enum draw_style { DRAW_PLAIN = 0, DRAW_BOLD = 1, DRAW_ITALIC = 2 };
enum draw_align { DRAW_LEFT, DRAW_RIGHT, DRAW_CENTER };

struct draw_text {
	double size;      /* points */
	int style;        /* enum draw_style bits */
	enum draw_align align;
	double width;     /* wrap at this width; <= 0: one line, no wrapping */
	int max_lines;    /* 0: no limit; else cut short with an ellipsis */
};

/* the height text takes when set as t describes */
double draw_text_height(cairo_t *cr, const char *text, const struct draw_text *t);
/* its width on one line */
double draw_text_width(cairo_t *cr, const char *text, const struct draw_text *t);
/* set text with its top left at (x, y) in the current colour; returns the
 * height it took */
double draw_text_at(cairo_t *cr, const char *text, double x, double y, const struct draw_text *t);

#endif
