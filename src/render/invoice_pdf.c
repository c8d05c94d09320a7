/*
 * An invoice or credit note as PDF (A4, cairo and pango through
 * render/draw.c): the seller at the top right, the funder it is addressed
 * to, the number, dates, period and reference, one row per conference with
 * its tariff, the totals (VAT exempt, with the reason), and how to pay. The
 * texts are the catalogue's (invoice.pdf.*), Dutch unless asked otherwise;
 * amounts and dates are written the language's way.
 *
 * Text is set as text, so pdftotext gets every figure back (the tests read
 * the tariff and the totals that way).
 */
#include "render/invoice_out.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/draw.h"

#define PAGE_W 595.276 /* A4 in points */
#define PAGE_H 841.890
#define MARGIN 56.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN - 20)

static const double INK[3] = { 0.10, 0.10, 0.10 };
static const double MUTED[3] = { 0.35, 0.35, 0.35 };
static const double RULE[3] = { 0.70, 0.70, 0.70 };

struct doc {
	cairo_t *cr;
	enum lang l;
	const json_t *inv;
	int page;
	double y;
};

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

static void ink(cairo_t *cr, const double c[3])
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

static void rule(struct doc *d, double width)
{
	ink(d->cr, RULE);
	cairo_set_line_width(d->cr, width);
	cairo_move_to(d->cr, MARGIN, d->y);
	cairo_line_to(d->cr, MARGIN + TEXT_W, d->y);
	cairo_stroke(d->cr);
}

/* the foot line: the number and the page */
static void foot(struct doc *d)
{
	char number[16], text[96];
	snprintf(number, sizeof number, "%d", d->page);
	tr_format(d->l, "invoice.pdf.page", str(d->inv, "number"), number, text, sizeof text);
	struct draw_text t = { 8, DRAW_PLAIN, DRAW_RIGHT, 0, 0 };
	ink(d->cr, MUTED);
	draw_text_at(d->cr, text, PAGE_W - MARGIN, PAGE_H - 36, &t);
}

static void need(struct doc *d, double h)
{
	if (d->y + h <= BOTTOM)
		return;
	foot(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN;
}

/* text at x with width w (0: one line) on the current line; its height */
static double text(struct doc *d, const char *s, double x, double w, double size, int style, enum draw_align a)
{
	struct draw_text t = { size, style, a, w, 0 };
	ink(d->cr, INK);
	return draw_text_at(d->cr, s ? s : "", x, d->y, &t);
}

/* a line of text across the page, the page moving on */
static void para(struct doc *d, const char *s, double size, int style, double after)
{
	struct draw_text t = { size, style, DRAW_LEFT, TEXT_W, 0 };
	need(d, draw_text_height(d->cr, s, &t));
	d->y += text(d, s, MARGIN, TEXT_W, size, style, DRAW_LEFT) + after;
}

/* "label: value" in two columns; nothing when value is NULL */
static void field(struct doc *d, const char *key, const char *value)
{
	if (!value)
		return;
	double h = text(d, tr(d->l, key), MARGIN, 150, 10, DRAW_BOLD, DRAW_LEFT);
	h = fmax(h, text(d, value, MARGIN + 160, TEXT_W - 160, 10, DRAW_PLAIN, DRAW_LEFT));
	d->y += h + 3;
}

static void money(struct doc *d, int64_t cents, char out[40])
{
	i18n_money(d->l, cents, out);
}

static void date(struct doc *d, const char *iso, char out[32])
{
	if (iso)
		i18n_date(d->l, iso, out);
	else
		out[0] = '\0';
}

/* the seller (right) and the funder (left), side by side */
static void parties(struct doc *d)
{
	const json_t *inv = d->inv;
	char line[320];
	double top = d->y, right = MARGIN + TEXT_W / 2 + 20, w = TEXT_W / 2 - 20;
	double y = top;
	struct draw_text t = { 9, DRAW_PLAIN, DRAW_LEFT, w, 0 };
	ink(d->cr, INK);
	struct draw_text tb = { 11, DRAW_BOLD, DRAW_LEFT, w, 0 };
	y += draw_text_at(d->cr, str(inv, "seller_name") ? str(inv, "seller_name") : "", right, y, &tb) + 2;
	const char *seller[] = { str(inv, "seller_address"), NULL, NULL, NULL, NULL };
	snprintf(line, sizeof line, "%s %s", str(inv, "seller_postcode") ? str(inv, "seller_postcode") : "",
		 str(inv, "seller_city") ? str(inv, "seller_city") : "");
	seller[1] = line;
	for (size_t i = 0; i < 2; i++)
		if (seller[i])
			y += draw_text_at(d->cr, seller[i], right, y, &t);
	static const char *const ids[][2] = { { "invoice.pdf.kvk", "seller_kvk" }, { "invoice.pdf.vat", "seller_vat" },
		{ "invoice.pdf.iban", "seller_iban" } };
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		if (!str(inv, ids[i][1]))
			continue;
		char l2[160];
		snprintf(l2, sizeof l2, "%s %s", tr(d->l, ids[i][0]), str(inv, ids[i][1]));
		y += draw_text_at(d->cr, l2, right, y, &t);
	}
	double yl = top + 24;
	struct draw_text tm = { 8, DRAW_PLAIN, DRAW_LEFT, w, 0 };
	ink(d->cr, MUTED);
	yl += draw_text_at(d->cr, tr(d->l, "invoice.pdf.to"), MARGIN, yl, &tm) + 2;
	ink(d->cr, INK);
	yl += draw_text_at(d->cr, str(inv, "buyer_name") ? str(inv, "buyer_name") : "", MARGIN, yl, &tb) + 2;
	if (str(inv, "buyer_address"))
		yl += draw_text_at(d->cr, str(inv, "buyer_address"), MARGIN, yl, &t);
	if (str(inv, "buyer_postcode") || str(inv, "buyer_city")) {
		snprintf(line, sizeof line, "%s %s", str(inv, "buyer_postcode") ? str(inv, "buyer_postcode") : "",
			 str(inv, "buyer_city") ? str(inv, "buyer_city") : "");
		yl += draw_text_at(d->cr, line, MARGIN, yl, &t);
	}
	if (str(inv, "buyer_oin")) {
		char l2[96];
		snprintf(l2, sizeof l2, "%s %s", tr(d->l, "invoice.pdf.oin"), str(inv, "buyer_oin"));
		yl += draw_text_at(d->cr, l2, MARGIN, yl, &t);
	}
	d->y = fmax(y, yl) + 28;
}

static void head(struct doc *d, bool credit)
{
	const json_t *inv = d->inv;
	char a[32], b[32], period[96];
	para(d, tr(d->l, credit ? "invoice.pdf.credit_title" : "invoice.pdf.title"), 22, DRAW_BOLD, 12);
	field(d, credit ? "invoice.pdf.credit_number" : "invoice.pdf.number", str(inv, "number"));
	date(d, str(inv, "issued_on"), a);
	field(d, "invoice.pdf.issued_on", a);
	if (!credit) {
		date(d, str(inv, "due_on"), a);
		field(d, "invoice.pdf.due_on", a);
	}
	date(d, str(inv, "period_from"), a);
	date(d, str(inv, "period_to"), b);
	tr_format(d->l, "invoice.pdf.period_text", a, b, period, sizeof period);
	field(d, "invoice.pdf.period", period);
	field(d, "invoice.pdf.reference", str(inv, "buyer_reference"));
	const json_t *credits = json_object_get(inv, "credits");
	if (credit && json_is_object(credits)) {
		char of[96];
		date(d, str(credits, "issued_on"), a);
		tr_format(d->l, "invoice.pdf.credits_text", str(credits, "number"), a, of, sizeof of);
		field(d, "invoice.pdf.credits", of);
		field(d, "invoice.pdf.reason", str(inv, "reason"));
	}
	d->y += 16;
}

/* the columns of the lines: number, description, quantity, tariff, amount */
static const double COL_W[] = { 28, 0, 46, 82, 90 }; /* description: the rest */

static double col_x(size_t c, double *w)
{
	double x = MARGIN, desc = TEXT_W - (COL_W[0] + COL_W[2] + COL_W[3] + COL_W[4]);
	for (size_t i = 0; i < c; i++)
		x += i == 1 ? desc : COL_W[i];
	*w = c == 1 ? desc : COL_W[c];
	return x;
}

static void row(struct doc *d, const char *const cells[5], int style)
{
	static const enum draw_align align[] = { DRAW_LEFT, DRAW_LEFT, DRAW_RIGHT, DRAW_RIGHT, DRAW_RIGHT };
	double h = 0, w;
	for (size_t c = 0; c < 5; c++) {
		col_x(c, &w);
		struct draw_text t = { 9, style, align[c], w - 6, 0 };
		h = fmax(h, draw_text_height(d->cr, cells[c], &t));
	}
	need(d, h + 8);
	for (size_t c = 0; c < 5; c++) {
		double x = col_x(c, &w);
		/* right-aligned text is placed by its right edge */
		text(d, cells[c], align[c] == DRAW_RIGHT ? x + w - 3 : x + 3, align[c] == DRAW_RIGHT ? 0 : w - 6, 9, style,
		     align[c]);
	}
	d->y += h + 5;
	rule(d, 0.4);
	d->y += 3;
}

static void lines(struct doc *d)
{
	const char *head_cells[5] = { tr(d->l, "invoice.pdf.col_nr"), tr(d->l, "invoice.pdf.col_description"),
		tr(d->l, "invoice.pdf.col_quantity"), tr(d->l, "invoice.pdf.col_tariff"),
		tr(d->l, "invoice.pdf.col_amount") };
	row(d, head_cells, DRAW_BOLD);
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(d->inv, "lines"), i, l) {
		char nr[24], qty[24], tariff[40], amount[40];
		snprintf(nr, sizeof nr, "%zu", i + 1);
		snprintf(qty, sizeof qty, "%lld", (long long)json_integer_value(json_object_get(l, "quantity")));
		money(d, json_integer_value(json_object_get(l, "tariff_cents")), tariff);
		money(d, json_integer_value(json_object_get(l, "amount_cents")), amount);
		const char *cells[5] = { nr, str(l, "description") ? str(l, "description") : "", qty, tariff, amount };
		row(d, cells, DRAW_PLAIN);
	}
}

/* a totals line: label at the left of the amount column */
static void total_line(struct doc *d, const char *label, const char *value, int style)
{
	double w;
	double x = col_x(4, &w);
	need(d, 16);
	text(d, label, x - 3, 0, 10, style, DRAW_RIGHT);
	d->y += text(d, value, x + w - 3, 0, 10, style, DRAW_RIGHT) + 4;
}

static void totals(struct doc *d, bool credit)
{
	char a[40];
	int64_t total = json_integer_value(json_object_get(d->inv, "total_cents"));
	d->y += 6;
	money(d, total, a);
	total_line(d, tr(d->l, "invoice.pdf.total_excl"), a, DRAW_PLAIN);
	money(d, 0, a);
	total_line(d, tr(d->l, "invoice.pdf.vat_exempt"), a, DRAW_PLAIN);
	money(d, total, a);
	total_line(d, tr(d->l, credit ? "invoice.pdf.total_credit" : "invoice.pdf.total_due"), a, DRAW_BOLD);
	d->y += 18;
}

static void pay(struct doc *d, bool credit)
{
	char a[40], due[32], first[240], second[320];
	money(d, json_integer_value(json_object_get(d->inv, "total_cents")), a);
	date(d, str(d->inv, "due_on"), due);
	if (credit) {
		tr_format(d->l, "invoice.pdf.credit_settle", str(d->inv, "number"), NULL, first, sizeof first);
		para(d, first, 10, DRAW_PLAIN, 10);
	} else {
		tr_format(d->l, "invoice.pdf.pay", a, due, first, sizeof first);
		para(d, first, 10, DRAW_PLAIN, 2);
		tr_format(d->l, "invoice.pdf.pay_to", str(d->inv, "seller_iban"), str(d->inv, "seller_name"), second,
			  sizeof second);
		para(d, second, 10, DRAW_PLAIN, 2);
		tr_format(d->l, "invoice.pdf.pay_ref", str(d->inv, "number"), NULL, second, sizeof second);
		para(d, second, 10, DRAW_PLAIN, 10);
	}
	para(d, tr(d->l, "invoice.pdf.exemption"), 8, DRAW_ITALIC, 0);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_add(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int invoice_pdf(const json_t *inv, enum lang l, struct buf *out)
{
	struct doc d = { .l = l, .inv = inv, .page = 1, .y = MARGIN };
	bool credit = str(inv, "kind") && strcmp(str(inv, "kind"), "credit_note") == 0;
	char title[160];
	snprintf(title, sizeof title, "%s %s", tr(l, credit ? "invoice.pdf.credit_title" : "invoice.pdf.title"),
		 str(inv, "number") ? str(inv, "number") : "");

	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "kring");
	d.cr = cairo_create(s);
	parties(&d);
	head(&d, credit);
	lines(&d);
	totals(&d, credit);
	pay(&d, credit);
	foot(&d);
	cairo_show_page(d.cr);
	cairo_status_t status = cairo_status(d.cr);
	cairo_destroy(d.cr);
	cairo_surface_finish(s);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(s);
	cairo_surface_destroy(s);
	return status == CAIRO_STATUS_SUCCESS ? 0 : -1;
}
