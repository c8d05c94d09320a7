/* Reading and checking what comes with an API request: body, headers. */
#include "web/api/api.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"

#include <sodium.h>

int api_body(struct http_req *req, struct http_resp *resp, json_t **out)
{
	*out = NULL;
	const char *ct = http_header(req, "Content-Type");
	if (req->body_len == 0 && !ct) {
		/* an action without input may be posted with no body at all */
		*out = json_object();
		return 0;
	}
	if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' ')) {
		problem(resp, 415, "unsupported_media_type", "Content-Type",
			"send the body as application/json");
		return -1;
	}
	if (!utf8_valid(req->body, req->body_len)) {
		problem(resp, 400, "invalid_utf8", NULL, "the body is not valid UTF-8");
		return -1;
	}
	json_error_t jerr;
	json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (!j) {
		problem(resp, 400, "malformed_json", NULL, "the body is not valid JSON: %s (line %d, column %d)",
			jerr.text, jerr.line, jerr.column);
		return -1;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		problem(resp, 422, "not_an_object", NULL, "the body must be a JSON object");
		return -1;
	}
	*out = j;
	return 0;
}

int api_if_match(struct http_req *req, struct http_resp *resp, bool required, int64_t *version)
{
	*version = -1;
	const char *h = http_header(req, "If-Match");
	if (!h) {
		if (!required)
			return 1;
		problem(resp, 428, "if_match_required", "If-Match",
			"send If-Match with the version you read (the ETag) to change this record");
		return -1;
	}
	char num[24];
	size_t len = strlen(h);
	int weak = 0;
	if (len > 2 && h[0] == 'W' && h[1] == '/') {
		/* If-Match compares strongly: a weak tag never matches */
		weak = 1;
		h += 2;
		len -= 2;
	}
	if (len >= 2 && h[0] == '"' && h[len - 1] == '"') {
		h++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(num)) {
		problem(resp, 400, "bad_header", "If-Match", "If-Match must be a version such as \"3\"");
		return -1;
	}
	memcpy(num, h, len);
	num[len] = '\0';
	if (parse_int64(num, 0, INT64_MAX, version) < 0) {
		problem(resp, 400, "bad_header", "If-Match", "If-Match must be a version such as \"3\"");
		return -1;
	}
	if (weak)
		*version = 0; /* versions start at 1: matches nothing */
	return 0;
}

/* FNV-1a, 64 bits: tells one request body from another for the same key */
static uint64_t fnv1a(uint64_t h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int api_idem(struct http_req *req, struct http_resp *resp, struct svc_idem *idem,
	     char *scope, size_t scopelen, char *fp, size_t fplen)
{
	memset(idem, 0, sizeof(*idem));
	const char *key = http_header(req, "Idempotency-Key");
	if (!key)
		return 0;
	size_t len = strlen(key);
	int ok = len >= 1 && len <= 200;
	for (size_t i = 0; ok && i < len; i++)
		if (key[i] < 0x21 || key[i] > 0x7e)
			ok = 0;
	if (!ok) {
		problem(resp, 400, "bad_header", "Idempotency-Key",
			"Idempotency-Key must be 1 to 200 visible ASCII characters");
		return -1;
	}
	/* a key belongs to the account that sent it: another account's key never
	 * replays an answer to it */
	const char *who = req->user ? json_string_value(json_object_get(req->user, "username")) : NULL;
	snprintf(scope, scopelen, "%s %s by %s", req->method, req->path, who ? who : "-");
	uint64_t h = fnv1a(14695981039346656037ULL, scope, strlen(scope));
	h = fnv1a(h, req->body ? req->body : "", req->body_len);
	snprintf(fp, fplen, "%016llx:%zu", (unsigned long long)h, req->body_len);
	idem->key = key;
	idem->scope = scope;
	idem->fingerprint = fp;
	return 0;
}

/* a browser session changes nothing without its CSRF token: a form or
 * script of another site may make the browser send the cookie (SameSite
 * already stops most), never the token */
static int csrf_ok(struct http_req *req, struct http_resp *resp)
{
	char want[65];
	const char *m = req->method;
	if (!req->via_cookie || strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0)
		return 0;
	const char *got = http_header(req, CSRF_HEADER);
	svc_csrf_token(req->token, want);
	if (got && want[0] && strlen(got) == 64 && sodium_memcmp(got, want, 64) == 0)
		return 0;
	problem(resp, 403, "csrf_failed", CSRF_HEADER,
		"send the session's CSRF token (csrf_token of POST or GET /api/v1/session) in %s", CSRF_HEADER);
	return -1;
}

int api_svc(struct http_req *req, struct http_resp *resp, struct svc *s)
{
	if (csrf_ok(req, resp) < 0)
		return -1;
	s->st = req->st;
	s->actor = "";
	s->role = "";
	s->address = req->address;
	s->user = req->user;
	if (req->user) {
		s->actor = json_string_value(json_object_get(req->user, "username"));
		/* the roles the account holds, comma-separated */
		size_t used = 0;
		size_t i;
		json_t *r;
		req->roles[0] = '\0';
		json_array_foreach(json_object_get(req->user, "roles"), i, r) {
			int n = snprintf(req->roles + used, sizeof req->roles - used, "%s%s", used ? "," : "",
					 json_string_value(r));
			if (n < 0 || (size_t)n >= sizeof req->roles - used)
				break;
			used += (size_t)n;
		}
		s->role = req->roles;
	}
	return 0;
}

void api_fail(struct http_resp *resp, const struct svc_error *err)
{
	problem(resp, err->status, err->code, err->field, "%s", err->detail);
}

void api_record(struct http_resp *resp, int status, json_t *rec)
{
	json_decref(resp->json);
	resp->status = status;
	resp->json = rec;
	json_t *v = json_object_get(rec, "version");
	if (json_is_integer(v))
		snprintf(resp->etag, sizeof(resp->etag), "\"%lld\"", (long long)json_integer_value(v));
}
