/*
 * Handlers for invoices to funders (service/invoices.c):
 *   GET  /api/v1/invoices              the invoices the account may read
 *   POST /api/v1/invoices              issue one {funder_id, from, to, region_id?, issued_on?}
 *   GET  /api/v1/invoices/{id}         one, with its lines; ?format=xml|pdf as a file
 *   POST /api/v1/invoices/{id}/credit  a credit note for the whole invoice {reason, issued_on?}
 */
#include "web/api/api.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"
#include "web/invoice_file.h"

#define MAX_ARGS 8

/* the query string: the list's filters, limit and after, or a file's
 * format and lang */
struct query {
	const char *names[MAX_ARGS];
	const char *values[MAX_ARGS];
	size_t n;
	const char *limit, *after, *format, *lang;
	const char *bad; /* what is wrong, or NULL */
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct query *q = cls;
	if (!utf8_valid(key, strlen(key)) || (value && !utf8_valid(value, strlen(value)))) {
		q->bad = "query parameters must be UTF-8";
		return MHD_NO;
	}
	if (!value || !*value) {
		q->bad = "a query parameter has no value";
		return MHD_NO;
	}
	const char **slot = strcmp(key, "limit") == 0 ? &q->limit : strcmp(key, "after") == 0 ? &q->after
			  : strcmp(key, "format") == 0 ? &q->format : strcmp(key, "lang") == 0 ? &q->lang : NULL;
	if (slot) {
		if (*slot) {
			q->bad = "limit, after, format and lang may be given once";
			return MHD_NO;
		}
		*slot = value;
		return MHD_YES;
	}
	if (q->n >= MAX_ARGS) {
		q->bad = "too many query parameters";
		return MHD_NO;
	}
	q->names[q->n] = key;
	q->values[q->n++] = value;
	return MHD_YES;
}

static int query_of(struct http_req *req, struct http_resp *resp, struct query *q)
{
	memset(q, 0, sizeof *q);
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, collect_arg, q);
	if (q->bad) {
		problem(resp, 400, "bad_parameter", NULL, "%s", q->bad);
		return -1;
	}
	return 0;
}

void api_invoice_list(struct http_req *req, struct http_resp *resp)
{
	struct query q;
	struct svc s;
	struct svc_error err;
	json_t *out = NULL;

	if (api_svc(req, resp, &s) < 0 || query_of(req, resp, &q) < 0)
		return;
	if (q.format || q.lang) {
		problem(resp, 400, "bad_parameter", q.format ? "format" : "lang", "a list has no format or lang");
		return;
	}
	struct svc_list_params p = { q.names, q.values, q.n, q.after, 50 };
	if (q.limit && parse_int64(q.limit, 1, 500, &p.limit) < 0) {
		problem(resp, 400, "bad_parameter", "limit", "limit must be a number between 1 and 500");
		return;
	}
	if (svc_invoice_list(&s, &p, &out, &err) < 0) {
		api_fail(resp, &err);
		return;
	}
	resp->status = 200;
	resp->json = out;
}

/* answer 201 with a new invoice or credit note and its Location */
static void created(struct http_resp *resp, json_t *inv)
{
	snprintf(resp->location, sizeof resp->location, "/api/v1/invoices/%lld",
		 (long long)json_integer_value(json_object_get(inv, "id")));
	api_record(resp, 201, inv);
}

void api_invoice_create(struct http_req *req, struct http_resp *resp)
{
	struct svc s;
	struct svc_error err;
	json_t *in = NULL, *out = NULL;

	if (api_svc(req, resp, &s) < 0 || api_body(req, resp, &in) < 0)
		return;
	int rc = svc_invoice_create(&s, in, &out, &err);
	json_decref(in);
	if (rc < 0) {
		api_fail(resp, &err);
		return;
	}
	created(resp, out);
}

void api_invoice_get(struct http_req *req, struct http_resp *resp)
{
	struct query q;
	struct svc s;
	struct svc_error err;
	json_t *inv = NULL;

	if (api_svc(req, resp, &s) < 0 || query_of(req, resp, &q) < 0)
		return;
	if (q.n || q.limit || q.after) {
		problem(resp, 400, "bad_parameter", NULL, "an invoice takes only format and lang");
		return;
	}
	int f = q.format ? invoice_format_from_name(q.format) : INVOICE_JSON;
	if (f < 0) {
		problem(resp, 400, "bad_parameter", "format", "format must be json, xml or pdf");
		return;
	}
	int l = q.lang ? i18n_from_code(q.lang) : LANG_NL;
	if (l < 0) {
		problem(resp, 400, "bad_parameter", "lang", "lang must be nl or en");
		return;
	}
	if (svc_invoice_get(&s, req->ids[0], &inv, &err) < 0) {
		api_fail(resp, &err);
		return;
	}
	if (f == INVOICE_JSON) {
		api_record(resp, 200, inv);
		return;
	}
	invoice_send_file(resp, inv, (enum invoice_format)f, (enum lang)l);
	json_decref(inv);
}

void api_invoice_credit(struct http_req *req, struct http_resp *resp)
{
	struct svc s;
	struct svc_error err;
	json_t *in = NULL, *out = NULL;

	if (api_svc(req, resp, &s) < 0 || api_body(req, resp, &in) < 0)
		return;
	int rc = svc_invoice_credit(&s, req->ids[0], in, &out, &err);
	json_decref(in);
	if (rc < 0) {
		api_fail(resp, &err);
		return;
	}
	created(resp, out);
}
