/*
 * Matching on the pages: the shortlist in the form of assign-coordinator
 * (service/matching.c makes it), the choices kept on the case page, and
 * the page where coordinators keep their own availability.
 */
#include "web/pages/matching.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/service.h"
#include "util/text.h"
#include "web/pages/fields.h"
#include "web/pages/pages.h"

/* points as the page's language writes them: 6,67 or 40 */
static void points_text(struct page *p, const json_t *v, char *out, size_t len)
{
	double x = json_is_integer(v) ? (double)json_integer_value(v) : json_real_value(v);
	if (x == (double)(int64_t)x)
		snprintf(out, len, "%lld", (long long)x);
	else
		snprintf(out, len, "%.2f", x);
	char *dot = strchr(out, '.');
	if (dot && p->lang == LANG_NL)
		*dot = ',';
}

/* the language codes of list as their names, joined by commas */
static void languages_text(struct page *p, const json_t *list)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		if (i)
			html_lit(&p->h, ", ");
		const char *code = json_string_value(v);
		const char *name = code ? tr3_maybe(p->lang, "lang", code, NULL) : NULL;
		html_text(&p->h, name ? name : code ? code : "");
	}
}

/* one reason in words, with its points: "speaks the language wished (+40)" */
static void why_item(struct page *p, const char *key, const json_t *pts, const char *a1, const char *a2)
{
	char num[32];
	html_lit(&p->h, "<li>");
	page_tf(p, key, a1, a2);
	if (pts) {
		points_text(p, pts, num, sizeof num);
		html_lit(&p->h, " (+");
		html_text(&p->h, num);
		html_lit(&p->h, ")");
	}
	html_lit(&p->h, "</li>");
}

/* why a candidate ranks where it does, in words */
static void why(struct page *p, const json_t *c, const json_t *weights)
{
	const json_t *k = json_object_get(c, "components");
	double lang = json_number_value(json_object_get(k, "language"));
	char load[16], cap[16];
	html_lit(&p->h, "<ul class=\"utrecht-unordered-list kring-why\">");
	if (lang > 0)
		why_item(p, lang >= json_number_value(json_object_get(weights, "language")) ? "match.why.language"
											    : "match.why.language_basic",
			 json_object_get(k, "language"), NULL, NULL);
	if (json_number_value(json_object_get(k, "gender")) > 0)
		why_item(p, "match.why.gender", json_object_get(k, "gender"), NULL, NULL);
	if (json_number_value(json_object_get(k, "background")) > 0)
		why_item(p, "match.why.background", json_object_get(k, "background"), NULL, NULL);
	snprintf(load, sizeof load, "%lld", (long long)jint(c, "load"));
	snprintf(cap, sizeof cap, "%lld", (long long)jint(c, "capacity"));
	why_item(p, "match.why.load", json_object_get(k, "load"), load, cap);
	why_item(p, json_is_true(json_object_get(c, "municipality_served")) ? "match.why.travel_municipality"
									    : "match.why.travel_region",
		 json_object_get(k, "travel"), NULL, NULL);
	html_lit(&p->h, "</ul>");
}

/* the rules in list as words, joined by commas */
static void reasons_text(struct page *p, const json_t *list)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		if (i)
			html_lit(&p->h, ", ");
		html_text(&p->h, tr3(p->lang, "match.rule", json_string_value(v), NULL));
	}
}

static void excluded_details(struct page *p, const json_t *m)
{
	struct html *h = &p->h;
	const json_t *excl = json_object_get(m, "excluded");
	char n[32];
	if (!json_array_size(excl))
		return;
	snprintf(n, sizeof n, "%lld", (long long)jint(m, "excluded_total"));
	html_lit(h, "<details class=\"kring-excluded\"><summary>");
	page_tf(p, "match.excluded_summary", n, NULL);
	html_lit(h, "</summary><ul class=\"utrecht-unordered-list\">");
	size_t i;
	json_t *c;
	json_array_foreach(excl, i, c) {
		html_lit(h, "<li class=\"utrecht-unordered-list__item\">");
		html_text(h, jstr(c, "name") ? jstr(c, "name") : "");
		html_lit(h, ": ");
		reasons_text(p, json_object_get(c, "reasons"));
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul></details>");
}

/* the ranked candidates as a table; with radio buttons when chosen is not
 * NULL ("" when none is chosen yet) */
static void shortlist_table(struct page *p, const json_t *m, const char *chosen, const char *caption)
{
	struct html *h = &p->h;
	static const char *const heads[] = { "match.col.rank", "match.col.name", "match.col.score", "match.col.why",
		"match.col.languages", "match.col.gender", "match.col.load" };
	const json_t *weights = json_object_get(m, "weights");
	html_lit(h, "<div class=\"utrecht-table-container\"><table class=\"utrecht-table kring-shortlist\">"
		    "<caption class=\"utrecht-table__caption\">");
	html_text(h, caption);
	html_lit(h, "</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
	if (chosen) {
		html_lit(h, "<th scope=\"col\" class=\"utrecht-table__header-cell\">");
		page_t(p, "match.col.choose");
		html_lit(h, "</th>");
	}
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		html_lit(h, "<th scope=\"col\" class=\"utrecht-table__header-cell\">");
		page_t(p, heads[i]);
		html_lit(h, "</th>");
	}
	html_lit(h, "</tr></thead><tbody class=\"utrecht-table__body\">");
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(m, "candidates"), i, c) {
		char id[32], num[32], load[48];
		snprintf(id, sizeof id, "%lld", (long long)jint(c, "coordinator_id"));
		html_lit(h, "<tr class=\"utrecht-table__row\">");
		if (chosen) {
			html_lit(h, "<td class=\"utrecht-table__cell\"><input type=\"radio\" class=\"utrecht-radio-button "
				    "utrecht-radio-button--html-input\" name=\"coordinator_id\"");
			html_attr_kv(h, "value", id);
			html_lit(h, " id=\"f-coordinator_id-");
			html_attr(h, id);
			html_lit(h, "\"");
			if (strcmp(chosen, id) == 0)
				html_lit(h, " checked");
			html_lit(h, "></td>");
		}
		html_lit(h, "<td class=\"utrecht-table__cell\">");
		html_int(h, jint(c, "rank"));
		html_lit(h, "</td><th scope=\"row\" class=\"utrecht-table__header-cell\">");
		if (chosen) {
			html_lit(h, "<label class=\"utrecht-form-label utrecht-form-label--radio\" for=\"f-coordinator_id-");
			html_attr(h, id);
			html_lit(h, "\">");
		}
		html_text(h, jstr(c, "name") ? jstr(c, "name") : "");
		if (chosen)
			html_lit(h, "</label>");
		points_text(p, json_object_get(c, "score"), num, sizeof num);
		html_lit(h, "</th><td class=\"utrecht-table__cell\">");
		html_text(h, num);
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		why(p, c, weights);
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		languages_text(p, json_object_get(c, "languages"));
		if (json_array_size(json_object_get(c, "languages_basic"))) {
			html_lit(h, "; ");
			page_t(p, "match.basic");
			html_lit(h, " ");
			languages_text(p, json_object_get(c, "languages_basic"));
		}
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		if (jstr(c, "gender"))
			html_text(h, page_enum_label(p, "coordinator", "gender", jstr(c, "gender")));
		snprintf(load, sizeof load, "%lld/%lld", (long long)jint(c, "load"), (long long)jint(c, "capacity"));
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		html_text(h, load);
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table></div>");
}

bool match_shortlist_render(struct page *p, int64_t request_id, const json_t *values, const json_t *typed,
			    const json_t *errors)
{
	struct html *h = &p->h;
	struct svc_error err;
	json_t *m = NULL;
	char chosen[32] = "";
	if (svc_match(&p->svc, request_id, &m, &err) < 0)
		return false;
	if (jstr(typed, "coordinator_id"))
		snprintf(chosen, sizeof chosen, "%s", jstr(typed, "coordinator_id"));
	else if (jint(values, "coordinator_id"))
		snprintf(chosen, sizeof chosen, "%lld", (long long)jint(values, "coordinator_id"));
	const char *error = jstr(errors, "coordinator_id");

	html_lit(h, "<div class=\"utrecht-form-field kring-field");
	if (error)
		html_lit(h, " utrecht-form-field--invalid");
	html_lit(h, "\"><fieldset class=\"utrecht-form-fieldset kring-fieldset\" id=\"f-coordinator_id\" tabindex=\"-1\"");
	if (error)
		html_lit(h, " aria-describedby=\"e-coordinator_id\"");
	html_lit(h, "><legend class=\"utrecht-form-fieldset__legend utrecht-form-label\">");
	html_text(h, fields_label(p, "field.action.assign-coordinator", "coordinator_id"));
	html_lit(h, " <span class=\"kring-required\">");
	page_t(p, "form.required");
	html_lit(h, "</span></legend>");
	html_lit(h, "<p class=\"utrecht-paragraph kring-hint\">");
	char months[16];
	snprintf(months, sizeof months, "%lld", (long long)jint(m, "training_current_months"));
	page_tf(p, "match.intro", jstr(m, "wanted_on"), months);
	html_lit(h, "</p>");
	if (error) {
		html_lit(h, "<div class=\"utrecht-form-field-error-message\" id=\"e-coordinator_id\">");
		html_text(h, error);
		html_lit(h, "</div>");
	}
	if (json_array_size(json_object_get(m, "candidates")))
		shortlist_table(p, m, chosen, T(p, "match.caption"));
	else
		page_alert(p, "warning", T(p, "match.nobody"));
	excluded_details(p, m);
	html_lit(h, "</fieldset></div>");
	json_decref(m);
	return true;
}

/* ---- the choices kept on the case ---------------------------------------------- */

void match_choices_render(struct page *p, int64_t request_id)
{
	struct html *h = &p->h;
	struct svc_error err;
	struct svc_list_params lp = { .limit = 100 };
	json_t *res = NULL;
	if (svc_list(&p->svc, &ENTITY_COORDINATOR_CHOICE, request_id, &lp, &res, &err) < 0)
		return;
	const json_t *items = json_object_get(res, "items");
	if (!json_array_size(items)) {
		json_decref(res);
		return;
	}
	html_lit(h, "<h3 class=\"utrecht-heading-3\">");
	page_t(p, "match.choices");
	html_lit(h, "</h3>");
	size_t i;
	json_t *ch;
	json_array_foreach(items, i, ch) {
		json_t *m = jstr(ch, "shortlist") ? json_loads(jstr(ch, "shortlist"), 0, NULL) : NULL;
		const json_t *chosen = json_object_get(m, "chosen");
		char rank[32];
		snprintf(rank, sizeof rank, "%lld", (long long)jint(chosen, "rank"));
		html_lit(h, "<div class=\"kring-choice\"><p class=\"utrecht-paragraph\">");
		page_tf(p, "match.choice_who", jstr(chosen, "name") ? jstr(chosen, "name") : "?", rank);
		html_lit(h, "</p>");
		fields_dl(p, &ENTITY_COORDINATOR_CHOICE, ch, (const char *const[]){ "chosen_on", "chosen_by", "reason", NULL },
			  NULL, false);
		if (m) {
			html_lit(h, "<details><summary>");
			page_t(p, "match.choice_shortlist");
			html_lit(h, "</summary>");
			shortlist_table(p, m, NULL, T(p, "match.choice_shortlist"));
			excluded_details(p, m);
			html_lit(h, "</details>");
		}
		html_lit(h, "</div>");
		json_decref(m);
	}
	json_decref(res);
}

/* ---- a coordinator's own availability ------------------------------------------ */

/* the coordinator record of the account, or 0 */
static int64_t own_coordinator(struct page *p)
{
	return page_has_role(p, ROLE_COORDINATOR) ? jint(p->svc.user, "coordinator_id") : 0;
}

/* YYYY-MM-DD from YYYY-MM-DD or DD-MM-YYYY into out[11]; -1 when it is no date */
static int date_in(const char *s, char out[11])
{
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (strlen(s) >= 10 && s[2] == '-' && s[5] == '-')
		snprintf(out, 11, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
	else
		snprintf(out, 11, "%s", s);
	return date_valid(out) ? 0 : -1;
}

static void availability_render(struct page *p, const json_t *coord, const char *error, const char *from,
				const char *to)
{
	struct html *h = &p->h;
	page_open(p, T(p, "availability.title"), "nav.availability");
	page_saved_notice(p);
	html_lit(h, "<p class=\"utrecht-paragraph kring-intro\">");
	page_t(p, "availability.intro");
	html_lit(h, "</p>");
	if (error)
		page_alert(p, "error", error);
	const json_t *periods = json_object_get(coord, "unavailable");
	if (!json_array_size(periods)) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "availability.none");
		html_lit(h, "</p>");
	} else {
		html_lit(h, "<div class=\"utrecht-table-container\"><table class=\"utrecht-table\">"
			    "<caption class=\"utrecht-table__caption\">");
		page_t(p, "availability.caption");
		html_lit(h, "</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
			    "<th scope=\"col\" class=\"utrecht-table__header-cell\">");
		page_t(p, "availability.from");
		html_lit(h, "</th><th scope=\"col\" class=\"utrecht-table__header-cell\">");
		page_t(p, "availability.to");
		html_lit(h, "</th><th scope=\"col\" class=\"utrecht-table__header-cell\"><span class=\"kring-sr\">");
		page_t(p, "availability.remove");
		html_lit(h, "</span></th></tr></thead><tbody class=\"utrecht-table__body\">");
		size_t i;
		json_t *v;
		json_array_foreach(periods, i, v) {
			const char *s = json_string_value(v);
			char a[11] = "", b[11] = "";
			if (s && strlen(s) == 21) {
				snprintf(a, sizeof a, "%.10s", s);
				snprintf(b, sizeof b, "%.10s", s + 11);
			}
			html_lit(h, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">");
			page_date(p, a);
			html_lit(h, "</td><td class=\"utrecht-table__cell\">");
			page_date(p, b);
			html_lit(h, "</td><td class=\"utrecht-table__cell\"><form method=\"post\" action=\"/availability/remove\">");
			page_csrf_field(p);
			html_lit(h, "<input type=\"hidden\" name=\"period\"");
			html_attr_kv(h, "value", s ? s : "");
			html_lit(h, "><button type=\"submit\" class=\"utrecht-button utrecht-button--secondary-action\">");
			page_t(p, "availability.remove");
			html_lit(h, "</button></form></td></tr>");
		}
		html_lit(h, "</tbody></table></div>");
	}
	html_lit(h, "<h2 class=\"utrecht-heading-2\">");
	page_t(p, "availability.add");
	html_lit(h, "</h2><form method=\"post\" action=\"/availability\" class=\"kring-form\">");
	page_csrf_field(p);
	static const char *const names[] = { "from", "to" };
	const char *vals[] = { from, to };
	for (size_t i = 0; i < 2; i++) {
		fields_own_open(p, error != NULL);
		char key[40];
		snprintf(key, sizeof key, "availability.%s", names[i]);
		fields_own_head(p, names[i], T(p, key), NULL, NULL, true);
		html_lit(h, "<input type=\"date\" class=\"utrecht-textbox utrecht-textbox--html-input\" required");
		html_attr_kv(h, "name", names[i]);
		if (vals[i])
			html_attr_kv(h, "value", vals[i]);
		fields_own_attrs(p, names[i], false, false);
		html_lit(h, "></div>");
	}
	page_form_end(p, T(p, "availability.add"), "/");
}

/* the account's coordinator record, or an error page (403: no coordinator) */
static json_t *load_own(struct page *p, int64_t *id)
{
	struct svc_error err;
	json_t *coord = NULL;
	*id = own_coordinator(p);
	if (!*id) {
		page_fail_key(p, 403, "availability.not_coordinator");
		return NULL;
	}
	if (svc_availability(&p->svc, *id, -1, NULL, &coord, &err) < 0) {
		page_fail(p, &err);
		return NULL;
	}
	return coord;
}

void page_availability(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	int64_t id;
	if (page_begin(&p, req, resp) < 0)
		return;
	json_t *coord = load_own(&p, &id);
	if (coord) {
		availability_render(&p, coord, NULL, NULL, NULL);
		page_close(&p);
	}
	json_decref(coord);
	page_end(&p);
}

/* order periods by their first day (the text sorts as the date does) */
static int by_text(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

/* change the list: add (add != NULL) or remove the period text remove */
static void availability_change(struct page *p, const char *add, const char *remove, const char *from,
				const char *to, const char *error_key)
{
	struct svc_error err;
	int64_t id;
	json_t *coord = load_own(p, &id), *list = NULL, *out = NULL;
	if (!coord)
		return;
	char error[600] = "";
	if (error_key)
		snprintf(error, sizeof error, "%s", T(p, error_key));
	if (!error[0]) {
		const json_t *old = json_object_get(coord, "unavailable");
		size_t i, n = 0;
		json_t *v, *items[128];
		json_array_foreach(old, i, v)
			if (n < 127 && json_is_string(v) && !(remove && strcmp(json_string_value(v), remove) == 0))
				items[n++] = v;
		json_t *added = add ? json_string(add) : NULL;
		if (added)
			items[n++] = added;
		qsort(items, n, sizeof items[0], by_text);
		list = json_array();
		for (i = 0; list && i < n; i++)
			json_array_append(list, items[i]);
		json_decref(added);
		if (svc_availability(&p->svc, id, jint(coord, "version"), list, &out, &err) == 0) {
			page_redirect(p, "/availability?saved=record");
			goto done;
		}
		const char *t = page_error_text(p, err.code);
		snprintf(error, sizeof error, "%s%s%s", t ? t : "", t ? " " : "", err.detail);
		p->resp->status = err.status == 412 || err.status == 409 ? 409 : 422;
	} else {
		p->resp->status = 422;
	}
	availability_render(p, coord, error, from, to);
	page_close(p);
done:
	json_decref(coord);
	json_decref(list);
	json_decref(out);
}

void page_availability_add(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	const char *from = form_get(&p.form, "from"), *to = form_get(&p.form, "to");
	char a[11], b[11], period[32];
	const char *error = NULL;
	if (date_in(from, a) < 0 || date_in(to, b) < 0)
		error = "availability.bad_date";
	else if (date_cmp(a, b) > 0)
		error = "availability.bad_order";
	else
		snprintf(period, sizeof period, "%s/%s", a, b);
	availability_change(&p, error ? NULL : period, NULL, from, to, error);
	page_end(&p);
}

void page_availability_remove(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	const char *period = form_get(&p.form, "period");
	availability_change(&p, NULL, period ? period : "", NULL, NULL, period ? NULL : "availability.bad_date");
	page_end(&p);
}
