#include "web/pages/page.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"
#include "web/api/api.h"
#include "web/static_files.h"

/* ---- starting and ending ---------------------------------------------------- */

static void fill_svc(struct page *p)
{
	struct http_req *req = p->req;
	p->svc.st = req->st;
	p->svc.actor = "";
	p->svc.role = "";
	p->svc.address = req->address;
	p->svc.user = req->user;
	p->roles = 0;
	if (!req->user)
		return;
	p->svc.actor = json_string_value(json_object_get(req->user, "username"));
	size_t used = 0, i;
	json_t *r;
	req->roles[0] = '\0';
	json_array_foreach(json_object_get(req->user, "roles"), i, r) {
		int role = role_from_name(json_string_value(r));
		if (role >= 0)
			p->roles |= 1u << role;
		int n = snprintf(req->roles + used, sizeof req->roles - used, "%s%s", used ? "," : "",
				 json_string_value(r));
		if (n > 0 && (size_t)n < sizeof req->roles - used)
			used += (size_t)n;
	}
	p->svc.role = req->roles;
}

static int begin(struct page *p, struct http_req *req, struct http_resp *resp, bool check_csrf)
{
	memset(p, 0, sizeof *p);
	p->req = req;
	p->resp = resp;
	html_init(&p->h, PAGE_MAX_BYTES);
	resp->status = 200;
	const char *account_lang = req->user ? json_string_value(json_object_get(req->user, "language")) : NULL;
	p->lang = i18n_negotiate(account_lang, http_header(req, "Accept-Language"));
	fill_svc(p);
	if (req->user && req->token && req->via_cookie)
		svc_csrf_token(req->token, p->csrf);
	if (strcmp(req->method, "POST") != 0)
		return 0;
	const char *ct = http_header(req, "Content-Type");
	if (req->body_len && (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)) {
		page_fail_key(p, 415, "error.page_415");
		page_end(p);
		return -1;
	}
	if (form_parse(&p->form, req->body, req->body_len) < 0) {
		page_fail_key(p, 400, "error.page_400");
		page_end(p);
		return -1;
	}
	if (check_csrf) {
		const char *got = form_get(&p->form, "csrf");
		if (!p->csrf[0] || !got || strlen(got) != 64 || sodium_memcmp(got, p->csrf, 64) != 0) {
			page_fail_key(p, 403, "error.page_csrf");
			page_end(p);
			return -1;
		}
	}
	return 0;
}

int page_begin(struct page *p, struct http_req *req, struct http_resp *resp)
{
	return begin(p, req, resp, true);
}

int page_begin_open(struct page *p, struct http_req *req, struct http_resp *resp)
{
	return begin(p, req, resp, false);
}

void page_end(struct page *p)
{
	struct http_resp *resp = p->resp;
	if (p->h.failed) {
		html_release(&p->h);
		html_init(&p->h, 0);
		resp->status = 500;
		html_lit(&p->h, "<!doctype html><title>500</title><p>The page could not be written.</p>");
	}
	if (resp->status != 303) {
		free(resp->body);
		resp->body = html_take(&p->h, &resp->body_len);
		resp->content_type = "text/html; charset=utf-8";
		resp->page = 1;
	}
	html_release(&p->h);
	form_release(&p->form);
}

/* ---- the layout ------------------------------------------------------------------- */

static void stylesheet(struct page *p, const char *path)
{
	const struct static_file *f = static_find(path);
	html_lit(&p->h, "<link rel=\"stylesheet\" href=\"");
	html_attr(&p->h, path);
	if (f) {
		html_lit(&p->h, "?v=");
		html_url(&p->h, f->version);
	}
	html_lit(&p->h, "\">");
}

/* the navigation: one row per item, shown to the roles named */
static const struct nav_item {
	const char *key;
	const char *href;
	unsigned roles; /* 0: everyone logged in */
} NAV[] = {
	{ "nav.home", "/", 0 },
	{ "nav.requests", "/requests",
	  1u << ROLE_INTAKE | 1u << ROLE_REGIONAL_MANAGER | 1u << ROLE_COORDINATOR },
	{ "nav.new_request", "/requests/new", 1u << ROLE_INTAKE | 1u << ROLE_REGIONAL_MANAGER },
	{ "nav.coordinators", "/coordinators", 1u << ROLE_ADMIN | 1u << ROLE_REGIONAL_MANAGER },
	{ "nav.reports", "/reports",
	  1u << ROLE_ADMIN | 1u << ROLE_REGIONAL_MANAGER | 1u << ROLE_FUNDER | 1u << ROLE_RESEARCHER },
	{ "nav.budgets", "/budgets", 1u << ROLE_ADMIN | 1u << ROLE_REGIONAL_MANAGER | 1u << ROLE_FUNDER },
	{ "nav.invoices", "/invoices", 1u << ROLE_ADMIN | 1u << ROLE_REGIONAL_MANAGER | 1u << ROLE_FUNDER },
	{ "nav.availability", "/availability", 1u << ROLE_COORDINATOR },
	{ "nav.admin", "/admin", 1u << ROLE_ADMIN },
};

static void header(struct page *p, const char *current)
{
	struct html *h = &p->h;
	html_lit(h, "<header class=\"utrecht-page-header kring-header\"><div class=\"kring-header__inner\">"
		    "<a class=\"kring-brand\" href=\"/\">kring</a>");
	if (p->req->user) {
		html_lit(h, "<nav class=\"kring-nav\"");
		html_attr_kv(h, "aria-label", T(p, "nav.label"));
		html_lit(h, "><ul class=\"kring-nav__list\">");
		for (size_t i = 0; i < sizeof NAV / sizeof NAV[0]; i++) {
			if (NAV[i].roles && !(NAV[i].roles & p->roles))
				continue;
			bool cur = current && strcmp(current, NAV[i].key) == 0;
			html_lit(h, "<li class=\"kring-nav__item\"><a class=\"kring-nav__link\"");
			html_attr_kv(h, "href", NAV[i].href);
			if (cur)
				html_lit(h, " aria-current=\"page\"");
			html_lit(h, ">");
			page_t(p, NAV[i].key);
			html_lit(h, "</a></li>");
		}
		html_lit(h, "</ul></nav><div class=\"kring-user\"><a class=\"utrecht-link kring-user__name\" href=\"/account\"");
		if (current && strcmp(current, "nav.account") == 0)
			html_lit(h, " aria-current=\"page\"");
		html_lit(h, ">");
		html_text(h, json_string_value(json_object_get(p->req->user, "display_name")));
		html_lit(h, "<span class=\"kring-visually-hidden\"> (");
		page_t(p, "nav.account");
		html_lit(h, ")</span></a><form method=\"post\" action=\"/logout\" class=\"kring-logout\">");
		page_csrf_field(p);
		html_lit(h, "<button type=\"submit\" class=\"utrecht-button utrecht-button--subtle kring-button-small\">");
		page_t(p, "nav.logout");
		html_lit(h, "</button></form></div>");
	}
	html_lit(h, "</div></header>");
}

static void open_common(struct page *p, const char *title, const char *nav, bool h1)
{
	struct html *h = &p->h;
	html_lit(h, "<!DOCTYPE html><html");
	html_attr_kv(h, "lang", i18n_code(p->lang));
	html_lit(h, "><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\"><title>");
	html_text(h, title);
	html_lit(h, " &ndash; kring</title>");
	stylesheet(p, "/static/utrecht-theme.css");
	stylesheet(p, "/static/utrecht-components.css");
	stylesheet(p, "/static/kring.css");
	const struct static_file *js = static_find("/static/kring.js");
	html_lit(h, "<script defer src=\"/static/kring.js");
	if (js) {
		html_lit(h, "?v=");
		html_url(h, js->version);
	}
	html_lit(h, "\"></script></head><body class=\"utrecht-theme utrecht-document utrecht-body kring\">"
		    "<a class=\"utrecht-skip-link kring-skip\" href=\"#main\">");
	page_t(p, "nav.skip");
	html_lit(h, "</a>");
	header(p, nav);
	html_lit(h, "<main id=\"main\" class=\"kring-main\" tabindex=\"-1\">");
	if (h1) {
		html_lit(h, "<h1 class=\"utrecht-heading-1\">");
		html_text(h, title);
		html_lit(h, "</h1>");
	}
}

void page_open(struct page *p, const char *title, const char *nav)
{
	open_common(p, title, nav, true);
}

void page_open_noh1(struct page *p, const char *title, const char *nav)
{
	open_common(p, title, nav, false);
}

void page_close(struct page *p)
{
	struct html *h = &p->h;
	html_lit(h, "</main><footer class=\"utrecht-page-footer kring-footer\"><div class=\"kring-footer__inner\">"
		    "<ul class=\"kring-footer__links\"><li><a class=\"utrecht-link\" href=\"/accessibility\">");
	page_t(p, "nav.accessibility");
	html_lit(h, "</a></li><li><a class=\"utrecht-link\" href=\"/privacy\">");
	page_t(p, "nav.privacy");
	html_lit(h, "</a></li></ul></div></footer></body></html>");
}

/* ---- answers other than a page ------------------------------------------------------ */

void page_redirect(struct page *p, const char *location)
{
	/* only a path of kring's own: never another site */
	if (!location || location[0] != '/' || location[1] == '/' || location[1] == '\\')
		location = "/";
	p->resp->status = 303;
	snprintf(p->resp->location, sizeof p->resp->location, "%s", location);
}

void page_redirectf(struct page *p, const char *fmt, ...)
{
	char loc[sizeof p->resp->location];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(loc, sizeof loc, fmt, ap);
	va_end(ap);
	page_redirect(p, loc);
}

static void error_page(struct page *p, int status, const char *title_key, const char *text)
{
	html_release(&p->h);
	html_init(&p->h, PAGE_MAX_BYTES);
	p->resp->status = status;
	p->resp->location[0] = '\0';
	page_open(p, T(p, title_key), NULL);
	html_lit(&p->h, "<p class=\"utrecht-paragraph\">");
	html_text(&p->h, text);
	html_lit(&p->h, "</p><p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/\">");
	page_t(p, "error.to_start");
	html_lit(&p->h, "</a></p>");
	page_close(p);
}

void page_fail_key(struct page *p, int status, const char *key)
{
	char title[32];
	snprintf(title, sizeof title, "error.title_%d", status);
	error_page(p, status, tr_maybe(p->lang, title) ? title : "error.title", T(p, key));
}

void page_fail(struct page *p, const struct svc_error *err)
{
	char key[64];
	snprintf(key, sizeof key, "error.page_%d", err->status);
	if (!tr_maybe(p->lang, key))
		snprintf(key, sizeof key, "error.page_other");
	if (err->status == 503)
		p->resp->retry_after = 2;
	page_fail_key(p, err->status, key);
}

/* ---- small pieces ------------------------------------------------------------------- */

void page_t(struct page *p, const char *key)
{
	html_text(&p->h, T(p, key));
}

void page_tf(struct page *p, const char *key, const char *a1, const char *a2)
{
	char text[2048];
	tr_format(p->lang, key, a1, a2, text, sizeof text);
	html_text(&p->h, text);
}

void page_date(struct page *p, const char *iso)
{
	char out[32];
	i18n_date(p->lang, iso, out);
	html_text(&p->h, out);
}

void page_timestamp(struct page *p, const char *iso)
{
	char out[40];
	i18n_timestamp(p->lang, iso, out);
	html_text(&p->h, out);
}

void page_money(struct page *p, int64_t cents)
{
	char out[40];
	i18n_money(p->lang, cents, out);
	html_text(&p->h, out);
}

const char *page_query(struct page *p, const char *name)
{
	return MHD_lookup_connection_value(p->req->conn, MHD_GET_ARGUMENT_KIND, name);
}

bool page_has_role(const struct page *p, enum role r)
{
	return (p->roles & (1u << r)) != 0;
}

void page_csrf_field(struct page *p)
{
	html_lit(&p->h, "<input type=\"hidden\" name=\"csrf\"");
	html_attr_kv(&p->h, "value", p->csrf);
	html_lit(&p->h, ">");
}

void page_alert(struct page *p, const char *kind, const char *text)
{
	struct html *h = &p->h;
	bool urgent = strcmp(kind, "error") == 0;
	html_lit(h, "<div class=\"utrecht-alert utrecht-alert--");
	html_attr(h, kind);
	html_lit(h, " kring-alert\"");
	if (urgent)
		html_lit(h, " role=\"alert\">");
	else
		html_lit(h, " role=\"status\">");
	html_lit(h, "<div class=\"utrecht-alert__content\"><p class=\"utrecht-paragraph\">");
	html_text(h, text);
	html_lit(h, "</p></div></div>");
}

void page_button_link(struct page *p, const char *href, const char *label, bool primary)
{
	struct html *h = &p->h;
	html_lit(h, "<a class=\"utrecht-button-link utrecht-button-link--html-a ");
	if (primary)
		html_lit(h, "utrecht-button-link--primary-action\"");
	else
		html_lit(h, "utrecht-button-link--secondary-action\"");
	html_attr_kv(h, "href", href);
	html_lit(h, ">");
	html_text(h, label);
	html_lit(h, "</a>");
}

void page_saved_notice(struct page *p)
{
	const char *what = page_query(p, "saved");
	char key[80];
	if (!what || strlen(what) > 40)
		return;
	for (const char *c = what; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || *c == '_' || *c == '-'))
			return;
	snprintf(key, sizeof key, "saved.%s", what);
	const char *t = tr_maybe(p->lang, key);
	if (t)
		page_alert(p, "ok", t);
}

const char *jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

int64_t jint(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

int64_t page_form_version(struct page *p, int64_t min)
{
	int64_t v = -1;
	const char *s = form_get(&p->form, "version");
	if (!s || parse_int64(s, min, INT64_MAX, &v) < 0)
		return -1;
	return v;
}

void page_role_names(struct page *p, const json_t *roles)
{
	size_t i;
	json_t *r;
	json_array_foreach(roles, i, r) {
		char key[64];
		if (i)
			html_lit(&p->h, ", ");
		snprintf(key, sizeof key, "account.role.%s", json_string_value(r) ? json_string_value(r) : "");
		const char *t = tr_maybe(p->lang, key);
		html_text(&p->h, t ? t : json_string_value(r));
	}
}

void page_form_end(struct page *p, const char *label, const char *cancel_href)
{
	struct html *h = &p->h;
	html_lit(h, "<div class=\"kring-actions\"><button type=\"submit\" class=\"utrecht-button "
		    "utrecht-button--primary-action\">");
	html_text(h, label);
	html_lit(h, "</button><a class=\"utrecht-link\"");
	html_attr_kv(h, "href", cancel_href);
	html_lit(h, ">");
	page_t(p, "common.cancel");
	html_lit(h, "</a></div></form>");
}

const char *page_error_text(struct page *p, const char *code)
{
	return tr3_maybe(p->lang, "error", code, NULL);
}
