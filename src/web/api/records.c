/* Handlers for records of any entity; the route's arg names the entity. */
#include "web/api/api.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

#define MAX_ARGS 20

struct query {
	const char *names[MAX_ARGS];
	const char *values[MAX_ARGS];
	size_t n;
	const char *limit, *after;
	int bad; /* 1: too many, 2: not UTF-8, 3: empty value, 4: given twice */
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	(void)kind;
	struct query *q = cls;
	if (!utf8_valid(key, strlen(key)) || (value && !utf8_valid(value, strlen(value)))) {
		q->bad = 2;
		return MHD_NO;
	}
	if (!value || !*value) {
		q->bad = 3;
		return MHD_NO;
	}
	if (strcmp(key, "limit") == 0 || strcmp(key, "after") == 0) {
		const char **slot = key[0] == 'l' ? &q->limit : &q->after;
		if (*slot) {
			q->bad = 4;
			return MHD_NO;
		}
		*slot = value;
	} else {
		if (q->n >= MAX_ARGS) {
			q->bad = 1;
			return MHD_NO;
		}
		q->names[q->n] = key;
		q->values[q->n++] = value;
	}
	return MHD_YES;
}

static void list(struct http_req *req, struct http_resp *resp, int64_t parent_id)
{
	const struct entity *e = req->route->arg;
	struct query q = { 0 };
	struct svc s;
	struct svc_error err;
	json_t *out = NULL;

	if (api_svc(req, resp, &s) < 0)
		return;
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &q);
	if (q.bad) {
		problem(resp, 400, "bad_parameter", NULL,
			q.bad == 1 ? "too many query parameters" :
			q.bad == 2 ? "query parameters must be UTF-8" :
			q.bad == 3 ? "a query parameter has no value" : "limit and after may be given once");
		return;
	}
	struct svc_list_params p = { q.names, q.values, q.n, q.after, 50 };
	if (q.limit && parse_int64(q.limit, 1, 500, &p.limit) < 0) {
		problem(resp, 400, "bad_parameter", "limit", "limit must be a number between 1 and 500");
		return;
	}
	if (svc_list(&s, e, parent_id, &p, &out, &err) < 0) {
		api_fail(resp, &err);
		return;
	}
	resp->status = 200;
	resp->json = out;
}

void api_list(struct http_req *req, struct http_resp *resp)
{
	list(req, resp, 0);
}

void api_child_list(struct http_req *req, struct http_resp *resp)
{
	list(req, resp, req->ids[0]);
}

static void create(struct http_req *req, struct http_resp *resp, int64_t parent_id)
{
	const struct entity *e = req->route->arg;
	struct svc s;
	struct svc_idem idem;
	struct svc_result res;
	struct svc_error err;
	char scope[300], fp[48];
	json_t *in = NULL;

	if (api_svc(req, resp, &s) < 0 || api_idem(req, resp, &idem, scope, sizeof(scope), fp, sizeof(fp)) < 0)
		return;
	if (api_body(req, resp, &in) < 0)
		return;
	int r = svc_create(&s, e, parent_id, in, &idem, &res, &err);
	json_decref(in);
	if (r < 0) {
		api_fail(resp, &err);
		return;
	}
	json_t *id = json_object_get(res.body, "id");
	if (res.status == 201 && json_is_integer(id))
		snprintf(resp->location, sizeof(resp->location), "/api/v1/%s/%lld", e->path,
			 (long long)json_integer_value(id));
	resp->replayed = res.replayed;
	api_record(resp, res.status, res.body);
}

void api_create(struct http_req *req, struct http_resp *resp)
{
	create(req, resp, 0);
}

void api_child_create(struct http_req *req, struct http_resp *resp)
{
	create(req, resp, req->ids[0]);
}

/* one record: by its id, or as the one of its kind of a request */
static void read_one(struct http_req *req, struct http_resp *resp, int by_parent)
{
	const struct entity *e = req->route->arg;
	struct svc s;
	struct svc_error err;
	json_t *out = NULL;
	if (api_svc(req, resp, &s) < 0)
		return;
	int r = by_parent ? svc_get_by_parent(&s, e, req->ids[0], &out, &err)
			  : svc_get(&s, e, req->ids[0], &out, &err);
	if (r < 0) {
		api_fail(resp, &err);
		return;
	}
	api_record(resp, 200, out);
}

void api_get(struct http_req *req, struct http_resp *resp)
{
	read_one(req, resp, 0);
}

void api_one_get(struct http_req *req, struct http_resp *resp)
{
	read_one(req, resp, 1);
}

void api_update(struct http_req *req, struct http_resp *resp)
{
	const struct entity *e = req->route->arg;
	struct svc s;
	struct svc_error err;
	int64_t version;
	json_t *in = NULL, *out = NULL;

	if (api_svc(req, resp, &s) < 0 || api_if_match(req, resp, true, &version) < 0)
		return;
	if (api_body(req, resp, &in) < 0)
		return;
	int r = svc_update(&s, e, req->ids[0], version, in, &out, &err);
	json_decref(in);
	if (r < 0) {
		api_fail(resp, &err);
		return;
	}
	api_record(resp, 200, out);
}

void api_delete(struct http_req *req, struct http_resp *resp)
{
	const struct entity *e = req->route->arg;
	struct svc s;
	struct svc_error err;
	int64_t version;

	if (api_svc(req, resp, &s) < 0 || api_if_match(req, resp, true, &version) < 0)
		return;
	if (svc_delete(&s, e, req->ids[0], version, &err) < 0) {
		api_fail(resp, &err);
		return;
	}
	resp->status = 204;
}
