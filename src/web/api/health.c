/* Liveness and readiness. */
#include "web/api/api.h"

/* alive: the process answers; touches nothing else */
void api_healthz(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	resp->status = 200;
	resp->json = json_pack("{s:s}", "status", "ok");
}

/* ready: this worker's database handle answers a query */
void api_readyz(struct http_req *req, struct http_resp *resp)
{
	if (!req->st || req->st->ops->ping(req->st) != STORE_OK) {
		problem(resp, 503, "not_ready", NULL, "the database cannot be reached");
		return;
	}
	resp->status = 200;
	resp->json = json_pack("{s:s, s:s}", "status", "ready", "database", req->st->ops->name);
}
