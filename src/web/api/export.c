/* Handler for the AVG right of access: GET /api/v1/requests/{id}/export,
 * everything kring holds on the case as one JSON document. */
#include "web/api/api.h"

void api_export(struct http_req *req, struct http_resp *resp)
{
	struct svc s;
	struct svc_error err;
	json_t *out = NULL;

	if (api_svc(req, resp, &s) < 0)
		return;
	if (svc_export_person(&s, req->ids[0], &out, &err) < 0) {
		api_fail(resp, &err);
		return;
	}
	resp->status = 200;
	resp->json = out;
}
