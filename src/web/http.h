#ifndef KRING_WEB_HTTP_H
#define KRING_WEB_HTTP_H
/*
 * One HTTP exchange as the handlers see it. The server (web/server.c) fills
 * struct http_req from libmicrohttpd, the router finds the route, the
 * handler fills struct http_resp, and the server sends it with the security
 * and caching headers. All request state lives here: nothing is global.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"

#define HTTP_MAX_BODY (64 * 1024)
#define HTTP_MAX_IDS 2

struct MHD_Connection;
struct route;

struct http_req {
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	const char *body;
	size_t body_len;
	int64_t ids[HTTP_MAX_IDS]; /* the {id} segments of the path, in order */
	int nids;
	const struct route *route;
	struct store *st;           /* this worker thread's database handle */
	json_t *user;               /* the account logged in (routes that need one) */
	const char *token;          /* its session or API token */
	int via_cookie;             /* the token came in the browser's cookie */
	char address[64];           /* the client's IP address */
	char roles[128];            /* the account's roles, comma-separated */
};

struct http_resp {
	int status;
	json_t *json;            /* body, sent as JSON (owned) */
	const char *content_type; /* default application/json */
	char etag[32];           /* set from the record's version when non-empty */
	char location[512];
	char allow[64];
	int retry_after;         /* seconds, when > 0 */
	char set_cookie[160];    /* a Set-Cookie header, when non-empty */
	int authenticate;        /* add WWW-Authenticate (a 401) */
	int replayed;            /* Idempotent-Replayed: true */
	char *body;              /* body, sent as it is (owned; a page); else json */
	size_t body_len;
	int page;                /* an HTML page: the page's Content-Security-Policy */
	const unsigned char *static_data; /* a file under /static/ (not owned) */
	int cacheable;           /* may be kept by the browser (static files) */
	char attachment[96];     /* a file to save: Content-Disposition attachment
				  * with this file name (ASCII), when non-empty */
};

/* the browser's session cookie: __Host- binds it to this host, path / and
 * a secure connection (browsers count http://localhost as one) */
#define SESSION_COOKIE "__Host-kring"
/* the header (or form field) that carries a browser session's CSRF token */
#define CSRF_HEADER "X-CSRF-Token"

typedef void (*http_handler)(struct http_req *req, struct http_resp *resp);

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/requests/{id}/network-members" */
	http_handler handler;
	const void *arg;     /* the entity, or the action name */
	int open;            /* 1: answered without a login (health, logging in) */
	int page;            /* 1: an HTML page (without a login: to /login) */
};

/* the route table (web/router.c) */
extern const struct route routes[];
extern const size_t nroutes;

/*
 * Find the route for method and path; fills req->route and req->ids.
 * Returns 0, or 404 when no pattern matches, or 405 when the path matches
 * but not the method (allow is then filled with the allowed methods).
 */
int router_match(struct http_req *req, char *allow, size_t allowlen);

/* answer with an RFC 9457 problem; field may be NULL */
void problem(struct http_resp *resp, int status, const char *code, const char *field,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* helpers for handlers (web/api/records.c) */
const char *http_header(struct http_req *req, const char *name);

#endif
