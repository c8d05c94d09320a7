/*
 * Logging in and out, and my account: name and language, the password, the
 * second factor.
 *
 * The account services (service/accounts.c) check no role: they were
 * written for the command line, where s->user is NULL. So these pages only
 * ever change the account that is logged in, and only what a person may
 * change about themself (display name, language, password, second factor);
 * the admin pages (admin.c) check the admin role themselves.
 */
#include "web/pages/pages.h"
#include "web/pages/fields.h"
#include "web/pages/page.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

#define SESSION_COOKIE_CLEAR SESSION_COOKIE "=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0"

/* ---- small pieces of forms ------------------------------------------------- */

/* a text or password box with its label, hint and error */
static void input_field(struct page *p, const char *name, const char *type, const char *label,
			const char *hint, const char *value, const char *error, const char *autocomplete,
			bool required)
{
	struct html *h = &p->h;
	fields_own_open(p, error != NULL);
	fields_own_head(p, name, label, hint, error, false);
	html_lit(h, "<input class=\"utrecht-textbox utrecht-textbox--html-input\"");
	html_attr_kv(h, "type", type);
	html_attr_kv(h, "name", name);
	if (value)
		html_attr_kv(h, "value", value);
	if (autocomplete)
		html_attr_kv(h, "autocomplete", autocomplete);
	if (strcmp(type, "text") == 0 || strcmp(type, "password") == 0)
		html_lit(h, " autocapitalize=\"none\" spellcheck=\"false\"");
	if (required)
		html_lit(h, " required aria-required=\"true\"");
	fields_own_attrs(p, name, hint != NULL, error != NULL);
	html_lit(h, "></div>");
}

static const char *err_of(const json_t *errors, const char *name)
{
	return json_string_value(json_object_get(errors, name));
}

static void set_error(struct page *p, json_t *errors, const char *field, const char *key)
{
	json_object_set_new(errors, field, json_string(T(p, key)));
}

/* the seconds to wait from a 429's sentence ("... try again in N seconds") */
static long long wait_seconds(const struct svc_error *err)
{
	long long secs = 0;
	const char *in = strstr(err->detail, "try again in ");
	if (!in || sscanf(in, "try again in %lld", &secs) != 1 || secs < 1)
		secs = 1;
	return secs;
}

/* "wait N seconds / M minutes" in the page's language, into out */
static void wait_text(struct page *p, long long secs, char *out, size_t len)
{
	char n[32];
	snprintf(n, sizeof n, "%lld", secs < 120 ? secs : (secs + 59) / 60);
	tr_format(p->lang, secs < 120 ? "login.wait_seconds" : "login.wait_minutes", n, NULL, out, len);
}

/* "too many tries, wait N" for a 429 into out, with its status and Retry-After */
static void too_many(struct page *p, const struct svc_error *err, char *out, size_t len)
{
	char wait[160];
	long long secs = wait_seconds(err);
	wait_text(p, secs, wait, sizeof wait);
	snprintf(out, len, "%s %s", T(p, "login.too_many"), wait);
	p->resp->retry_after = secs > 900 ? 900 : (int)secs;
	p->resp->status = 429;
}

/* ---- logging in --------------------------------------------------------------------- */

/* the page to return to after logging in: only a path of kring's own */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 100)
		return NULL;
	for (const char *c = next; *c; c++)
		if ((unsigned char)*c < 0x21 || *c == 0x7f || *c == '\\')
			return NULL;
	return next;
}

struct login_state {
	const char *username; /* as typed */
	const char *next;
	const char *message;  /* the alert at the top (an error), or NULL */
	const char *code_error;
	bool code_open;       /* the second factor's field shown open */
	json_t *errors;       /* field -> message (username, password) */
};

static void login_form(struct page *p, const struct login_state *st)
{
	struct html *h = &p->h;
	page_open(p, T(p, "login.title"), NULL);
	if (!st->message) {
		const char *saved = page_query(p, "saved");
		if (saved && strcmp(saved, "logout") == 0)
			page_alert(p, "ok", T(p, "login.saved_logout"));
		else if (saved && strcmp(saved, "password") == 0)
			page_alert(p, "ok", T(p, "login.saved_password"));
		else if (saved && strcmp(saved, "expired") == 0)
			page_alert(p, "info", T(p, "login.saved_expired"));
	}
	if (st->message)
		page_alert(p, "error", st->message);
	static const char *const names[] = { "username", "password", NULL };
	static const char *const labels[] = { "login.username", "login.password", NULL };
	fields_own_error_summary(p, st->errors, names, labels);
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_t(p, "login.intro");
	html_lit(h, "</p><form method=\"post\" action=\"/login\" class=\"kring-form\">");
	if (st->next) {
		html_lit(h, "<input type=\"hidden\" name=\"next\"");
		html_attr_kv(h, "value", st->next);
		html_lit(h, ">");
	}
	input_field(p, "username", "text", T(p, "login.username"), NULL, st->username,
		    err_of(st->errors, "username"), "username", true);
	input_field(p, "password", "password", T(p, "login.password"), NULL, NULL,
		    err_of(st->errors, "password"), "current-password", true);
	/* the second factor: asked for when the account has one; open at once
	 * for whoever knows they need it */
	html_lit(h, "<details class=\"kring-field\"");
	if (st->code_open)
		html_lit(h, " open");
	html_lit(h, "><summary>");
	page_t(p, "login.code_summary");
	html_lit(h, "</summary>");
	input_field(p, "code", "text", T(p, "login.code"), T(p, "login.code_hint"), NULL, st->code_error,
		    "one-time-code", false);
	html_lit(h, "</details><div class=\"kring-actions\"><button type=\"submit\" class=\"utrecht-button "
		    "utrecht-button--primary-action\">");
	page_t(p, "login.submit");
	html_lit(h, "</button></div></form><p class=\"utrecht-paragraph\">");
	page_t(p, "login.forgot");
	html_lit(h, "</p>");
	page_close(p);
}

/*
 * Setting up the second factor while logging in, for an account that needs
 * one and has none: the secret to put into an authenticator app (as text,
 * and as an otpauth: link that opens the app on a phone), and the app's
 * first code with the password again. The secret travels in a hidden
 * field: it is shown on this page anyway, and it only counts together with
 * the password and a code made from it.
 */
static void enrol_form(struct page *p, const char *username, const char *next, const char *secret,
		       const char *code_error)
{
	struct html *h = &p->h;
	char uri[SVC_TOTP_URI_LEN];
	snprintf(uri, sizeof uri, "otpauth://totp/kring:%s?secret=%s&issuer=kring&digits=6&period=30", username,
		 secret);
	page_open(p, T(p, "login.enrol_title"), NULL);
	if (code_error)
		page_alert(p, "error", code_error);
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_t(p, "login.enrol_intro");
	html_lit(h, "</p><ol class=\"utrecht-ordered-list\"><li class=\"utrecht-ordered-list__item\">");
	page_t(p, "login.enrol_step_app");
	html_lit(h, "</li><li class=\"utrecht-ordered-list__item\">");
	page_t(p, "login.enrol_step_key");
	html_lit(h, "<br><code class=\"utrecht-code kring-secret\">");
	for (size_t i = 0; secret[i]; i += 4) {
		char group[6];
		snprintf(group, sizeof group, "%.4s", secret + i);
		if (i)
			html_lit(h, " ");
		html_text(h, group);
	}
	html_lit(h, "</code><br><a class=\"utrecht-link\"");
	html_attr_kv(h, "href", uri);
	html_lit(h, ">");
	page_t(p, "login.enrol_link");
	html_lit(h, "</a></li><li class=\"utrecht-ordered-list__item\">");
	page_t(p, "login.enrol_step_code");
	html_lit(h, "</li></ol><form method=\"post\" action=\"/login\" class=\"kring-form\">");
	html_lit(h, "<input type=\"hidden\" name=\"username\"");
	html_attr_kv(h, "value", username);
	html_lit(h, "><input type=\"hidden\" name=\"new_secret\"");
	html_attr_kv(h, "value", secret);
	html_lit(h, ">");
	if (next) {
		html_lit(h, "<input type=\"hidden\" name=\"next\"");
		html_attr_kv(h, "value", next);
		html_lit(h, ">");
	}
	input_field(p, "password", "password", T(p, "login.enrol_password"), NULL, NULL, NULL, "current-password",
		    true);
	input_field(p, "code", "text", T(p, "login.enrol_code"), T(p, "login.enrol_code_hint"), NULL, code_error,
		    "one-time-code", true);
	html_lit(h, "<div class=\"kring-actions\"><button type=\"submit\" class=\"utrecht-button "
		    "utrecht-button--primary-action\">");
	page_t(p, "login.enrol_submit");
	html_lit(h, "</button></div></form>");
	page_close(p);
}

/* the recovery codes of a second factor just set up: shown this once */
static void enrolled_page(struct page *p, const json_t *codes, const char *next)
{
	struct html *h = &p->h;
	page_open(p, T(p, "login.enrolled_title"), NULL);
	page_alert(p, "ok", T(p, "login.enrolled_ok"));
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_t(p, "login.enrolled_intro");
	html_lit(h, "</p><ul class=\"utrecht-unordered-list kring-codes\">");
	size_t i;
	json_t *c;
	json_array_foreach(codes, i, c) {
		html_lit(h, "<li class=\"utrecht-unordered-list__item\"><code class=\"utrecht-code\">");
		html_text(h, json_string_value(c));
		html_lit(h, "</code></li>");
	}
	html_lit(h, "</ul><p class=\"kring-actions\">");
	page_button_link(p, next ? next : "/", T(p, "login.enrolled_continue"), true);
	html_lit(h, "</p>");
	page_close(p);
}

void page_login_get(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	const char *next = safe_next(page_query(&p, "next"));
	if (req->user) {
		page_redirect(&p, next ? next : "/");
		page_end(&p);
		return;
	}
	struct login_state st = { .next = next };
	login_form(&p, &st);
	page_end(&p);
}

/* does the Origin header, when the browser sent one, name this host? (a
 * page of another site must not log the browser in to an account of its
 * choosing) */
static bool same_origin(struct page *p)
{
	const char *origin = http_header(p->req, "Origin");
	const char *host = http_header(p->req, "Host");
	if (!origin)
		return true;
	const char *rest = NULL;
	if (strncmp(origin, "https://", 8) == 0)
		rest = origin + 8;
	else if (strncmp(origin, "http://", 7) == 0)
		rest = origin + 7;
	if (!rest || !host || !host[0])
		return false;
	if (strcmp(rest, host) == 0)
		return true;
	/* a proxy may pass the host without its port (nginx's $host): then
	 * the names alone must match */
	const char *colon = strrchr(rest, ':');
	bool host_has_port = strchr(host, ':') && host[0] != '[';
	if (!colon || host_has_port || rest[0] == '[')
		return false;
	return strlen(host) == (size_t)(colon - rest) && strncmp(rest, host, (size_t)(colon - rest)) == 0;
}

void page_login_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	if (!same_origin(&p)) {
		page_fail_key(&p, 403, "login.other_origin");
		page_end(&p);
		return;
	}
	const char *username = form_get(&p.form, "username");
	const char *password = form_get(&p.form, "password");
	const char *code = form_get(&p.form, "code");
	char message[300];
	struct login_state st = { .username = username, .next = safe_next(form_get(&p.form, "next")),
				  .errors = json_object() };
	if (code && !code[0])
		code = NULL;
	if (!username || !username[0])
		set_error(&p, st.errors, "username", "login.username_required");
	if (!password || !password[0])
		set_error(&p, st.errors, "password", "login.password_required");
	if (json_object_size(st.errors)) {
		resp->status = 422;
		login_form(&p, &st);
		goto done;
	}
	const char *new_secret = form_get(&p.form, "new_secret");
	struct svc_login in = { .username = username, .password = password, .address = req->address,
				.kind = "browser", .code = code, .new_secret = new_secret };
	char token[SVC_TOKEN_LEN];
	json_t *user = NULL, *session = NULL, *codes = NULL;
	struct svc_error err;
	if (new_secret) {
		if (svc_login_enrol(&p.svc, &in, token, &user, &session, &codes, &err) == 0) {
			json_decref(user);
			json_decref(session);
			snprintf(resp->set_cookie, sizeof resp->set_cookie,
				 "%s=%s; Path=/; HttpOnly; Secure; SameSite=Strict", SESSION_COOKIE, token);
			sodium_memzero(token, sizeof token);
			enrolled_page(&p, codes, st.next);
			json_decref(codes);
			goto done;
		}
		if (err.status == 422 && strcmp(err.field, "code") == 0) {
			resp->status = 422;
			enrol_form(&p, username, st.next, new_secret, T(&p, "login.enrol_code_wrong"));
			goto done;
		}
	} else if (svc_login(&p.svc, &in, token, &user, &session, &err) == 0) {
		json_decref(user);
		json_decref(session);
		snprintf(resp->set_cookie, sizeof resp->set_cookie,
			 "%s=%s; Path=/; HttpOnly; Secure; SameSite=Strict", SESSION_COOKIE, token);
		sodium_memzero(token, sizeof token);
		page_redirect(&p, st.next ? st.next : "/");
		goto done;
	}
	if (err.status == 429) {
		too_many(&p, &err, message, sizeof message);
		st.message = message;
	} else if (err.status == 401 && strcmp(err.code, "second_factor_required") == 0) {
		resp->status = 401;
		st.message = T(&p, "login.code_needed");
		st.code_error = T(&p, "login.code_needed_field");
		st.code_open = true;
	} else if (err.status == 401 && strcmp(err.code, "second_factor_not_set_up") == 0) {
		/* the right password, and no second factor yet: set one up now */
		char secret[SVC_TOTP_SECRET_LEN], uri[SVC_TOTP_URI_LEN];
		resp->status = 401;
		if (svc_totp_secret(username, secret, uri) == 0) {
			enrol_form(&p, username, st.next, secret, NULL);
			sodium_memzero(secret, sizeof secret);
			goto done;
		}
		st.message = T(&p, "login.factor_not_set_up");
	} else if (err.status == 401 || err.status == 422) {
		/* a wrong name, password or code, a locked or disabled account, a
		 * name no account can have: one answer, that tells nothing more */
		resp->status = 401;
		st.message = T(&p, "login.failed");
		st.code_open = code != NULL;
	} else {
		page_fail(&p, &err);
		goto done;
	}
	login_form(&p, &st);
done:
	json_decref(st.errors);
	page_end(&p);
}

void page_logout(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	struct svc_error err;
	if (req->token && svc_logout(&p.svc, req->token, &err) < 0 && err.status != 401) {
		page_fail(&p, &err);
		page_end(&p);
		return;
	}
	snprintf(resp->set_cookie, sizeof resp->set_cookie, "%s", SESSION_COOKIE_CLEAR);
	page_redirect(&p, "/login?saved=logout");
	page_end(&p);
}

/* ---- my account ---------------------------------------------------------------------- */

static const char *user_str(const struct page *p, const char *name)
{
	return json_string_value(json_object_get(p->req->user, name));
}

/* Is password the logged-in account's password? 1 yes, 0 no (counted like
 * a failed login), -1 another failure (err; 429 while the account must wait) */
static int password_matches(struct page *p, const char *password, struct svc_error *err)
{
	if (svc_password_check(&p->svc, password, err) == 0)
		return 1;
	if (err->status == 401 || err->status == 422)
		return 0;
	return -1;
}

struct account_state {
	const char *show;       /* which form the errors belong to: "settings", "password", "factor" */
	json_t *errors;         /* field -> message */
	const char *display_name; /* as typed */
	const char *language;     /* as chosen */
	const char *message;    /* an alert above the forms */
};

/* the user's regions by name (as far as the account may read regions) */
static void region_names(struct page *p, const json_t *user)
{
	struct html *h = &p->h;
	if (json_is_true(json_object_get(user, "all_regions"))) {
		page_t(p, "account.all_regions");
		return;
	}
	const json_t *ids = json_object_get(user, "region_ids");
	if (json_array_size(ids) == 0) {
		html_lit(h, "&ndash;");
		return;
	}
	json_t *regions = NULL;
	struct svc_error err;
	struct svc_list_params lp = { .limit = 500 };
	if (svc_list(&p->svc, &ENTITY_REGION, 0, &lp, &regions, &err) < 0)
		regions = NULL;
	size_t i;
	json_t *id;
	json_array_foreach(ids, i, id) {
		const char *name = NULL;
		size_t k;
		json_t *rec;
		json_array_foreach(json_object_get(regions, "items"), k, rec) {
			if (json_integer_value(json_object_get(rec, "id")) == json_integer_value(id))
				name = json_string_value(json_object_get(rec, "name"));
		}
		if (i)
			html_lit(h, ", ");
		if (name)
			html_text(h, name);
		else
			html_lit(h, "#"), html_int(h, json_integer_value(id));
	}
	json_decref(regions);
}

static void dl_item(struct page *p, const char *label_key)
{
	html_lit(&p->h, "<div class=\"utrecht-data-list__item\"><dt class=\"utrecht-data-list__item-key\">");
	page_t(p, label_key);
	html_lit(&p->h, "</dt><dd class=\"utrecht-data-list__item-value\">");
}

static void submit(struct page *p, const char *label_key, bool primary)
{
	html_lit(&p->h, "<div class=\"kring-actions\"><button type=\"submit\" class=\"utrecht-button ");
	if (primary)
		html_lit(&p->h, "utrecht-button--primary-action\">");
	else
		html_lit(&p->h, "utrecht-button--secondary-action\">");
	page_t(p, label_key);
	html_lit(&p->h, "</button></div>");
}

static void account_page(struct page *p, const struct account_state *st)
{
	struct html *h = &p->h;
	const json_t *user = p->req->user;
	const json_t *none = NULL;
	const json_t *se = st && strcmp(st->show, "settings") == 0 ? st->errors : none;
	const json_t *pe = st && strcmp(st->show, "password") == 0 ? st->errors : none;
	const json_t *fe = st && strcmp(st->show, "factor") == 0 ? st->errors : none;

	page_open(p, T(p, "account.title"), "nav.account");
	if (!st) {
		const char *saved = page_query(p, "saved");
		if (saved && strcmp(saved, "settings") == 0)
			page_alert(p, "ok", T(p, "account.saved_settings"));
		else if (saved && strcmp(saved, "factor_removed") == 0)
			page_alert(p, "ok", T(p, "account.saved_factor_removed"));
	}
	if (st && st->message)
		page_alert(p, "error", st->message);

	/* who I am */
	html_lit(h, "<h2 class=\"utrecht-heading-2\">");
	page_t(p, "account.details");
	html_lit(h, "</h2><dl class=\"utrecht-data-list kring-data-list\">");
	dl_item(p, "account.display_name");
	html_text(h, user_str(p, "display_name"));
	html_lit(h, "</dd></div>");
	dl_item(p, "account.username");
	html_text(h, user_str(p, "username"));
	html_lit(h, "</dd></div>");
	dl_item(p, "account.roles");
	if (json_array_size(json_object_get(user, "roles")))
		page_role_names(p, json_object_get(user, "roles"));
	else
		html_lit(h, "&ndash;");
	html_lit(h, "</dd></div>");
	dl_item(p, "account.regions");
	region_names(p, user);
	html_lit(h, "</dd></div></dl>");

	/* name and language */
	html_lit(h, "<h2 class=\"utrecht-heading-2\" id=\"settings\">");
	page_t(p, "account.settings");
	html_lit(h, "</h2>");
	static const char *const snames[] = { "display_name", "language", "", NULL };
	static const char *const slabels[] = { "account.display_name", "account.language", "", NULL };
	fields_own_error_summary(p, se, snames, slabels);
	html_lit(h, "<form method=\"post\" action=\"/account\" class=\"kring-form\">");
	page_csrf_field(p);
	input_field(p, "display_name", "text", T(p, "account.display_name"), NULL,
		    st && st->display_name ? st->display_name : user_str(p, "display_name"),
		    err_of(se, "display_name"), "name", true);
	const char *lang = st && st->language ? st->language : user_str(p, "language");
	if (!lang)
		lang = i18n_code(p->lang);
	html_lit(h, "<div class=\"utrecht-form-field kring-field");
	if (err_of(se, "language"))
		html_lit(h, " utrecht-form-field--invalid");
	html_lit(h, "\"><fieldset class=\"utrecht-form-fieldset kring-fieldset\" id=\"f-language\" tabindex=\"-1\">"
		    "<legend class=\"utrecht-form-fieldset__legend utrecht-form-label\">");
	page_t(p, "account.language");
	html_lit(h, "</legend>");
	if (err_of(se, "language")) {
		html_lit(h, "<div class=\"utrecht-form-field-error-message\" id=\"e-language\">");
		html_text(h, err_of(se, "language"));
		html_lit(h, "</div>");
	}
	const char *const *codes = model_field(&ENTITY_USER, "language")->values;
	for (size_t i = 0; codes[i]; i++) {
		char key[32];
		snprintf(key, sizeof key, "account.language_%s", codes[i]);
		html_lit(h, "<div class=\"utrecht-form-field utrecht-form-field--radio kring-check\">"
			    "<input type=\"radio\" class=\"utrecht-radio-button utrecht-radio-button--html-input\" "
			    "name=\"language\"");
		html_attr_kv(h, "value", codes[i]);
		html_lit(h, " id=\"f-language-");
		html_attr(h, codes[i]);
		html_lit(h, "\"");
		if (strcmp(lang, codes[i]) == 0)
			html_lit(h, " checked");
		html_lit(h, "><label class=\"utrecht-form-label utrecht-form-label--radio\" for=\"f-language-");
		html_attr(h, codes[i]);
		html_lit(h, "\"");
		if (i18n_from_code(codes[i]) >= 0)
			html_attr_kv(h, "lang", codes[i]);
		html_lit(h, ">");
		page_t(p, key);
		html_lit(h, "</label></div>");
	}
	html_lit(h, "</fieldset></div>");
	submit(p, "account.save_settings", true);
	html_lit(h, "</form>");

	/* the password */
	html_lit(h, "<h2 class=\"utrecht-heading-2\" id=\"password\">");
	page_t(p, "account.password_title");
	html_lit(h, "</h2><p class=\"utrecht-paragraph\">");
	page_t(p, "account.password_intro");
	html_lit(h, "</p>");
	static const char *const pnames[] = { "current_password", "new_password", "new_password_again", "", NULL };
	static const char *const plabels[] = { "account.current_password", "account.new_password",
					       "account.new_password_again", "", NULL };
	fields_own_error_summary(p, pe, pnames, plabels);
	html_lit(h, "<form method=\"post\" action=\"/account/password\" class=\"kring-form\">");
	page_csrf_field(p);
	input_field(p, "current_password", "password", T(p, "account.current_password"), NULL, NULL,
		    err_of(pe, "current_password"), "current-password", true);
	input_field(p, "new_password", "password", T(p, "account.new_password"), T(p, "account.new_password_hint"),
		    NULL, err_of(pe, "new_password"), "new-password", true);
	input_field(p, "new_password_again", "password", T(p, "account.new_password_again"), NULL, NULL,
		    err_of(pe, "new_password_again"), "new-password", true);
	submit(p, "account.change_password", true);
	html_lit(h, "</form>");

	/* the second factor */
	bool has_factor = json_is_true(json_object_get(user, "second_factor"));
	html_lit(h, "<h2 class=\"utrecht-heading-2\" id=\"second-factor\">");
	page_t(p, "account.factor_title");
	html_lit(h, "</h2><p class=\"utrecht-paragraph\">");
	page_t(p, has_factor ? "account.factor_on" : "account.factor_off");
	html_lit(h, "</p><p class=\"utrecht-paragraph\">");
	page_t(p, "account.factor_intro");
	html_lit(h, "</p>");
	static const char *const fnames[] = { "factor_password", "", NULL };
	static const char *const flabels[] = { "account.current_password", "", NULL };
	fields_own_error_summary(p, fe, fnames, flabels);
	html_lit(h, "<form method=\"post\" action=\"/account/second-factor\" class=\"kring-form\">");
	page_csrf_field(p);
	input_field(p, "factor_password", "password", T(p, "account.current_password"),
		    T(p, "account.factor_password_hint"), NULL, err_of(fe, "factor_password"), "current-password", true);
	html_lit(h, "<div class=\"kring-actions\"><button type=\"submit\" name=\"do\" value=\"setup\" "
		    "class=\"utrecht-button utrecht-button--primary-action\">");
	page_t(p, has_factor ? "account.factor_renew" : "account.factor_setup");
	html_lit(h, "</button>");
	if (has_factor) {
		html_lit(h, "<button type=\"submit\" name=\"do\" value=\"remove\" "
			    "class=\"utrecht-button utrecht-button--secondary-action\">");
		page_t(p, "account.factor_remove");
		html_lit(h, "</button>");
	}
	html_lit(h, "</div>");
	if (has_factor) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "account.factor_remove_warning");
		html_lit(h, "</p>");
	}
	html_lit(h, "</form>");
	page_close(p);
}

void page_account(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	account_page(&p, NULL);
	page_end(&p);
}

/* POST /account: the name shown and the language */
void page_account_settings(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	const char *name = form_get(&p.form, "display_name");
	const char *lang = form_get(&p.form, "language");
	struct account_state st = { .show = "settings", .errors = json_object(), .display_name = name,
				    .language = lang };
	char trimmed[256];
	size_t n = 0;
	if (name) {
		while (*name == ' ' || *name == '\t')
			name++;
		snprintf(trimmed, sizeof trimmed, "%s", name);
		n = strlen(trimmed);
		while (n && (trimmed[n - 1] == ' ' || trimmed[n - 1] == '\t'))
			trimmed[--n] = '\0';
	}
	if (!name || !n)
		set_error(&p, st.errors, "display_name", "error.required");
	else if (strlen(name) > 200)
		set_error(&p, st.errors, "display_name", "error.too_long");
	if (!lang || model_enum_index(model_field(&ENTITY_USER, "language")->values, lang) < 0)
		set_error(&p, st.errors, "language", "account.language_required");
	if (json_object_size(st.errors) == 0) {
		json_t *changes = json_pack("{s:s, s:s}", "display_name", trimmed, "language", lang);
		json_t *out = NULL;
		struct svc_error err;
		int rc = changes ? svc_user_change(&p.svc, user_str(&p, "username"), changes, NULL, false, &out, &err)
				 : -1;
		json_decref(changes);
		json_decref(out);
		if (rc == 0) {
			page_redirect(&p, "/account?saved=settings");
			goto done;
		}
		if (!changes) {
			svc_error_set(&err, 500, "internal", "", "out of memory");
			page_fail(&p, &err);
			goto done;
		}
		if (err.status != 422) {
			page_fail(&p, &err);
			goto done;
		}
		const char *msg = page_error_text(&p, err.code);
		json_object_set_new(st.errors, strcmp(err.field, "language") == 0 ? "language" : "display_name",
				    json_string(msg ? msg : err.detail));
	}
	resp->status = 422;
	account_page(&p, &st);
done:
	json_decref(st.errors);
	page_end(&p);
}

/*
 * The current password, typed at field: 1 right, 0 wrong (the error set at
 * field), -1 after answering (too many tries: the page again with the wait
 * at field; else an error page)
 */
static int current_password(struct page *p, struct account_state *st, const char *field, const char *typed)
{
	struct svc_error err;
	int ok = password_matches(p, typed, &err);
	if (ok < 0 && err.status == 429) {
		char msg[300];
		too_many(p, &err, msg, sizeof msg);
		json_object_set_new(st->errors, field, json_string(msg));
		account_page(p, st);
		return -1;
	}
	if (ok < 0) {
		page_fail(p, &err);
		return -1;
	}
	if (ok == 0)
		set_error(p, st->errors, field, "account.current_wrong");
	return ok;
}

/* POST /account/password: the current password, the new one twice */
void page_account_password(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	const char *cur = form_get(&p.form, "current_password");
	const char *pw1 = form_get(&p.form, "new_password");
	const char *pw2 = form_get(&p.form, "new_password_again");
	struct account_state st = { .show = "password", .errors = json_object() };
	struct svc_error err;
	if (!cur || !cur[0])
		set_error(&p, st.errors, "current_password", "error.required");
	if (!pw1 || !pw1[0])
		set_error(&p, st.errors, "new_password", "error.required");
	else if (!pw2 || strcmp(pw1, pw2) != 0)
		set_error(&p, st.errors, "new_password_again", "account.password_mismatch");
	if (json_object_size(st.errors) == 0) {
		int ok = current_password(&p, &st, "current_password", cur);
		if (ok < 0)
			goto done;
		if (ok > 0) {
			json_t *out = NULL;
			if (svc_user_change(&p.svc, user_str(&p, "username"), NULL, pw1, false, &out, &err) == 0) {
				json_decref(out);
				/* a new password ends every session of the account, this one too */
				snprintf(resp->set_cookie, sizeof resp->set_cookie, "%s", SESSION_COOKIE_CLEAR);
				page_redirect(&p, "/login?saved=password");
				goto done;
			}
			if (err.status != 422) {
				page_fail(&p, &err);
				goto done;
			}
			set_error(&p, st.errors, "new_password", "account.password_rules");
		}
	}
	resp->status = 422;
	account_page(&p, &st);
done:
	json_decref(st.errors);
	page_end(&p);
}

/* the secret of an otpauth:// URI, in groups of four for typing */
static void secret_groups(const char *uri, char *out, size_t len)
{
	const char *s = strstr(uri, "secret=");
	size_t n = 0;
	out[0] = '\0';
	if (!s)
		return;
	s += 7;
	for (size_t i = 0; s[i] && s[i] != '&' && n + 2 < len; i++) {
		if (i && i % 4 == 0)
			out[n++] = ' ';
		out[n++] = s[i];
	}
	out[n] = '\0';
}

/* POST /account/second-factor: set one up (or a new one), or remove it */
void page_account_factor(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	struct html *h = &p.h;
	const char *what = form_get(&p.form, "do");
	const char *cur = form_get(&p.form, "factor_password");
	struct account_state st = { .show = "factor", .errors = json_object() };
	struct svc_error err;
	bool remove = what && strcmp(what, "remove") == 0;
	if (!what || (!remove && strcmp(what, "setup") != 0)) {
		page_fail_key(&p, 400, "error.page_400");
		goto done;
	}
	if (!cur || !cur[0]) {
		set_error(&p, st.errors, "factor_password", "error.required");
		resp->status = 422;
		account_page(&p, &st);
		goto done;
	}
	int ok = current_password(&p, &st, "factor_password", cur);
	if (ok < 0)
		goto done;
	if (ok == 0) {
		resp->status = 422;
		account_page(&p, &st);
		goto done;
	}
	char uri[SVC_TOTP_URI_LEN];
	json_t *codes = NULL;
	if (svc_user_totp(&p.svc, user_str(&p, "username"), remove, uri, &codes, &err) < 0) {
		page_fail(&p, &err);
		goto done;
	}
	if (remove) {
		json_decref(codes);
		page_redirect(&p, "/account?saved=factor_removed");
		goto done;
	}
	/* shown this once: the secret and the recovery codes are not kept as such */
	char secret[128];
	secret_groups(uri, secret, sizeof secret);
	page_open(&p, T(&p, "account.factor_done_title"), "nav.account");
	page_alert(&p, "ok", T(&p, "account.factor_done"));
	html_lit(h, "<h2 class=\"utrecht-heading-2\">");
	page_t(&p, "account.factor_app_title");
	html_lit(h, "</h2><p class=\"utrecht-paragraph\">");
	page_t(&p, "account.factor_app_text");
	html_lit(h, "</p><dl class=\"utrecht-data-list kring-data-list\">");
	dl_item(&p, "account.factor_account");
	html_lit(h, "kring:");
	html_text(h, user_str(&p, "username"));
	html_lit(h, "</dd></div>");
	dl_item(&p, "account.factor_key");
	html_lit(h, "<code class=\"utrecht-code\">");
	html_text(h, secret);
	html_lit(h, "</code></dd></div>");
	dl_item(&p, "account.factor_kind");
	page_t(&p, "account.factor_kind_value");
	html_lit(h, "</dd></div>");
	dl_item(&p, "account.factor_uri");
	html_lit(h, "<code class=\"utrecht-code\">");
	html_text(h, uri);
	html_lit(h, "</code></dd></div></dl><h2 class=\"utrecht-heading-2\">");
	page_t(&p, "account.factor_codes_title");
	html_lit(h, "</h2><p class=\"utrecht-paragraph\">");
	page_t(&p, "account.factor_codes_text");
	html_lit(h, "</p><ol class=\"utrecht-ordered-list kring-codes\">");
	size_t i;
	json_t *c;
	json_array_foreach(codes, i, c) {
		html_lit(h, "<li class=\"utrecht-ordered-list__item\"><code class=\"utrecht-code\">");
		html_text(h, json_string_value(c));
		html_lit(h, "</code></li>");
	}
	html_lit(h, "</ol><p class=\"utrecht-paragraph\">");
	page_t(&p, "account.factor_next");
	html_lit(h, "</p><p class=\"utrecht-paragraph\">");
	page_button_link(&p, "/account", T(&p, "account.factor_back"), true);
	html_lit(h, "</p>");
	page_close(&p);
	sodium_memzero(uri, sizeof uri);
	sodium_memzero(secret, sizeof secret);
	json_decref(codes);
done:
	json_decref(st.errors);
	page_end(&p);
}
