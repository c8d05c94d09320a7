/* Handler for matching: GET /api/v1/requests/{id}/matches, the ranked
 * shortlist of coordinators for a request and the excluded ones with the
 * reasons (service/matching.c). */
#include "web/api/api.h"

void api_matches(struct http_req *req, struct http_resp *resp)
{
	struct svc s;
	struct svc_error err;
	json_t *out = NULL;

	if (api_svc(req, resp, &s) < 0)
		return;
	if (svc_match(&s, req->ids[0], &out, &err) < 0) {
		api_fail(resp, &err);
		return;
	}
	resp->status = 200;
	resp->json = out;
}
