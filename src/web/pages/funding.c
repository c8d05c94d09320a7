/*
 * Funding on the pages: the form of the funding decision, which proposes
 * the agreements that pay for the case (service/funding.c) with what each
 * has left after it, tells why the others do not, and offers the other
 * ways to pay; and the budgets page (/budgets), one row per agreement the
 * account may see, its warnings in words.
 */
#include "web/pages/funding.h"

#include <stdio.h>
#include <string.h>

#include "web/pages/pages.h"

/* the ways to pay besides an agreement, in the order they are offered */
static const char *const OTHER_SOURCES[] = { "other_funder", "institution", "family_contribution", "split", NULL };
/* the rest of the form, as the model renders it */
static const char *const REST[] = { "funder_id", "funding_note", "note", "happened_on", NULL };

/* what the form shows as chosen for field: what was typed, else the value */
static const char *chosen(const struct fields *o, const char *field, char *buf, size_t len)
{
	const json_t *t = json_object_get(o->typed, field), *v = json_object_get(o->values, field);
	if (json_is_string(t))
		return json_string_value(t);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

static void money_text(struct page *p, int64_t cents, char out[40])
{
	i18n_money(p->lang, cents, out);
}

static void radio(struct page *p, const char *name, const char *value, const char *id, bool checked, bool error)
{
	struct html *h = &p->h;
	html_lit(h, "<input type=\"radio\" class=\"utrecht-radio-button utrecht-radio-button--html-input\"");
	html_attr_kv(h, "name", name);
	html_attr_kv(h, "value", value);
	html_attr_kv(h, "id", id);
	if (checked)
		html_lit(h, " checked");
	if (error)
		html_lit(h, " aria-invalid=\"true\"");
	html_lit(h, ">");
}

/* one line of what an agreement has: tariff, and what is left after this
 * request of its budget and its conferences */
static void option_facts(struct page *p, const json_t *o)
{
	struct html *h = &p->h;
	char money[40], text[300];
	const json_t *tariff = json_object_get(o, "tariff_cents");
	if (json_is_integer(tariff)) {
		money_text(p, json_integer_value(tariff), money);
		tr_format(p->lang, "funding.tariff", money, NULL, text, sizeof text);
		html_text(h, text);
	}
	const json_t *after = json_object_get(o, "remaining_after_cents");
	if (json_is_integer(after)) {
		money_text(p, json_integer_value(after), money);
		tr_format(p->lang, "funding.left_after", money, NULL, text, sizeof text);
		html_lit(h, " · ");
		html_text(h, text);
	} else {
		html_lit(h, " · ");
		page_t(p, "funding.no_budget");
	}
	const json_t *left = json_object_get(o, "conferences_left_after");
	if (json_is_integer(left)) {
		char n[24];
		snprintf(n, sizeof n, "%lld", (long long)json_integer_value(left));
		tr_format(p->lang, "funding.conferences_left_after", n, NULL, text, sizeof text);
		html_lit(h, " · ");
		html_text(h, text);
	}
}

/* "name (funder)" */
static void option_name(struct page *p, const json_t *o)
{
	html_text(&p->h, jstr(o, "name"));
	if (jstr(o, "funder_name")) {
		html_lit(&p->h, " (");
		html_text(&p->h, jstr(o, "funder_name"));
		html_lit(&p->h, ")");
	}
}

/* the reasons of an agreement that does not fit, in the page's language */
static void reasons(struct page *p, const json_t *o)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(o, "reasons"), i, r) {
		char key[64];
		snprintf(key, sizeof key, "funding.reason.%s", jstr(r, "code") ? jstr(r, "code") : "");
		if (i)
			html_lit(&p->h, "; ");
		const char *t = tr_maybe(p->lang, key);
		html_text(&p->h, t ? t : jstr(r, "detail"));
	}
}

/* the proposals: a radio button per agreement that fits, and the list of
 * those that do not with why */
static void proposals(struct page *p, const json_t *options, const struct fields *o, bool preselect)
{
	struct html *h = &p->h;
	char buf[24], id[48];
	const char *picked = chosen(o, "agreement_id", buf, sizeof buf);
	const char *error = jstr(o->errors, "agreement_id");
	const json_t *fits = json_object_get(options, "options"), *misfits = json_object_get(options, "not_fitting");
	size_t i;
	json_t *opt;

	html_lit(h, "<fieldset class=\"utrecht-form-fieldset kring-fieldset kring-suboptions\" id=\"f-agreement_id\" "
		    "tabindex=\"-1\"");
	if (error)
		html_lit(h, " aria-describedby=\"e-agreement_id\"");
	html_lit(h, "><legend class=\"utrecht-form-fieldset__legend utrecht-form-label\">");
	page_t(p, "funding.proposals");
	html_lit(h, "</legend>");
	if (error) {
		html_lit(h, "<div class=\"utrecht-form-field-error-message\" id=\"e-agreement_id\">");
		html_text(h, error);
		html_lit(h, "</div>");
	}
	if (json_array_size(fits) == 0) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "funding.no_proposal");
		html_lit(h, "</p>");
	}
	json_array_foreach(fits, i, opt) {
		char value[24];
		snprintf(value, sizeof value, "%lld", (long long)jint(opt, "agreement_id"));
		snprintf(id, sizeof id, "f-agreement_id-%s", value);
		bool on = picked ? strcmp(picked, value) == 0 : preselect && i == 0;
		html_lit(h, "<div class=\"utrecht-form-field utrecht-form-field--radio kring-check\">");
		radio(p, "agreement_id", value, id, on, error != NULL);
		html_lit(h, "<label class=\"utrecht-form-label utrecht-form-label--radio\"");
		html_attr_kv(h, "for", id);
		html_lit(h, ">");
		option_name(p, opt);
		html_lit(h, "</label><div class=\"utrecht-form-field-description\">");
		option_facts(p, opt);
		html_lit(h, "</div></div>");
	}
	if (json_array_size(misfits)) {
		char n[24], text[200];
		snprintf(n, sizeof n, "%zu", json_array_size(misfits));
		tr_format(p->lang, "funding.not_fitting", n, NULL, text, sizeof text);
		html_lit(h, "<details class=\"kring-details\"><summary>");
		html_text(h, text);
		html_lit(h, "</summary><ul class=\"utrecht-unordered-list\">");
		json_array_foreach(misfits, i, opt) {
			html_lit(h, "<li class=\"utrecht-unordered-list__item\">");
			option_name(p, opt);
			html_lit(h, ": ");
			reasons(p, opt);
			html_lit(h, "</li>");
		}
		html_lit(h, "</ul></details>");
	}
	html_lit(h, "</fieldset>");
}

void funding_form_fields(struct page *p, int64_t request_id, const struct fields *o)
{
	struct html *h = &p->h;
	struct svc_error err;
	json_t *options = NULL;
	char buf[24], id[48];

	if (svc_funding_options(&p->svc, request_id, &options, &err) < 0) {
		/* no proposals for this account: the plain form */
		fields_render(p, o);
		return;
	}
	bool any = json_array_size(json_object_get(options, "options")) > 0;
	const char *source = chosen(o, "funding_source", buf, sizeof buf);
	bool fresh = !o->typed && !o->errors;
	if (!source && fresh && any)
		source = "agreement";
	const char *error = jstr(o->errors, "funding_source");

	fields_own_open(p, error != NULL);
	html_lit(h, "<fieldset class=\"utrecht-form-fieldset kring-fieldset\" id=\"f-funding_source\" tabindex=\"-1\"");
	if (error)
		html_lit(h, " aria-describedby=\"e-funding_source\"");
	html_lit(h, "><legend class=\"utrecht-form-fieldset__legend utrecht-form-label\">");
	html_text(h, fields_label(p, o->prefix, "funding_source"));
	html_lit(h, " <span class=\"kring-required\">");
	page_t(p, "form.required");
	html_lit(h, "</span></legend>");
	if (error) {
		html_lit(h, "<div class=\"utrecht-form-field-error-message\" id=\"e-funding_source\">");
		html_text(h, error);
		html_lit(h, "</div>");
	}
	html_lit(h, "<div class=\"utrecht-form-field utrecht-form-field--radio kring-check\">");
	radio(p, "funding_source", "agreement", "f-funding_source-agreement", source && !strcmp(source, "agreement"),
	      error != NULL);
	html_lit(h, "<label class=\"utrecht-form-label utrecht-form-label--radio\" for=\"f-funding_source-agreement\">");
	page_t(p, "funding.source_agreement");
	html_lit(h, "</label></div>");
	proposals(p, options, o, fresh);
	for (size_t i = 0; OTHER_SOURCES[i]; i++) {
		snprintf(id, sizeof id, "f-funding_source-%s", OTHER_SOURCES[i]);
		html_lit(h, "<div class=\"utrecht-form-field utrecht-form-field--radio kring-check\">");
		radio(p, "funding_source", OTHER_SOURCES[i], id, source && !strcmp(source, OTHER_SOURCES[i]), error != NULL);
		html_lit(h, "<label class=\"utrecht-form-label utrecht-form-label--radio\"");
		html_attr_kv(h, "for", id);
		html_lit(h, ">");
		html_text(h, page_enum_label(p, "request", "funding_source", OTHER_SOURCES[i]));
		html_lit(h, "</label></div>");
	}
	html_lit(h, "</fieldset></div>");
	struct fields rest = *o;
	rest.only = REST;
	fields_render(p, &rest);
	json_decref(options);
}

void funding_form_input(json_t *input)
{
	const char *source = json_string_value(json_object_get(input, "funding_source"));
	if (source && strcmp(source, "agreement") != 0)
		json_object_del(input, "agreement_id");
}

/* ---- the budgets page ------------------------------------------------------ */

static void cell_money(struct page *p, const json_t *v)
{
	html_lit(&p->h, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
	if (json_is_integer(v))
		page_money(p, json_integer_value(v));
	else
		page_t(p, "funding.no_limit");
	html_lit(&p->h, "</td>");
}

static const char *const BUDGET_COLS[] = { "funding.col.agreement", "funding.col.period", "funding.col.budget",
	"funding.col.committed", "funding.col.spent", "funding.col.remaining", "funding.col.conferences",
	"funding.col.warnings", NULL };

static void budget_row(struct page *p, const json_t *b)
{
	struct html *h = &p->h;
	char text[300], n1[24], n2[24];
	html_lit(h, "<tr class=\"utrecht-table__row\"><th scope=\"row\" class=\"utrecht-table__header-cell\">");
	option_name(p, b);
	html_lit(h, "</th><td class=\"utrecht-table__cell\">");
	page_date(p, jstr(b, "starts_on"));
	html_lit(h, " – ");
	if (jstr(b, "ends_on"))
		page_date(p, jstr(b, "ends_on"));
	else
		page_t(p, "funding.open_end");
	html_lit(h, "</td>");
	cell_money(p, json_object_get(b, "budget_cents"));
	cell_money(p, json_object_get(b, "committed_cents"));
	cell_money(p, json_object_get(b, "spent_cents"));
	cell_money(p, json_object_get(b, "remaining_cents"));
	html_lit(h, "<td class=\"utrecht-table__cell\">");
	snprintf(n1, sizeof n1, "%lld", (long long)jint(b, "conferences_held"));
	if (json_is_integer(json_object_get(b, "max_conferences"))) {
		snprintf(n2, sizeof n2, "%lld", (long long)jint(b, "max_conferences"));
		tr_format(p->lang, "funding.held_of", n1, n2, text, sizeof text);
	} else {
		tr_format(p->lang, "funding.held", n1, NULL, text, sizeof text);
	}
	html_text(h, text);
	snprintf(n1, sizeof n1, "%lld", (long long)jint(b, "conferences_running"));
	tr_format(p->lang, "funding.running", n1, NULL, text, sizeof text);
	html_lit(h, "<br>");
	html_text(h, text);
	html_lit(h, "</td><td class=\"utrecht-table__cell\">");
	size_t i;
	json_t *w;
	const json_t *warnings = json_object_get(b, "warnings");
	if (json_array_size(warnings)) {
		html_lit(h, "<strong class=\"kring-warning\">");
		page_t(p, "funding.attention");
		html_lit(h, "</strong> ");
	}
	json_array_foreach(warnings, i, w) {
		char key[64];
		snprintf(key, sizeof key, "funding.warning.%s", jstr(w, "code") ? jstr(w, "code") : "");
		if (i)
			html_lit(h, " ");
		const char *t = tr_maybe(p->lang, key);
		html_text(h, t ? t : jstr(w, "detail"));
	}
	html_lit(h, "</td></tr>");
}

void page_budgets(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct svc_error err;
	json_t *out = NULL;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (svc_budgets(&p.svc, 0, &out, &err) < 0) {
		page_fail(&p, &err);
		page_end(&p);
		return;
	}
	struct html *h = &p.h;
	page_open(&p, T(&p, "funding.budgets.title"), "nav.budgets");
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_t(&p, "funding.budgets.intro");
	html_lit(h, "</p>");
	const json_t *items = json_object_get(out, "items");
	if (json_array_size(items) == 0) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(&p, "common.none_found");
		html_lit(h, "</p>");
	} else {
		html_lit(h, "<div class=\"utrecht-table-container\" role=\"region\" tabindex=\"0\"");
		html_attr_kv(h, "aria-label", T(&p, "funding.budgets.title"));
		html_lit(h, "><table class=\"utrecht-table\"><caption class=\"utrecht-table__caption kring-visually-hidden\">");
		page_t(&p, "funding.budgets.title");
		html_lit(h, "</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
		for (size_t c = 0; BUDGET_COLS[c]; c++) {
			html_lit(h, "<th scope=\"col\" class=\"utrecht-table__header-cell");
			if (c >= 2 && c <= 5)
				html_lit(h, " utrecht-table__header-cell--numeric");
			html_lit(h, "\">");
			page_t(&p, BUDGET_COLS[c]);
			html_lit(h, "</th>");
		}
		html_lit(h, "</tr></thead><tbody class=\"utrecht-table__body\">");
		size_t i;
		json_t *b;
		json_array_foreach(items, i, b)
			budget_row(&p, b);
		html_lit(h, "</tbody></table></div>");
	}
	page_close(&p);
	json_decref(out);
	page_end(&p);
}
