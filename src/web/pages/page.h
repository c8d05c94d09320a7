#ifndef KRING_WEB_PAGES_PAGE_H
#define KRING_WEB_PAGES_PAGE_H
/*
 * What every HTML page shares: the page context, the layout (head, header
 * with navigation, footer), the language, the CSRF token of forms,
 * redirects after a POST, and error pages. Page handlers (one file per page
 * group: home.c, requests.c, case.c, admin.c, account.c, info.c) call the
 * same services as the JSON API: there is no second path to the data.
 *
 * A handler looks like this:
 *
 *   void page_x(struct http_req *req, struct http_resp *resp)
 *   {
 *           struct page p;
 *           if (page_begin(&p, req, resp) < 0)
 *                   return;                      // already answered
 *           page_open(&p, T(&p, "x.title"), "nav.x");
 *           ... html_lit(&p.h, "<p>"); html_text(&p.h, value); ...
 *           page_close(&p);
 *           page_end(&p);
 *   }
 *
 * Every text comes from the catalogue (T, page_t); every value goes through
 * html_text/html_attr/html_url; markup is html_lit.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/policy.h"
#include "render/html.h"
#include "render/i18n.h"
#include "service/service.h"
#include "web/http.h"
#include "web/pages/form.h"

/* a page's size cap: a list page of 500 cases fits many times over */
#define PAGE_MAX_BYTES (4 * 1024 * 1024)

struct page {
	struct http_req *req;
	struct http_resp *resp;
	struct html h;      /* the page being written */
	enum lang lang;
	struct svc svc;     /* the account acting (svc.user NULL when logged out) */
	unsigned roles;     /* bit (1u << enum role) per role the account holds */
	char csrf[65];      /* this session's CSRF token ("" when logged out) */
	struct form form;   /* the posted form fields (POST), else empty */
};

/* the text of key in the page's language */
#define T(p, key) tr((p)->lang, (key))

/*
 * Start a page: the language (the account's, else Accept-Language), the
 * service context, and for a POST the form body (application/x-www-form-
 * urlencoded, UTF-8) with its CSRF token checked. Returns -1 after
 * answering (a 400/403 page); then the handler returns at once.
 */
int page_begin(struct page *p, struct http_req *req, struct http_resp *resp);
/* the same for the open pages (login, accessibility, privacy): no account
 * needed, no CSRF token checked */
int page_begin_open(struct page *p, struct http_req *req, struct http_resp *resp);
/* hand the written page to the response (status resp->status, 200 unless
 * set) and free what the page holds; call exactly once after page_begin */
void page_end(struct page *p);

/* <!doctype html> ... <header> with the navigation ... <main id="main">.
 * title is the text of <title> and <h1>; nav the key of the navigation item
 * to mark as current (or NULL) */
void page_open(struct page *p, const char *title, const char *nav);
/* the same without the <h1> (the page writes its own heading) */
void page_open_noh1(struct page *p, const char *title, const char *nav);
/* </main>, the footer, </body></html> */
void page_close(struct page *p);

/* answer 303 See Other to location (a path of kring's own); the page
 * written so far is dropped */
void page_redirect(struct page *p, const char *location);
/* the same with an id: printf-like "/requests/%lld" */
void page_redirectf(struct page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* a whole error page for a service error (404, 403, 409, 503 ...) with
 * the status set; drops what was written */
void page_fail(struct page *p, const struct svc_error *err);
/* a whole error page: status, and the catalogue key of the sentence */
void page_fail_key(struct page *p, int status, const char *key);

/* the message of a service error code (error.CODE) in the page's
 * language, or NULL when the catalogue has none */
const char *page_error_text(struct page *p, const char *code);
/* the catalogue text of key, escaped, into the page */
void page_t(struct page *p, const char *key);
/* the same with {1} and {2} replaced by the escaped args (NULL: none) */
void page_tf(struct page *p, const char *key, const char *a1, const char *a2);
/* a date, timestamp or amount written the page's language's way */
void page_date(struct page *p, const char *iso);
void page_timestamp(struct page *p, const char *iso);
void page_money(struct page *p, int64_t cents);
/* the label of an enum value of field fname of entity ename
 * (enum.ENTITY.FIELD.VALUE, else value.VALUE) */
const char *page_enum_label(struct page *p, const char *ename, const char *fname, const char *value);

/* member k of object o as a string (NULL when it is none) and as an
 * integer (0 when it is none) */
const char *jstr(const json_t *o, const char *k);
int64_t jint(const json_t *o, const char *k);

/* the names of the roles in roles (a JSON list of role codes), joined by
 * commas */
void page_role_names(struct page *p, const json_t *roles);

/* a query-string argument of the request, or NULL */
const char *page_query(struct page *p, const char *name);
/* does the account hold role r? */
bool page_has_role(const struct page *p, enum role r);
/* the posted form's hidden version field (the version a change is based
 * on): -1 when absent or not a whole number of at least min */
int64_t page_form_version(struct page *p, int64_t min);
/* <input type="hidden" name="csrf" value="..."> */
void page_csrf_field(struct page *p);
/* a message box: kind "ok", "info", "warning" or "error"; text escaped */
void page_alert(struct page *p, const char *kind, const char *text);
/* the end of a form: the primary submit button (label), a link to
 * cancel_href, </form> */
void page_form_end(struct page *p, const char *label, const char *cancel_href);
/* a link styled as a button: href is a path of kring's own, label a text */
void page_button_link(struct page *p, const char *href, const char *label, bool primary);
/* the "saved" confirmation a POST-redirect-GET leaves (?saved=KEY, where
 * KEY names a catalogue text under "saved."), or nothing */
void page_saved_notice(struct page *p);

#endif
