/*
 * libmicrohttpd glue: the epoll thread pool, one database handle per worker
 * thread, HTTPS when a certificate and key are given, the request body with
 * its size cap, and the response with the headers every answer carries.
 * Handlers see only struct http_req/resp.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/text.h"
#include "web/api/api.h"
#include "web/http.h"
#include "web/static_files.h"

#define MAX_PATH 1024
#define MAX_STORES 256

/* a certificate chain or a key larger than this is not one */
#define TLS_MAX_PEM (1024 * 1024)
/* TLS 1.2 and 1.3 only; AEAD ciphers only; in TLS 1.2 only key exchanges
 * with forward secrecy (no static RSA) */
#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:" \
	"-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:" \
	"-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:+DHE-RSA"
#define HSTS "max-age=31536000; includeSubDomains"
#define PAGE_CSP "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; " \
	"font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

/* set once before the daemon starts, read by the worker threads */
static bool serving_tls;

/* ---- one database handle per worker thread ------------------------------ */

static const char *db_url;
static _Thread_local struct store *thread_store;
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *stores[MAX_STORES];
static size_t nstores;

/* make st this thread's handle (closed at the end by close_stores) */
static struct store *adopt_store(struct store *st)
{
	pthread_mutex_lock(&stores_lock);
	if (nstores < MAX_STORES) {
		stores[nstores++] = st;
		thread_store = st;
	}
	pthread_mutex_unlock(&stores_lock);
	if (!thread_store)
		store_close(st);
	return thread_store;
}

static struct store *worker_store(void)
{
	if (thread_store)
		return thread_store;
	char err[256];
	struct store *st = NULL;
	if (store_open(db_url, &st, err, sizeof(err)) < 0) {
		log_error("db_open", "%s", err);
		return NULL;
	}
	return adopt_store(st);
}

static void close_stores(void)
{
	pthread_mutex_lock(&stores_lock);
	for (size_t i = 0; i < nstores; i++)
		store_close(stores[i]);
	nstores = 0;
	pthread_mutex_unlock(&stores_lock);
}

/* ---- request helpers ---------------------------------------------------- */

const char *http_header(struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}


/* ---- responses ------------------------------------------------------------ */

static enum MHD_Result send_response(struct MHD_Connection *conn, struct http_resp *resp)
{
	char *body = NULL;
	size_t len = 0;
	if (resp->static_data) {
		len = resp->body_len;
	} else if (resp->body) {
		body = resp->body;
		len = resp->body_len;
		resp->body = NULL;
	} else if (resp->status != 204 && resp->status != 303 && resp->status != 304) {
		if (!resp->json) {
			log_error("handler", "no answer body for status %d", resp->status);
			problem(resp, 500, "internal", NULL, "kring could not answer this request");
		}
		body = resp->json ? json_dumps(resp->json, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
		if (!body) {
			static const char fallback[] =
				"{\"type\":\"/problems/internal\",\"title\":\"Internal Server Error\","
				"\"status\":500,\"code\":\"internal\",\"detail\":\"the answer could not be written\"}";
			body = strdup(fallback);
			resp->status = 500;
			resp->content_type = "application/problem+json";
			resp->etag[0] = '\0';
		}
		len = body ? strlen(body) : 0;
	}
	void *data = resp->static_data ? (void *)resp->static_data : body ? body : (void *)"";
	struct MHD_Response *r = MHD_create_response_from_buffer(len, data,
								 body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	if (resp->status != 204 && resp->status != 303 && resp->status != 304)
		MHD_add_response_header(r, "Content-Type",
					resp->content_type ? resp->content_type : "application/json");
	/* the same headers on every answer: the data is as sensitive as data gets;
	 * only the stylesheets and scripts under /static/ may be kept */
	MHD_add_response_header(r, "Cache-Control", resp->cacheable == 2 ? "public, max-age=31536000, immutable"
						    : resp->cacheable ? "no-cache" : "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	/* pages load kring's own styles and scripts, never inline ones */
	MHD_add_response_header(r, "Content-Security-Policy", resp->page ? PAGE_CSP : "default-src 'none'; frame-ancestors 'none'");
	if (resp->page)
		MHD_add_response_header(r, "Vary", "Cookie, Accept-Language");
	/* pages send their origin along with their own forms (a browser sends
	 * "Origin: null" under no-referrer, which the login's check of the
	 * origin must refuse), and nothing to other sites */
	MHD_add_response_header(r, "Referrer-Policy", resp->page ? "same-origin" : "no-referrer");
	if (serving_tls)
		MHD_add_response_header(r, "Strict-Transport-Security", HSTS);
	if (resp->etag[0])
		MHD_add_response_header(r, "ETag", resp->etag);
	if (resp->location[0])
		MHD_add_response_header(r, "Location", resp->location);
	if (resp->allow[0])
		MHD_add_response_header(r, "Allow", resp->allow);
	if (resp->replayed)
		MHD_add_response_header(r, "Idempotent-Replayed", "true");
	if (resp->attachment[0]) {
		char cd[128];
		snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", resp->attachment);
		MHD_add_response_header(r, "Content-Disposition", cd);
	}
	if (resp->set_cookie[0])
		MHD_add_response_header(r, "Set-Cookie", resp->set_cookie);
	if (resp->authenticate)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"kring\"");
	if (resp->retry_after > 0) {
		char ra[16];
		snprintf(ra, sizeof(ra), "%d", resp->retry_after);
		MHD_add_response_header(r, "Retry-After", ra);
	}
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---- who is asking ------------------------------------------------------------ */

static void client_address(struct MHD_Connection *conn, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	out[0] = '\0';
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)len);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
			  (socklen_t)len);
}

/*
 * Every route but the open ones needs a login: a bearer token
 * (Authorization: Bearer TOKEN, for API clients) or the session cookie of
 * a browser. The account is checked in the database on every request, so a
 * session opened on one node works on every node, and a logout or a
 * disabled account takes effect everywhere at once.
 */
static int authenticate(struct http_req *req, struct http_resp *resp)
{
	const char *auth = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Authorization");
	const char *token = NULL;
	struct svc s = { .st = req->st, .actor = "", .role = "", .address = req->address };
	struct svc_error err;
	json_t *session = NULL;

	if (auth) {
		if (strncasecmp(auth, "Bearer ", 7) != 0 || !auth[7]) {
			problem(resp, 401, "unauthenticated", "Authorization", "send Authorization: Bearer TOKEN");
			resp->authenticate = 1;
			return -1;
		}
		token = auth + 7;
	} else {
		token = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
		req->via_cookie = token != NULL;
	}
	if (svc_session(&s, token, &req->user, &session, &err) < 0) {
		api_fail(resp, &err);
		if (err.status == 401)
			resp->authenticate = 1;
		return -1;
	}
	json_decref(session);
	req->token = token;
	return 0;
}

/*
 * A page needs the browser's session cookie: without a valid one the
 * browser goes to the login page, which brings it back afterwards. The
 * open pages (login, accessibility, privacy) know the account when there
 * is one, and are shown without one.
 */
/* the query of the page asked for, rebuilt from its arguments */
struct back_query {
	char *out;
	size_t len, cap;
};

static enum MHD_Result add_query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct back_query *q = cls;
	static const char hex[] = "0123456789ABCDEF";
	const char *parts[2] = { key, value };
	if (q->len + 1 >= q->cap)
		return MHD_NO;
	q->out[q->len++] = strchr(q->out, '?') ? '&' : '?';
	for (int i = 0; i < 2 && parts[i]; i++) {
		if (i == 1 && q->len + 1 < q->cap)
			q->out[q->len++] = '=';
		for (const unsigned char *c = (const unsigned char *)parts[i]; *c; c++) {
			bool plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
				     *c == '-' || *c == '_' || *c == '.';
			if (q->len + 4 >= q->cap) {
				q->len = q->cap - 1;
				q->out[q->len] = '\0';
				return MHD_NO;
			}
			if (plain) {
				q->out[q->len++] = (char)*c;
			} else {
				q->out[q->len++] = '%';
				q->out[q->len++] = hex[*c >> 4];
				q->out[q->len++] = hex[*c & 15];
			}
		}
	}
	q->out[q->len] = '\0';
	return MHD_YES;
}

static int page_authenticate(struct http_req *req, struct http_resp *resp, const char *url)
{
	const char *token = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
	struct svc s = { .st = req->st, .actor = "", .role = "", .address = req->address };
	struct svc_error err;
	json_t *session = NULL;
	if (token && svc_session(&s, token, &req->user, &session, &err) == 0) {
		json_decref(session);
		req->token = token;
		req->via_cookie = 1;
		return 0;
	}
	if (req->route->open)
		return 0;
	if (token && err.status != 401) {
		api_fail(resp, &err);
		return -1;
	}
	resp->status = 303;
	/* back to this page, with its query, after logging in (GET pages only) */
	char back[512];
	struct back_query bq = { back, 0, sizeof back };
	snprintf(back, sizeof back, "%s", url);
	bq.len = strlen(back);
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, add_query_arg, &bq);
	snprintf(resp->location, sizeof resp->location, "/login");
	if (strcmp(req->method, "GET") == 0 && strcmp(back, "/") != 0 && bq.len < sizeof back - 1) {
		size_t n = strlen(resp->location);
		n += (size_t)snprintf(resp->location + n, sizeof resp->location - n, "?next=");
		for (const char *c = back; *c && n + 4 < sizeof resp->location; c++) {
			bool plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
				     *c == '/' || *c == '-' || *c == '_' || *c == '.';
			n += (size_t)snprintf(resp->location + n, sizeof resp->location - n, plain ? "%c" : "%%%02X",
					      plain ? *c : (unsigned char)*c);
		}
		if (n + 4 >= sizeof resp->location) /* too long to come back to: the start page */
			snprintf(resp->location, sizeof resp->location, "/login");
	}
	if (token) /* an ended session: the cookie goes */
		snprintf(resp->set_cookie, sizeof resp->set_cookie,
			 "%s=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0", SESSION_COOKIE);
	return -1;
}

/* GET /static/NAME: the embedded stylesheets and scripts; a link with
 * ?v=HASH may be kept for a year, since a new file gets a new hash */
static void serve_static(struct MHD_Connection *conn, const char *method, const char *url,
			 struct http_resp *resp)
{
	const struct static_file *f = static_find(url);
	if (!f) {
		problem(resp, 404, "not_found", NULL, "no such resource");
		return;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		snprintf(resp->allow, sizeof resp->allow, "GET, HEAD");
		problem(resp, 405, "method_not_allowed", NULL, "%s is not allowed here (allowed: GET, HEAD)", method);
		return;
	}
	const char *v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "v");
	const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
	resp->cacheable = v ? 2 : 1;
	snprintf(resp->etag, sizeof resp->etag, "%s", f->etag);
	if (inm && strcmp(inm, f->etag) == 0) {
		resp->status = 304;
		return;
	}
	resp->status = 200;
	resp->static_data = f->data;
	resp->body_len = f->len;
	resp->content_type = f->content_type;
}

/* ---- the access handler --------------------------------------------------- */

struct conn_state {
	struct buf body;
	int too_large;
	int answered;
};

static void dispatch(struct MHD_Connection *conn, const char *method, const char *url,
		     struct conn_state *cs, struct http_resp *resp)
{
	struct http_req req = { .conn = conn, .method = method, .path = url,
				.body = buf_str(&cs->body), .body_len = cs->body.len };
	size_t plen = strlen(url);
	if (plen > MAX_PATH || !utf8_valid(url, plen)) {
		problem(resp, 404, "not_found", NULL, "no such resource");
		return;
	}
	if (strncmp(url, "/static/", 8) == 0) {
		serve_static(conn, method, url, resp);
		return;
	}
	int m = router_match(&req, resp->allow, sizeof(resp->allow));
	if (m == 404) {
		problem(resp, 404, "not_found", NULL, "no such resource");
		return;
	}
	if (m == 405) {
		problem(resp, 405, "method_not_allowed", NULL, "%s is not allowed here (allowed: %s)",
			method, resp->allow);
		return;
	}
	if (strcmp(url, "/healthz") != 0) {
		req.st = worker_store();
		if (!req.st) {
			problem(resp, 503, "not_ready", NULL, "the database cannot be reached");
			return;
		}
	}
	client_address(conn, req.address, sizeof req.address);
	if (req.route->page) {
		if (page_authenticate(&req, resp, url) < 0)
			return;
	} else if (!req.route->open && authenticate(&req, resp) < 0) {
		return;
	}
	req.route->handler(&req, resp);
	json_decref(req.user);
	if (resp->status >= 500)
		log_error("request", "%s %s answered %d", method, url, resp->status);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct conn_state *cs = *con_cls;
	if (!cs) {
		/* Answering on the first call makes libmicrohttpd 0.9.75 drop
		 * keep-alive; keep the state and answer on a later call. */
		cs = calloc(1, sizeof(*cs));
		if (!cs)
			return MHD_NO;
		buf_init(&cs->body, HTTP_MAX_BODY);
		*con_cls = cs;
		/* a declared body over the limit is refused before it is read */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		int64_t declared;
		if (cl && parse_int64(cl, 0, INT64_MAX, &declared) == 0 && declared > HTTP_MAX_BODY) {
			cs->answered = 1;
			struct http_resp resp = { .status = 413 };
			problem(&resp, 413, "body_too_large", NULL, "the body is larger than %d bytes",
				HTTP_MAX_BODY);
			enum MHD_Result r = send_response(conn, &resp);
			json_decref(resp.json);
	free(resp.body);
			return r;
		}
		return MHD_YES;
	}
	if (cs->answered) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!cs->too_large && buf_add(&cs->body, upload_data, *upload_data_size) < 0) {
			cs->too_large = 1;
			buf_release(&cs->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	cs->answered = 1;
	struct http_resp resp = { .status = 500 };
	if (cs->too_large)
		problem(&resp, 413, "body_too_large", NULL, "the body is larger than %d bytes", HTTP_MAX_BODY);
	else
		dispatch(conn, method, url, cs, &resp);
	enum MHD_Result r = send_response(conn, &resp);
	json_decref(resp.json);
	free(resp.body);
	return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct conn_state *cs = *con_cls;
	if (cs) {
		buf_release(&cs->body);
		free(cs);
		*con_cls = NULL;
	}
}

/* While the daemon starts, its first message is kept for the one line that
 * says why it could not start; afterwards every message is logged. */
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static bool starting;
static char start_error[512];

__attribute__((format(printf, 2, 0)))
static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r' || msg[n - 1] == '.'))
		msg[--n] = '\0';
	pthread_mutex_lock(&start_lock);
	bool keep = starting;
	if (keep && !start_error[0])
		snprintf(start_error, sizeof start_error, "%s", msg);
	pthread_mutex_unlock(&start_lock);
	if (!keep)
		log_error("http", "%s", msg);
}

/*
 * Percent-decoding of the path and the query arguments, in place. "%00" is
 * left as it is: a NUL byte would cut the string short, so that
 * "/api/v1/regions/1%00" would read as "/api/v1/regions/1".
 */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	char *w = s;
	for (const char *r = s; *r; r++) {
		int hi, lo;
		if (*r == '%' && (hi = hex_digit(r[1])) >= 0 && (lo = hex_digit(r[2])) >= 0 && (hi || lo)) {
			*w++ = (char)(hi * 16 + lo);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* "host:port" or "[v6]:port" into a socket address */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	int64_t port;
	if (parse_int64(colon + 1, 0, 65535, &port) < 0)
		return -1;
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[') {
		size_t hl = strlen(host);
		if (hl < 3 || host[hl - 1] != ']')
			return -1;
		host[hl - 1] = '\0';
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return -1;
		*len = sizeof(*a6);
		return 0;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
		return -1;
	*len = sizeof(*a4);
	return 0;
}

/* ---- TLS: the certificate and the key ------------------------------------- */

struct pem {
	char *data; /* NUL-terminated: libmicrohttpd takes C strings */
	size_t len;
};

/* Wipes and frees p (the key is wiped as soon as the daemon has it). */
static void pem_release(struct pem *p)
{
	if (p->data) {
		sodium_memzero(p->data, p->len);
		free(p->data);
	}
	p->data = NULL;
	p->len = 0;
}

/* The DER element of type tag at the start of *p (n bytes left): returns its
 * content (length *len) and moves *p and *n past it; NULL when it is not
 * there or runs past the end. */
static const unsigned char *der_take(const unsigned char **p, size_t *n, unsigned char tag, size_t *len)
{
	const unsigned char *s = *p;
	if (*n < 2 || s[0] != tag)
		return NULL;
	size_t head = 2, l = s[1];
	if (l & 0x80) {
		size_t k = l & 0x7f;
		if (k == 0 || k > 4 || *n < 2 + k)
			return NULL;
		l = 0;
		for (size_t i = 0; i < k; i++)
			l = l << 8 | s[2 + i];
		head += k;
	}
	if (l > *n - head)
		return NULL;
	*len = l;
	*p = s + head + l;
	*n -= head + l;
	return s + head;
}

/* Whether der has the outer shape of an X.509 certificate: a SEQUENCE of
 * exactly two SEQUENCEs and a BIT STRING. */
static bool der_is_certificate(const unsigned char *der, size_t n)
{
	size_t len, part;
	const unsigned char *c = der_take(&der, &n, 0x30, &len);
	if (!c || n != 0)
		return false;
	return der_take(&c, &len, 0x30, &part) && der_take(&c, &len, 0x30, &part) &&
	       der_take(&c, &len, 0x03, &part) && len == 0;
}

/*
 * Whether every CERTIFICATE block of the PEM text is base64 of something
 * shaped like a certificate (and there is at least one). GnuTLS 3.7 leaks
 * memory when it is given a certificate it cannot parse, so garbage is
 * turned away before it gets there.
 */
static bool pem_has_certificates(const char *text)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----", end[] = "-----END CERTIFICATE-----";
	int count = 0;
	for (const char *b = strstr(text, begin); b; b = strstr(b, begin)) {
		b += sizeof begin - 1;
		const char *e = strstr(b, end);
		if (!e || e == b)
			return false;
		size_t b64_len = (size_t)(e - b), der_len;
		unsigned char *der = malloc(b64_len);
		bool ok = der && sodium_base642bin(der, b64_len, b, b64_len, " \t\r\n", &der_len, NULL,
						   sodium_base64_VARIANT_ORIGINAL) == 0 &&
			  der_is_certificate(der, der_len);
		free(der);
		if (!ok)
			return false;
		count++;
		b = e + sizeof end - 1;
	}
	return count > 0;
}

/*
 * Reads the PEM file path (the TLS "certificate" or "key", as what) into
 * out. A file that is missing, unreadable, empty, larger than 1 MiB or not
 * PEM text is refused with one line on stderr: -1. On success out holds the
 * text and its owner must pem_release it.
 */
static int pem_read(const char *path, const char *what, struct pem *out)
{
	int ret = -1;
	size_t len = 0;
	char *data = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		fprintf(stderr, "kring serve: cannot read the TLS %s %s: %s\n", what, path, strerror(errno));
		return -1;
	}
	/* one byte more than allowed tells a file that is too large */
	data = malloc(TLS_MAX_PEM + 2);
	if (!data) {
		fprintf(stderr, "kring serve: out of memory\n");
		goto cleanup;
	}
	while (len <= TLS_MAX_PEM) {
		ssize_t n = read(fd, data + len, TLS_MAX_PEM + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "kring serve: cannot read the TLS %s %s: %s\n", what, path,
				strerror(errno));
			goto cleanup;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	data[len] = '\0';
	if (len == 0) {
		fprintf(stderr, "kring serve: the TLS %s %s is empty\n", what, path);
		goto cleanup;
	}
	if (len > TLS_MAX_PEM) {
		fprintf(stderr, "kring serve: the TLS %s %s is larger than 1 MiB\n", what, path);
		goto cleanup;
	}
	int is_key = strcmp(what, "key") == 0;
	if (strlen(data) != len ||
	    (is_key ? !strstr(data, "-----BEGIN ") || !strstr(data, "PRIVATE KEY-----")
		    : !pem_has_certificates(data))) {
		fprintf(stderr, "kring serve: the TLS %s %s is not a PEM %s\n", what, path,
			is_key ? "private key" : "certificate");
		goto cleanup;
	}
	if (is_key && strstr(data, "ENCRYPTED")) {
		fprintf(stderr, "kring serve: the TLS key %s is encrypted: give kring the key without "
				"a passphrase (readable only by its user)\n", path);
		goto cleanup;
	}
	out->data = data;
	out->len = len;
	data = NULL;
	ret = 0;
cleanup:
	if (data) {
		sodium_memzero(data, TLS_MAX_PEM + 2);
		free(data);
	}
	close(fd);
	return ret;
}

/* Reads the certificate and the key when cfg names both; none is fine (plain
 * HTTP), one alone is refused. 0 or -1 with one line on stderr. */
static int tls_load(const struct server_config *cfg, struct pem *cert, struct pem *key)
{
	bool has_cert = cfg->tls_cert && cfg->tls_cert[0];
	bool has_key = cfg->tls_key && cfg->tls_key[0];
	if (!has_cert && !has_key)
		return 0;
	if (!has_cert || !has_key) {
		fprintf(stderr, "kring serve: HTTPS needs both --tls-cert and --tls-key (KRING_TLS_CERT, "
				"KRING_TLS_KEY): the %s is missing\n", has_cert ? "key" : "certificate");
		return -1;
	}
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		fprintf(stderr, "kring serve: this libmicrohttpd was built without TLS: serve plain HTTP "
				"behind a proxy that terminates TLS\n");
		return -1;
	}
	if (pem_read(cfg->tls_cert, "certificate", cert) < 0)
		return -1;
	if (pem_read(cfg->tls_key, "key", key) < 0) {
		pem_release(cert);
		return -1;
	}
	return 0;
}

static int serve(const struct server_config *cfg, struct pem *cert, struct pem *key);

int server_run(const struct server_config *cfg)
{
	struct pem cert = { 0 }, key = { 0 };
	if (tls_load(cfg, &cert, &key) < 0)
		return -1;
	int rc = serve(cfg, &cert, &key);
	pem_release(&key); /* already wiped when the daemon started */
	pem_release(&cert);
	return rc;
}

/* The body of server_run; key and cert are empty for plain HTTP. */
static int serve(const struct server_config *cfg, struct pem *cert, struct pem *key)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	if (parse_listen(cfg->listen, &ss, &sslen) < 0) {
		fprintf(stderr, "kring serve: --listen must be HOST:PORT (e.g. 127.0.0.1:8080): %s\n", cfg->listen);
		return -1;
	}
	db_url = cfg->db_url;
	char shown_db[512], err[512];
	store_url_redact(cfg->db_url, shown_db, sizeof shown_db);
	/* check the database before taking requests; every problem is one line */
	struct store *probe = NULL;
	if (store_open(db_url, &probe, err, sizeof err) < 0) {
		fprintf(stderr, "kring serve: %s\n", err);
		return -1;
	}
	if (!adopt_store(probe)) {
		fprintf(stderr, "kring serve: out of memory\n");
		return -1;
	}
	/* migrations run once, by kring init, never by a serving node */
	int version = 0, latest = store_latest_version();
	store_set_quiet(true);
	int rc = probe->ops->schema_version(probe, &version);
	store_set_quiet(false);
	if (rc != STORE_OK || version != latest) {
		if (rc != STORE_OK)
			fprintf(stderr, "kring serve: cannot read the schema version: %s\n", store_last_error());
		else if (version > latest)
			fprintf(stderr, "kring serve: the database is at schema version %d and this kring knows "
					"only up to %d: upgrade kring\n", version, latest);
		else
			fprintf(stderr, "kring serve: the database is at schema version %d and this kring needs "
					"%d: run kring init --db %s\n", version, latest, shown_db);
		close_stores();
		return -1;
	}
	unsigned threads = cfg->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 1;
	}

	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	serving_tls = key->data != NULL;
	if (serving_tls)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem tls_opts[] = {
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, cert->data },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, key->data },
		{ MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)TLS_PRIORITIES },
		{ MHD_OPTION_END, 0, NULL },
	};
	pthread_mutex_lock(&start_lock);
	starting = true;
	start_error[0] = '\0';
	pthread_mutex_unlock(&start_lock);
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_ARRAY, serving_tls ? tls_opts : &tls_opts[3],
		MHD_OPTION_END);
	/* GnuTLS holds its own copy now: the key leaves kring's memory */
	pem_release(key);
	pthread_mutex_lock(&start_lock);
	starting = false;
	pthread_mutex_unlock(&start_lock);
	if (!d) {
		const char *why = strstr(start_error, "certificate/key: ");
		if (serving_tls && why)
			fprintf(stderr, "kring serve: the TLS certificate %s and key %s cannot be used: %s\n",
				cfg->tls_cert, cfg->tls_key, why + strlen("certificate/key: "));
		else if (start_error[0])
			fprintf(stderr, "kring serve: cannot %s on %s: %s\n",
				serving_tls ? "serve HTTPS" : "listen", cfg->listen, start_error);
		else
			fprintf(stderr, "kring serve: cannot listen on %s\n", cfg->listen);
		close_stores();
		return -1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char shown[160];
	snprintf(shown, sizeof(shown), "%.*s:%u", (int)(strrchr(cfg->listen, ':') - cfg->listen),
		 cfg->listen, info ? info->port : 0);
	printf("kring: serving %s://%s (database %s, %u threads)\n", serving_tls ? "https" : "http", shown,
	       shown_db, threads);
	fflush(stdout);
	log_info("start", "listening on %s", shown);

	int sig = 0;
	sigwait(&sigs, &sig);
	log_info("stop", "signal %d: stopping", sig);
	MHD_stop_daemon(d);
	close_stores();
	return 0;
}
