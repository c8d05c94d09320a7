/* Liveness and readiness. */
#include "web/api/api.h"

/* alive: the process answers; touches nothing else */
void api_healthz(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	resp->status = 200;
	resp->json = json_pack("{s:s}", "status", "ok");
}

/* ready: this worker's database handle answers a query, and the database is
 * at the schema version this kring needs (an upgrade in progress makes every
 * node of the old or the new version step out of the load balancer) */
void api_readyz(struct http_req *req, struct http_resp *resp)
{
	int version = 0;
	if (!req->st || req->st->ops->ping(req->st) != STORE_OK) {
		problem(resp, 503, "not_ready", NULL, "the database cannot be reached");
		return;
	}
	if (req->st->ops->schema_version(req->st, &version) != STORE_OK) {
		problem(resp, 503, "not_ready", NULL, "the schema version cannot be read");
		return;
	}
	if (version != store_latest_version()) {
		problem(resp, 503, "not_ready", NULL, "the database is at schema version %d; this kring needs %d",
			version, store_latest_version());
		return;
	}
	resp->status = 200;
	resp->json = json_pack("{s:s, s:s}", "status", "ready", "database", req->st->ops->name);
}
