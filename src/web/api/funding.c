/* Handlers for funding: GET /api/v1/requests/{id}/funding-options (the
 * agreements that could pay for a request) and GET /api/v1/budgets
 * (?funder_id=: what each agreement has committed, spent and left). */
#include "web/api/api.h"

#include <microhttpd.h>
#include <string.h>

#include "util/text.h"

void api_funding_options(struct http_req *req, struct http_resp *resp)
{
	struct svc s;
	struct svc_error err;
	json_t *out = NULL;

	if (api_svc(req, resp, &s) < 0)
		return;
	if (svc_funding_options(&s, req->ids[0], &out, &err) < 0) {
		api_fail(resp, &err);
		return;
	}
	resp->status = 200;
	resp->json = out;
}

/* the one query parameter of /budgets: funder_id, once */
struct budget_query {
	const char *funder_id;
	const char *bad;
};

static enum MHD_Result budget_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct budget_query *q = cls;
	if (strcmp(key, "funder_id") != 0 || q->funder_id) {
		q->bad = strcmp(key, "funder_id") == 0 ? "funder_id may be given once"
						       : "unknown query parameter: the only one is funder_id";
		return MHD_NO;
	}
	q->funder_id = value ? value : "";
	return MHD_YES;
}

void api_budgets(struct http_req *req, struct http_resp *resp)
{
	struct svc s;
	struct svc_error err;
	struct budget_query q = { 0 };
	int64_t funder = 0;
	json_t *out = NULL;

	if (api_svc(req, resp, &s) < 0)
		return;
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, budget_arg, &q);
	if (q.bad) {
		problem(resp, 400, "bad_parameter", NULL, "%s", q.bad);
		return;
	}
	if (q.funder_id && parse_int64(q.funder_id, 1, INT64_MAX, &funder) < 0) {
		problem(resp, 400, "bad_parameter", "funder_id", "funder_id must be the id of a funder");
		return;
	}
	if (svc_budgets(&s, funder, &out, &err) < 0) {
		api_fail(resp, &err);
		return;
	}
	resp->status = 200;
	resp->json = out;
}
