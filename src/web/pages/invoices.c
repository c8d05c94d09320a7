/*
 * The invoices to funders: GET /invoices lists the invoices and credit notes
 * the account may read, with the form to issue one for a funder and a
 * period (admin and regional managers); GET /invoices/{id} shows one with
 * its lines, totals, its PDF and UBL XML (?format=pdf|xml) and, for an
 * invoice not credited yet, the way to credit it; GET /invoices/{id}/credit
 * asks for the reason and a confirmation, POST does it. Funders see their
 * own invoices. Everything goes through service/invoices.c, as for the API.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <string.h>

#include "domain/invoice.h"
#include "web/invoice_file.h"
#include "web/pages/fields.h"
#include "web/pages/page.h"

static bool may_issue(const struct page *p)
{
	return page_has_role(p, ROLE_ADMIN) || page_has_role(p, ROLE_REGIONAL_MANAGER);
}

static bool may_read(const struct page *p)
{
	return may_issue(p) || page_has_role(p, ROLE_FUNDER);
}

static void refuse(struct page *p)
{
	page_fail_key(p, 403, "error.page_403");
}

static void back_link(struct page *p, const char *href, const char *key)
{
	html_lit(&p->h, "<p class=\"utrecht-paragraph kring-no-print\"><a class=\"utrecht-link\"");
	html_attr_kv(&p->h, "href", href);
	html_lit(&p->h, ">&larr; ");
	page_t(p, key);
	html_lit(&p->h, "</a></p>");
}

static void file_link(struct page *p, int64_t id, const char *format, const char *key)
{
	char href[64];
	snprintf(href, sizeof href, "/invoices/%lld?format=%s", (long long)id, format);
	html_lit(&p->h, " <a class=\"utrecht-link\" download");
	html_attr_kv(&p->h, "href", href);
	html_lit(&p->h, ">");
	page_t(p, key);
	html_lit(&p->h, "</a>");
}

/* ---- the list and the form to issue one ----------------------------------------- */

/* the columns of the list: catalogue key of the header, numeric or not */
static const struct {
	const char *label;
	bool numeric;
} COLS[] = {
	{ "field.invoice.number", false }, { "field.invoice.kind", false }, { "field.invoice.buyer_name", false },
	{ "invoices.page.period", false }, { "field.invoice.issued_on", false }, { "field.invoice.total_cents", true },
	{ "invoices.page.files", false },
};

static void list_table(struct page *p, const json_t *items)
{
	struct html *h = &p->h;
	html_lit(h, "<div class=\"utrecht-table-container\" role=\"region\" tabindex=\"0\"");
	html_attr_kv(h, "aria-label", T(p, "invoices.page.list"));
	html_lit(h, "><table class=\"utrecht-table\"><caption class=\"utrecht-table__caption kring-visually-hidden\">");
	page_t(p, "invoices.page.list");
	html_lit(h, "</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
	for (size_t c = 0; c < sizeof COLS / sizeof COLS[0]; c++) {
		html_lit(h, "<th scope=\"col\" class=\"utrecht-table__header-cell");
		if (COLS[c].numeric)
			html_lit(h, " utrecht-table__header-cell--numeric");
		html_lit(h, "\">");
		page_t(p, COLS[c].label);
		html_lit(h, "</th>");
	}
	html_lit(h, "</tr></thead><tbody class=\"utrecht-table__body\">");
	size_t i;
	json_t *inv;
	json_array_foreach(items, i, inv) {
		int64_t id = jint(inv, "id");
		char href[48];
		snprintf(href, sizeof href, "/invoices/%lld", (long long)id);
		html_lit(h, "<tr class=\"utrecht-table__row\"><th scope=\"row\" class=\"utrecht-table__header-cell\">"
			    "<a class=\"utrecht-link\"");
		html_attr_kv(h, "href", href);
		html_lit(h, ">");
		html_text(h, jstr(inv, "number"));
		html_lit(h, "</a></th><td class=\"utrecht-table__cell\">");
		html_text(h, page_enum_label(p, "invoice", "kind", jstr(inv, "kind")));
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		html_text(h, jstr(inv, "buyer_name") ? jstr(inv, "buyer_name") : "");
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		page_date(p, jstr(inv, "period_from"));
		html_lit(h, " &ndash; ");
		page_date(p, jstr(inv, "period_to"));
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		page_date(p, jstr(inv, "issued_on"));
		html_lit(h, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
		page_money(p, jint(inv, "total_cents"));
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		file_link(p, id, "pdf", "invoices.page.pdf");
		file_link(p, id, "xml", "invoices.page.xml");
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table></div>");
}

/* the form to issue an invoice: funder, period, region, date of issue */
static void create_form(struct page *p, const json_t *typed, const json_t *errors)
{
	struct html *h = &p->h;
	const struct entity *in = svc_invoice_input(false);
	json_t *options = fields_options(p, in, NULL, 0);
	struct fields o = { .e = in, .create = true, .typed = typed, .errors = errors, .options = options };
	html_lit(h, "<section class=\"kring-section\" aria-labelledby=\"new-invoice\">"
		    "<h2 class=\"utrecht-heading-2\" id=\"new-invoice\">");
	page_t(p, "invoices.page.new");
	html_lit(h, "</h2><p class=\"utrecht-paragraph\">");
	page_t(p, "invoices.page.new_intro");
	html_lit(h, "</p>");
	fields_error_summary(p, &o);
	html_lit(h, "<form method=\"post\" action=\"/invoices\" class=\"kring-form\">");
	page_csrf_field(p);
	fields_render(p, &o);
	html_lit(h, "<div class=\"kring-actions\"><button type=\"submit\" "
		    "class=\"utrecht-button utrecht-button--primary-action\">");
	page_t(p, "invoices.page.create");
	html_lit(h, "</button></div></form></section>");
	json_decref(options);
}

/* the list page; typed and errors: a refused form to show again */
static void list_page(struct page *p, const json_t *typed, const json_t *errors)
{
	struct html *h = &p->h;
	struct svc_error err;
	json_t *out = NULL;
	const char *after = page_query(p, "after");
	struct svc_list_params lp = { .after = after, .limit = 100 };
	if (svc_invoice_list(&p->svc, &lp, &out, &err) < 0) {
		page_fail(p, &err);
		return;
	}
	page_open(p, T(p, "invoices.page.title"), "nav.invoices");
	page_saved_notice(p);
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_t(p, "invoices.page.intro");
	html_lit(h, "</p>");
	if (may_issue(p))
		create_form(p, typed, errors);
	html_lit(h, "<section class=\"kring-section\"><h2 class=\"utrecht-heading-2\">");
	page_t(p, "invoices.page.list");
	html_lit(h, "</h2>");
	const json_t *items = json_object_get(out, "items");
	char total[32];
	snprintf(total, sizeof total, "%lld", (long long)jint(out, "total"));
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_tf(p, "common.total", total, NULL);
	html_lit(h, "</p>");
	if (json_array_size(items) == 0) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "common.none_found");
		html_lit(h, "</p>");
	} else {
		list_table(p, items);
	}
	const char *next = jstr(out, "next");
	if (next) {
		char href[64];
		snprintf(href, sizeof href, "/invoices?after=%s", next);
		html_lit(h, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\"");
		html_attr_kv(h, "href", href);
		html_lit(h, ">");
		page_t(p, "invoices.page.more");
		html_lit(h, "</a></p>");
	}
	html_lit(h, "</section>");
	page_close(p);
	json_decref(out);
}

void page_invoices(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (!may_read(&p))
		refuse(&p);
	else
		list_page(&p, NULL, NULL);
	page_end(&p);
}

/* is this failure one the form shows at its fields? */
static bool form_error(const struct svc_error *err)
{
	return err->status == 422 || err->status == 400;
}

void page_invoice_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	json_t *input = NULL, *typed = NULL, *errors = NULL, *out = NULL;
	struct svc_error err;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (!may_issue(&p)) {
		refuse(&p);
		goto done;
	}
	struct fields o = { .e = svc_invoice_input(false), .create = true };
	if (fields_read(&p, &o, &input, &typed, &errors) == 0) {
		if (svc_invoice_create(&p.svc, input, &out, &err) == 0) {
			page_redirectf(&p, "/invoices/%lld?saved=invoice_created", (long long)jint(out, "id"));
			goto done;
		}
		if (!form_error(&err)) {
			page_fail(&p, &err);
			goto done;
		}
		fields_add_error(&p, errors, &err);
	}
	p.resp->status = 422;
	list_page(&p, typed, errors);
done:
	json_decref(input);
	json_decref(typed);
	json_decref(errors);
	json_decref(out);
	page_end(&p);
}

/* ---- one invoice --------------------------------------------------------------------- */

static void lines_table(struct page *p, const json_t *inv)
{
	struct html *h = &p->h;
	static const char *const cols[] = { "field.invoice_line.description", "field.invoice_line.quantity",
		"field.invoice_line.tariff_cents", "field.invoice_line.amount_cents" };
	html_lit(h, "<div class=\"utrecht-table-container\" role=\"region\" tabindex=\"0\"");
	html_attr_kv(h, "aria-label", T(p, "invoices.page.lines"));
	html_lit(h, "><table class=\"utrecht-table\"><caption class=\"utrecht-table__caption kring-visually-hidden\">");
	page_t(p, "invoices.page.lines");
	html_lit(h, "</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
	for (size_t c = 0; c < 4; c++) {
		if (c)
			html_lit(h, "<th scope=\"col\" class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric\">");
		else
			html_lit(h, "<th scope=\"col\" class=\"utrecht-table__header-cell\">");
		page_t(p, cols[c]);
		html_lit(h, "</th>");
	}
	html_lit(h, "</tr></thead><tbody class=\"utrecht-table__body\">");
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(inv, "lines"), i, l) {
		char q[24];
		snprintf(q, sizeof q, "%lld", (long long)jint(l, "quantity"));
		html_lit(h, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">");
		html_text(h, jstr(l, "description") ? jstr(l, "description") : "");
		html_lit(h, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
		html_text(h, q);
		html_lit(h, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
		page_money(p, jint(l, "tariff_cents"));
		html_lit(h, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
		page_money(p, jint(l, "amount_cents"));
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody><tfoot><tr class=\"utrecht-table__row\"><th scope=\"row\" colspan=\"3\" "
		    "class=\"utrecht-table__header-cell\">");
	page_t(p, "invoices.page.total");
	html_lit(h, "</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric\"><strong>");
	page_money(p, jint(inv, "total_cents"));
	html_lit(h, "</strong></td></tr></tfoot></table></div>");
}

/* a link to another invoice ({id, number}) after a label */
static void related(struct page *p, const char *label_key, const json_t *ref)
{
	if (!json_is_object(ref))
		return;
	char href[48];
	snprintf(href, sizeof href, "/invoices/%lld", (long long)jint(ref, "id"));
	html_lit(&p->h, "<div class=\"utrecht-data-list__item\"><dt class=\"utrecht-data-list__item-key\">");
	page_t(p, label_key);
	html_lit(&p->h, "</dt><dd class=\"utrecht-data-list__item-value\"><a class=\"utrecht-link\"");
	html_attr_kv(&p->h, "href", href);
	html_lit(&p->h, ">");
	html_text(&p->h, jstr(ref, "number"));
	html_lit(&p->h, "</a></dd></div>");
}

void page_invoice(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	json_t *inv = NULL;
	struct svc_error err;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (!may_read(&p)) {
		refuse(&p);
		page_end(&p);
		return;
	}
	const char *format = page_query(&p, "format");
	int f = format ? invoice_format_from_name(format) : INVOICE_JSON;
	if (f < 0) {
		page_fail_key(&p, 400, "error.page_400");
		page_end(&p);
		return;
	}
	if (svc_invoice_get(&p.svc, req->ids[0], &inv, &err) < 0) {
		page_fail(&p, &err);
		page_end(&p);
		return;
	}
	if (f != INVOICE_JSON) {
		/* a file: the page is not written */
		enum lang l = p.lang;
		page_end(&p);
		invoice_send_file(resp, inv, (enum invoice_format)f, l);
		json_decref(inv);
		return;
	}
	struct html *h = &p.h;
	bool credit = strcmp(jstr(inv, "kind"), "credit_note") == 0;
	char title[96];
	snprintf(title, sizeof title, "%s %s", T(&p, credit ? "value.credit_note" : "value.invoice"), jstr(inv, "number"));
	page_open(&p, title, "nav.invoices");
	back_link(&p, "/invoices", "invoices.page.back");
	page_saved_notice(&p);
	static const char *const head[] = { "number", "kind", "buyer_name", "buyer_reference", "period_from", "period_to",
		"issued_on", "due_on", "reason", "issued_by", NULL };
	fields_dl(&p, &ENTITY_INVOICE, inv, head, NULL, false);
	if (json_is_object(json_object_get(inv, "credited_by")) || json_is_object(json_object_get(inv, "credits"))) {
		html_lit(h, "<dl class=\"utrecht-data-list kring-data-list\">");
		related(&p, "invoices.page.credited_by", json_object_get(inv, "credited_by"));
		related(&p, "invoices.page.credits", json_object_get(inv, "credits"));
		html_lit(h, "</dl>");
	}
	html_lit(h, "<p class=\"utrecht-paragraph kring-files\">");
	page_t(&p, "invoices.page.files");
	file_link(&p, jint(inv, "id"), "pdf", "invoices.page.pdf");
	file_link(&p, jint(inv, "id"), "xml", "invoices.page.xml");
	html_lit(h, "</p><h2 class=\"utrecht-heading-2\">");
	page_t(&p, "invoices.page.lines");
	html_lit(h, "</h2>");
	lines_table(&p, inv);
	if (!credit && json_is_null(json_object_get(inv, "credited_by")) && may_issue(&p)) {
		char href[64];
		snprintf(href, sizeof href, "/invoices/%lld/credit", (long long)jint(inv, "id"));
		html_lit(h, "<div class=\"kring-actions\">");
		page_button_link(&p, href, T(&p, "invoices.page.credit"), false);
		html_lit(h, "</div>");
	}
	page_close(&p);
	json_decref(inv);
	page_end(&p);
}

/* ---- crediting, after a confirmation ------------------------------------------------- */

static void credit_form(struct page *p, const json_t *inv, const json_t *typed, const json_t *errors)
{
	struct html *h = &p->h;
	struct fields o = { .e = svc_invoice_input(true), .create = true, .typed = typed, .errors = errors };
	char back[48], action[64], total[40];
	snprintf(back, sizeof back, "/invoices/%lld", (long long)jint(inv, "id"));
	snprintf(action, sizeof action, "/invoices/%lld/credit", (long long)jint(inv, "id"));
	page_open(p, T(p, "invoices.page.credit_title"), "nav.invoices");
	back_link(p, back, "invoices.page.back_to_invoice");
	i18n_money(p->lang, jint(inv, "total_cents"), total);
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_tf(p, "invoices.page.credit_confirm", jstr(inv, "number"), total);
	html_lit(h, "</p>");
	fields_error_summary(p, &o);
	html_lit(h, "<form method=\"post\" class=\"kring-form\"");
	html_attr_kv(h, "action", action);
	html_lit(h, ">");
	page_csrf_field(p);
	fields_render(p, &o);
	page_form_end(p, T(p, "invoices.page.credit_do"), back);
	page_close(p);
}

void page_invoice_credit_form(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	json_t *inv = NULL;
	struct svc_error err;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (!may_issue(&p))
		refuse(&p);
	else if (svc_invoice_get(&p.svc, req->ids[0], &inv, &err) < 0)
		page_fail(&p, &err);
	else
		credit_form(&p, inv, NULL, NULL);
	json_decref(inv);
	page_end(&p);
}

void page_invoice_credit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	json_t *input = NULL, *typed = NULL, *errors = NULL, *out = NULL, *inv = NULL;
	struct svc_error err;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (!may_issue(&p)) {
		refuse(&p);
		goto done;
	}
	struct fields o = { .e = svc_invoice_input(true), .create = true };
	if (fields_read(&p, &o, &input, &typed, &errors) == 0) {
		if (svc_invoice_credit(&p.svc, req->ids[0], input, &out, &err) == 0) {
			page_redirectf(&p, "/invoices/%lld?saved=invoice_credited", (long long)jint(out, "id"));
			goto done;
		}
		if (!form_error(&err)) {
			page_fail(&p, &err);
			goto done;
		}
		fields_add_error(&p, errors, &err);
	}
	if (svc_invoice_get(&p.svc, req->ids[0], &inv, &err) < 0) {
		page_fail(&p, &err);
		goto done;
	}
	p.resp->status = 422;
	credit_form(&p, inv, typed, errors);
done:
	json_decref(input);
	json_decref(typed);
	json_decref(errors);
	json_decref(out);
	json_decref(inv);
	page_end(&p);
}
