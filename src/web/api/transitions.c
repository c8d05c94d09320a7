/* Handler for the lifecycle actions: POST /api/v1/requests/{id}/<action>. */
#include "web/api/api.h"

void api_transition(struct http_req *req, struct http_resp *resp)
{
	const char *action = req->route->arg;
	struct svc s;
	struct svc_idem idem;
	struct svc_result res;
	struct svc_error err;
	char scope[300], fp[48];
	int64_t version;
	json_t *in = NULL;

	if (api_svc(req, resp, &s) < 0 || api_if_match(req, resp, false, &version) < 0 ||
	    api_idem(req, resp, &idem, scope, sizeof(scope), fp, sizeof(fp)) < 0)
		return;
	if (api_body(req, resp, &in) < 0)
		return;
	int r = svc_transition(&s, action, req->ids[0], version, in, &idem, &res, &err);
	json_decref(in);
	if (r < 0) {
		api_fail(resp, &err);
		return;
	}
	resp->replayed = res.replayed;
	api_record(resp, res.status, res.body);
}
