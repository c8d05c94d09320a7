/* Logging in and out: the browser's session (a cookie) and API tokens. */
#include "web/api/api.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

/* username and password from the body; -1 after answering */
static int credentials(struct http_req *req, struct http_resp *resp, json_t **body, struct svc_login *in)
{
	if (api_body(req, resp, body) < 0)
		return -1;
	json_t *u = json_object_get(*body, "username"), *p = json_object_get(*body, "password");
	json_t *l = json_object_get(*body, "label"), *c = json_object_get(*body, "code");
	if (!json_is_string(u) || !json_string_length(u)) {
		problem(resp, 422, json_is_string(u) || !u ? "required" : "wrong_type", "username", "give the user name");
		return -1;
	}
	if (!json_is_string(p) || !json_string_length(p)) {
		problem(resp, 422, json_is_string(p) || !p ? "required" : "wrong_type", "password", "give the password");
		return -1;
	}
	if (l && (!json_is_string(l) || json_string_length(l) > 100)) {
		problem(resp, 422, "wrong_type", "label", "label is a text of at most 100 bytes");
		return -1;
	}
	if (c && (!json_is_string(c) || json_string_length(c) > 64)) {
		problem(resp, 422, "wrong_type", "code", "code is the text of a one-time code");
		return -1;
	}
	in->code = c ? json_string_value(c) : NULL;
	in->username = json_string_value(u);
	in->password = json_string_value(p);
	in->label = l ? json_string_value(l) : NULL;
	in->address = req->address;
	return 0;
}

static void login_failed(struct http_resp *resp, const struct svc_error *err)
{
	api_fail(resp, err);
	if (err->status == 429) {
		long long secs = 0;
		const char *in = strstr(err->detail, "try again in ");
		if (in && sscanf(in, "try again in %lld", &secs) == 1 && secs > 0)
			resp->retry_after = secs > 900 ? 900 : (int)secs;
	}
	if (err->status == 401)
		resp->authenticate = 1;
}

static json_t *session_view(const json_t *user, const json_t *session)
{
	return json_pack("{s:O, s:{s:O, s:O, s:O}}", "user", user, "session", "kind",
			 json_object_get(session, "kind"), "expires_at", json_object_get(session, "expires_at"),
			 "last_seen_at", json_object_get(session, "last_seen_at"));
}

/*
 * A login. The browser's (POST /api/v1/session) gets its token only in the
 * HttpOnly cookie and the CSRF token in the body; an API client's (POST
 * /api/v1/tokens) gets the token in the body, shown this once.
 */
static void open_session(struct http_req *req, struct http_resp *resp, const char *kind)
{
	struct svc_login in = { .kind = kind };
	struct svc s;
	struct svc_error err;
	json_t *body = NULL, *user = NULL, *session = NULL;
	char token[SVC_TOKEN_LEN], csrf[65];
	bool browser = strcmp(kind, "browser") == 0;

	if (credentials(req, resp, &body, &in) < 0 || api_svc(req, resp, &s) < 0)
		goto done;
	if (svc_login(&s, &in, token, &user, &session, &err) < 0) {
		login_failed(resp, &err);
		goto done;
	}
	resp->status = 201;
	resp->json = session_view(user, session);
	if (browser) {
		snprintf(resp->set_cookie, sizeof resp->set_cookie,
			 "%s=%s; Path=/; HttpOnly; Secure; SameSite=Strict", SESSION_COOKIE, token);
		svc_csrf_token(token, csrf);
		if (resp->json)
			json_object_set_new(resp->json, "csrf_token", json_string(csrf));
	} else if (resp->json) {
		json_object_set_new(resp->json, "token", json_string(token));
	}
	sodium_memzero(token, sizeof token);
done:
	json_decref(body);
	json_decref(user);
	json_decref(session);
}

/* POST /api/v1/session {username, password, code?} */
void api_session_open(struct http_req *req, struct http_resp *resp)
{
	open_session(req, resp, "browser");
}

/* POST /api/v1/tokens {username, password, code?, label?} */
void api_token_open(struct http_req *req, struct http_resp *resp)
{
	open_session(req, resp, "api");
}

/* GET /api/v1/session: who is logged in */
void api_session_get(struct http_req *req, struct http_resp *resp)
{
	resp->status = 200;
	resp->json = json_pack("{s:O}", "user", req->user);
	if (resp->json && req->via_cookie) {
		char csrf[65];
		svc_csrf_token(req->token, csrf);
		json_object_set_new(resp->json, "csrf_token", json_string(csrf));
	}
}

/* DELETE /api/v1/session: log out (the cookie's session, or the bearer token) */
void api_session_end(struct http_req *req, struct http_resp *resp)
{
	struct svc s;
	struct svc_error err;
	if (api_svc(req, resp, &s) < 0)
		return;
	if (svc_logout(&s, req->token, &err) < 0) {
		api_fail(resp, &err);
		return;
	}
	snprintf(resp->set_cookie, sizeof resp->set_cookie,
		 "%s=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0", SESSION_COOKIE);
	resp->status = 204;
}
