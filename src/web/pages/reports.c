/*
 * GET /reports: the three reports; GET /reports/NAME: one report as a page,
 * with a filter form (year or period, region, funder, track), its figures in
 * tables (every percentage with its denominator), its bar charts and the
 * same report as a CSV, Excel or PDF file (?format=). The figures come from
 * svc_report, as for the API, and the tables and charts from the layout in
 * render/report_layout.c, as for the files: one label and one denominator
 * per figure everywhere.
 *
 * The charts are SVG images drawn by render/chart.c, put into the page as
 * data: URLs (the page's Content-Security-Policy allows images from data:),
 * so that the report is computed once per page. Each chart's text
 * alternative gives its figures with their denominators in words.
 */
#include "web/pages/pages.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render/report_layout.h"
#include "util/text.h"
#include "web/pages/fields.h"
#include "web/pages/page.h"
#include "web/report_query.h"

/* the reports, in the order of the tabs */
static const struct {
	const char *name;
	const char *label; /* key */
	const char *intro; /* key */
} REPORTS[] = {
	{ "annual", "reports.page.annual", "reports.page.annual_intro" },
	{ "outcomes", "reports.page.outcomes", "reports.page.outcomes_intro" },
	{ "costs", "reports.page.costs", "reports.page.costs_intro" },
};
#define NREPORTS (sizeof REPORTS / sizeof REPORTS[0])

/* the files a report can be had as: format name and the key of its link */
static const struct {
	const char *format;
	const char *label;
} FILES[] = {
	{ "csv", "reports.page.file_csv" },
	{ "xlsx", "reports.page.file_xlsx" },
	{ "pdf", "reports.page.file_pdf" },
};

static bool may_see_reports(const struct page *p)
{
	return page_has_role(p, ROLE_ADMIN) || page_has_role(p, ROLE_REGIONAL_MANAGER) ||
	       page_has_role(p, ROLE_FUNDER) || page_has_role(p, ROLE_RESEARCHER);
}

/* the links to the three reports; current is marked */
static void report_tabs(struct page *p, const char *current)
{
	struct html *h = &p->h;
	html_lit(h, "<nav class=\"kring-tabs\"");
	html_attr_kv(h, "aria-label", T(p, "reports.page.tabs"));
	html_lit(h, "><ul class=\"kring-tabs__list\">");
	for (size_t i = 0; i < NREPORTS; i++) {
		html_lit(h, "<li><a class=\"utrecht-link\"");
		char href[48];
		snprintf(href, sizeof href, "/reports/%s", REPORTS[i].name);
		html_attr_kv(h, "href", href);
		if (current && strcmp(current, REPORTS[i].name) == 0)
			html_lit(h, " aria-current=\"page\"");
		html_lit(h, ">");
		page_t(p, REPORTS[i].label);
		html_lit(h, "</a></li>");
	}
	html_lit(h, "</ul></nav>");
}

void page_reports(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (!may_see_reports(&p)) {
		page_fail_key(&p, 403, "error.page_403");
		page_end(&p);
		return;
	}
	struct html *h = &p.h;
	page_open(&p, T(&p, "reports.page.title"), "nav.reports");
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_t(&p, "reports.page.intro");
	html_lit(h, "</p><ul class=\"utrecht-unordered-list\">");
	for (size_t i = 0; i < NREPORTS; i++) {
		html_lit(h, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\"");
		char href[48];
		snprintf(href, sizeof href, "/reports/%s", REPORTS[i].name);
		html_attr_kv(h, "href", href);
		html_lit(h, ">");
		page_t(&p, REPORTS[i].label);
		html_lit(h, "</a>: ");
		page_t(&p, REPORTS[i].intro);
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul>");
	page_close(&p);
	page_end(&p);
}

/* ---- the filter form ------------------------------------------------------------ */

static void field_open(struct page *p, const char *id, const char *label_key)
{
	struct html *h = &p->h;
	html_lit(h, "<div class=\"utrecht-form-field kring-field kring-filter\"><label class=\"utrecht-form-label\"");
	html_attr_kv(h, "for", id);
	html_lit(h, ">");
	page_t(p, label_key);
	html_lit(h, "</label>");
}

static void text_input(struct page *p, const char *name, const char *type, const char *label_key,
		       const char *value, const char *error)
{
	struct html *h = &p->h;
	char id[32];
	snprintf(id, sizeof id, "r-%s", name);
	field_open(p, id, label_key);
	if (error) {
		html_lit(h, "<p class=\"utrecht-form-field-error-message\"");
		char eid[40];
		snprintf(eid, sizeof eid, "%s-error", id);
		html_attr_kv(h, "id", eid);
		html_lit(h, ">");
		html_text(h, error);
		html_lit(h, "</p>");
	}
	html_lit(h, "<input class=\"utrecht-textbox utrecht-textbox--html-input\"");
	html_attr_kv(h, "type", type);
	html_attr_kv(h, "name", name);
	html_attr_kv(h, "id", id);
	html_attr_kv(h, "value", value ? value : "");
	if (strcmp(type, "number") == 0)
		html_lit(h, " min=\"1900\" max=\"2999\" inputmode=\"numeric\"");
	else
		html_lit(h, " maxlength=\"200\"");
	if (error) {
		char eid[40];
		snprintf(eid, sizeof eid, "%s-error", id);
		html_lit(h, " aria-invalid=\"true\"");
		html_attr_kv(h, "aria-describedby", eid);
	}
	html_lit(h, "></div>");
}

static void option(struct page *p, const char *value, const char *label, const char *current)
{
	struct html *h = &p->h;
	html_lit(h, "<option");
	html_attr_kv(h, "value", value);
	if (current && strcmp(current, value) == 0)
		html_lit(h, " selected");
	html_lit(h, ">");
	html_text(h, label);
	html_lit(h, "</option>");
}

/* a choice of the records of ref (regions, funders) the account may list;
 * when it may list none, a text box for the name */
static void ref_select(struct page *p, const char *name, const char *label_key, const json_t *options,
		       const char *ref, const char *current, const char *error)
{
	const json_t *list = json_object_get(options, ref);
	if (json_array_size(list) == 0 || error) {
		text_input(p, name, "text", label_key, current, error);
		return;
	}
	struct html *h = &p->h;
	char id[32];
	snprintf(id, sizeof id, "r-%s", name);
	field_open(p, id, label_key);
	html_lit(h, "<select class=\"utrecht-select utrecht-select--html-select\"");
	html_attr_kv(h, "name", name);
	html_attr_kv(h, "id", id);
	html_lit(h, ">");
	option(p, "", T(p, "reports.page.all"), current ? current : "");
	bool found = !current;
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o) {
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)jint(o, "id"));
		const char *label = json_string_value(json_object_get(o, "label"));
		bool match = current && (strcmp(current, v) == 0 || (label && strcmp(current, label) == 0));
		option(p, v, label ? label : v, match ? v : NULL);
		found |= match;
	}
	if (!found)
		option(p, current, current, current);
	html_lit(h, "</select></div>");
}

static void track_select(struct page *p, const char *current, const char *error)
{
	const struct field *f = model_field(&ENTITY_REQUEST, "track");
	if (error) {
		text_input(p, "track", "text", "reports.page.track", current, error);
		return;
	}
	struct html *h = &p->h;
	field_open(p, "r-track", "reports.page.track");
	html_lit(h, "<select class=\"utrecht-select utrecht-select--html-select\" name=\"track\" id=\"r-track\">");
	option(p, "", T(p, "reports.page.all"), current ? current : "");
	for (size_t i = 0; f->values[i]; i++)
		option(p, f->values[i], page_enum_label(p, "request", "track", f->values[i]), current);
	html_lit(h, "</select></div>");
}

/* the message for a field the service refused, or NULL */
static const char *error_for(struct page *p, const struct svc_error *err, const char *field, char *out,
			     size_t len)
{
	if (!err || strcmp(err->field, field) != 0)
		return NULL;
	const char *t = page_error_text(p, err->code);
	snprintf(out, len, "%s", t ? t : err->detail);
	return out;
}

static void filter_form(struct page *p, const char *name, const struct report_query *q, const json_t *options,
			const struct svc_error *err)
{
	struct html *h = &p->h;
	char action[48], e1[256], e2[256], e3[256], e4[256], e5[256], e6[256];
	snprintf(action, sizeof action, "/reports/%s", name);
	html_lit(h, "<form method=\"get\" class=\"kring-filters\" role=\"search\"");
	html_attr_kv(h, "action", action);
	html_attr_kv(h, "aria-label", T(p, "reports.page.filters"));
	html_lit(h, ">");
	text_input(p, "year", "number", "reports.page.year", q->year_text[0] ? q->year_text : NULL,
		   error_for(p, err, "year", e1, sizeof e1));
	text_input(p, "from", "date", "reports.page.from", q->params.from, error_for(p, err, "from", e2, sizeof e2));
	text_input(p, "to", "date", "reports.page.to", q->params.to, error_for(p, err, "to", e3, sizeof e3));
	ref_select(p, "region", "reports.page.region", options, "region", q->params.region,
		   error_for(p, err, "region", e4, sizeof e4));
	if (!page_has_role(p, ROLE_FUNDER) || page_has_role(p, ROLE_ADMIN) || page_has_role(p, ROLE_RESEARCHER) ||
	    page_has_role(p, ROLE_REGIONAL_MANAGER))
		ref_select(p, "funder", "reports.page.funder", options, "funder", q->params.funder,
			   error_for(p, err, "funder", e5, sizeof e5));
	track_select(p, q->params.track, error_for(p, err, "track", e6, sizeof e6));
	html_lit(h, "<div class=\"kring-actions\"><button type=\"submit\" "
		    "class=\"utrecht-button utrecht-button--primary-action\">");
	page_t(p, "reports.page.show");
	html_lit(h, "</button></div></form>");
}

/* ---- the report ----------------------------------------------------------------- */

/* "?year=2010&region=3&format=csv": the report's query with another format */
static void query_link(struct buf *b, const char *path, const struct report_query *q, const char *format)
{
	const char *names[] = { "year", "from", "to", "region", "funder", "track", "format", "lang" };
	const char *values[] = { q->year_text[0] ? q->year_text : NULL, q->params.from, q->params.to,
				 q->params.region, q->params.funder, q->params.track, format, q->lang };
	buf_adds(b, path);
	char sep = '?';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!values[i])
			continue;
		buf_printf(b, "%c%s=", sep, names[i]);
		sep = '&';
		for (const unsigned char *s = (const unsigned char *)values[i]; *s; s++) {
			if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
			    *s == '-' || *s == '.' || *s == '_')
				buf_addc(b, (char)*s);
			else
				buf_printf(b, "%%%02X", *s);
		}
	}
}

static void file_links(struct page *p, const char *name, const struct report_query *q)
{
	struct html *h = &p->h;
	char path[48];
	snprintf(path, sizeof path, "/reports/%s", name);
	html_lit(h, "<p class=\"utrecht-paragraph kring-files\">");
	page_t(p, "reports.page.files");
	for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
		struct buf b;
		buf_init(&b, 4096);
		query_link(&b, path, q, FILES[i].format);
		html_lit(h, " <a class=\"utrecht-link\" download");
		html_attr_kv(h, "href", buf_str(&b));
		html_lit(h, ">");
		page_t(p, FILES[i].label);
		html_lit(h, "</a>");
		buf_release(&b);
	}
	html_lit(h, "</p>");
}

static void section_table(struct page *p, const json_t *report, const struct rl_section *s)
{
	struct html *h = &p->h;
	char label[256], value[160];
	html_lit(h, "<section class=\"kring-section\"><h2 class=\"utrecht-heading-2\">");
	page_t(p, s->title);
	html_lit(h, "</h2>");
	if (s->note) {
		html_lit(h, "<p class=\"utrecht-paragraph kring-note\">");
		page_t(p, s->note);
		html_lit(h, "</p>");
	}
	html_lit(h, "<div class=\"utrecht-table-container\"><table class=\"utrecht-table kring-table kring-figures\">"
		    "<caption class=\"utrecht-table__caption kring-visually-hidden\">");
	page_t(p, s->title);
	html_lit(h, "</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
		    "<th scope=\"col\" class=\"utrecht-table__header-cell\">");
	page_t(p, "reports.page.figure");
	html_lit(h, "</th><th scope=\"col\" class=\"utrecht-table__header-cell kring-number\">");
	page_t(p, "reports.page.value");
	html_lit(h, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
	for (size_t i = 0; i < s->nrows; i++) {
		rl_label(p->lang, s->rows[i].label, s->rows[i].arg, label, sizeof label);
		rl_format(p->lang, report, &s->rows[i], value, sizeof value);
		html_lit(h, "<tr class=\"utrecht-table__row\"><th scope=\"row\" class=\"utrecht-table__header-cell\">");
		html_text(h, label);
		html_lit(h, "</th><td class=\"utrecht-table__cell kring-number\">");
		html_text(h, value);
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table></div></section>");
}

/* costs: every unit cost with its source */
static void lines_table(struct page *p, const json_t *report)
{
	struct html *h = &p->h;
	char value[2048]; /* a source may be a paragraph */
	html_lit(h, "<section class=\"kring-section\"><h2 class=\"utrecht-heading-2\">");
	page_t(p, "reports.page.lines");
	html_lit(h, "</h2><div class=\"utrecht-table-container\" tabindex=\"0\" role=\"region\"");
	html_attr_kv(h, "aria-label", T(p, "reports.page.lines"));
	html_lit(h, "><table class=\"utrecht-table kring-table\"><caption class=\"utrecht-table__caption "
		    "kring-visually-hidden\">");
	page_t(p, "reports.page.lines");
	html_lit(h, "</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
	for (size_t c = 0; c < rl_nline_columns; c++) {
		html_lit(h, "<th scope=\"col\" class=\"utrecht-table__header-cell\">");
		page_t(p, rl_line_columns[c].label);
		html_lit(h, "</th>");
	}
	html_lit(h, "</tr></thead><tbody class=\"utrecht-table__body\">");
	size_t i;
	json_t *line;
	json_array_foreach(json_object_get(report, "lines"), i, line) {
		html_lit(h, "<tr class=\"utrecht-table__row\">");
		for (size_t c = 0; c < rl_nline_columns; c++) {
			rl_format_value(p->lang, json_object_get(line, rl_line_columns[c].field), rl_line_columns[c].kind,
					value, sizeof value);
			if (rl_line_columns[c].kind == RL_TEXT)
				html_lit(h, "<td class=\"utrecht-table__cell kring-text-cell\">");
			else
				html_lit(h, "<td class=\"utrecht-table__cell kring-number\">");
			html_text(h, value);
			html_lit(h, "</td>");
		}
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tbody></table></div></section>");
}

static void charts(struct page *p, const json_t *report)
{
	struct html *h = &p->h;
	size_t n = report_nchart(report);
	if (n == 0)
		return;
	html_lit(h, "<section class=\"kring-section\"><h2 class=\"utrecht-heading-2\">");
	page_t(p, "reports.page.charts");
	html_lit(h, "</h2>");
	for (size_t i = 0; i < n; i++) {
		struct buf svg;
		buf_init(&svg, 8 * 1024 * 1024);
		if (report_chart_svg(report, i, p->lang, &svg) < 0) {
			buf_release(&svg);
			continue;
		}
		size_t b64len = sodium_base64_encoded_len(svg.len, sodium_base64_VARIANT_ORIGINAL);
		struct buf uri;
		buf_init(&uri, 0);
		if (buf_adds(&uri, "data:image/svg+xml;base64,") == 0) {
			size_t at = uri.len;
			char pad[1] = { 0 };
			/* grow to fit, then let sodium write in place */
			for (size_t k = 0; k < b64len; k++)
				if (buf_add(&uri, pad, 1) < 0)
					break;
			if (uri.len == at + b64len) {
				sodium_bin2base64(uri.data + at, b64len, (const unsigned char *)svg.data, svg.len,
						  sodium_base64_VARIANT_ORIGINAL);
				uri.len = at + b64len - 1;
				const char *title = report_chart_title(report, i, p->lang);
				struct buf alt;
				buf_init(&alt, 16 * 1024);
				buf_printf(&alt, "%s. ", title ? title : "");
				report_chart_desc(report, i, p->lang, &alt);
				html_lit(h, "<figure class=\"kring-chart\"><img");
				html_attr_kv(h, "src", buf_str(&uri));
				html_attr_kv(h, "alt", buf_str(&alt));
				buf_release(&alt);
				html_lit(h, "><figcaption>");
				html_text(h, title ? title : "");
				html_lit(h, "</figcaption></figure>");
			}
		}
		buf_release(&uri);
		buf_release(&svg);
	}
	html_lit(h, "</section>");
}

static void report_body(struct page *p, const json_t *report)
{
	struct html *h = &p->h;
	const struct rl_report *rl = report_layout_of(report);
	if (!rl)
		return;
	char period[160], value[256];
	rl_period(p->lang, report, period, sizeof period);
	html_lit(h, "<dl class=\"kring-report-head\"><dt>");
	page_t(p, "reports.page.period");
	html_lit(h, "</dt><dd>");
	html_text(h, period);
	html_lit(h, "</dd><dt>");
	page_t(p, "reports.page.population");
	html_lit(h, "</dt><dd>");
	page_t(p, rl->population);
	html_lit(h, "</dd>");
	size_t i = 0;
	const char *label;
	while (rl_filter(p->lang, report, &i, &label, value, sizeof value)) {
		html_lit(h, "<dt>");
		page_t(p, label);
		html_lit(h, "</dt><dd>");
		html_text(h, value);
		html_lit(h, "</dd>");
	}
	html_lit(h, "</dl>");
	if (json_is_true(json_object_get(report, "suppressed")))
		page_alert(p, "info", T(p, "reports.page.suppressed"));
	for (size_t s = 0; s < rl->nsections; s++)
		section_table(p, report, &rl->sections[s]);
	if (rl->has_lines)
		lines_table(p, report);
	charts(p, report);
}

/* the calendar year before this one: the annual report's default */
static int last_year(void)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	return tm.tm_year + 1900 - 1;
}

void page_report(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	const char *name = req->route->arg;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (!may_see_reports(&p)) {
		page_fail_key(&p, 403, "error.page_403");
		page_end(&p);
		return;
	}
	struct report_query q;
	struct http_resp bad = { 0 };
	if (report_query_parse(req, &bad, name, &q) < 0) {
		json_decref(bad.json);
		page_fail_key(&p, 400, "error.page_400");
		page_end(&p);
		return;
	}
	if (strcmp(name, "annual") == 0 && q.params.year == 0 && !q.params.from && !q.params.to) {
		q.params.year = last_year();
		snprintf(q.year_text, sizeof q.year_text, "%d", q.params.year);
	}
	struct svc_error err;
	json_t *report = NULL;
	int rc = svc_report(&p.svc, &q.params, &report, &err);
	if (rc < 0 && (err.status == 403 || err.status == 404 || err.status >= 500)) {
		page_fail(&p, &err);
		page_end(&p);
		return;
	}
	int f = q.format ? report_format_from_name(q.format) : -1;
	if (rc == 0 && f > REPORT_JSON) {
		/* a file: the page is not written */
		enum lang l = q.lang ? (enum lang)i18n_from_code(q.lang) : p.lang;
		page_end(&p);
		report_query_send_file(resp, report, (enum report_format)f, l);
		json_decref(report);
		return;
	}
	const char *title = NULL;
	for (size_t i = 0; i < NREPORTS; i++)
		if (strcmp(REPORTS[i].name, name) == 0)
			title = T(&p, REPORTS[i].label);
	page_open(&p, title ? title : T(&p, "reports.page.title"), "nav.reports");
	report_tabs(&p, name);
	static const char *const refs[] = { "region_id", "funder_id", NULL };
	json_t *options = fields_options(&p, &ENTITY_REQUEST, refs, 0);
	if (rc < 0) {
		const char *t = page_error_text(&p, err.code);
		page_alert(&p, "error", t ? t : err.detail);
	}
	filter_form(&p, name, &q, options, rc < 0 ? &err : NULL);
	json_decref(options);
	if (rc == 0) {
		file_links(&p, name, &q);
		report_body(&p, report);
	}
	json_decref(report);
	page_close(&p);
	page_end(&p);
}
