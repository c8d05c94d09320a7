#ifndef KRING_WEB_API_API_H
#define KRING_WEB_API_API_H
/* The JSON API handlers; route.arg is the entity (records) or action name. */
#include <stdbool.h>

#include "service/service.h"
#include "web/http.h"

void api_list(struct http_req *req, struct http_resp *resp);        /* GET /x */
void api_create(struct http_req *req, struct http_resp *resp);      /* POST /x */
void api_get(struct http_req *req, struct http_resp *resp);         /* GET /x/{id} */
void api_update(struct http_req *req, struct http_resp *resp);      /* PATCH /x/{id} */
void api_delete(struct http_req *req, struct http_resp *resp);      /* DELETE /x/{id} */
void api_child_list(struct http_req *req, struct http_resp *resp);  /* GET /requests/{id}/x */
void api_child_create(struct http_req *req, struct http_resp *resp); /* POST /requests/{id}/x */
void api_one_get(struct http_req *req, struct http_resp *resp);     /* GET /requests/{id}/plan */
void api_transition(struct http_req *req, struct http_resp *resp);  /* POST /requests/{id}/action */
void api_export(struct http_req *req, struct http_resp *resp);      /* GET /requests/{id}/export */
void api_report(struct http_req *req, struct http_resp *resp);      /* GET /reports/NAME */
void api_matches(struct http_req *req, struct http_resp *resp);     /* GET /requests/{id}/matches */
void api_funding_options(struct http_req *req, struct http_resp *resp); /* GET /requests/{id}/funding-options */
void api_budgets(struct http_req *req, struct http_resp *resp);     /* GET /budgets */
void api_invoice_list(struct http_req *req, struct http_resp *resp);   /* GET /invoices */
void api_invoice_create(struct http_req *req, struct http_resp *resp); /* POST /invoices */
void api_invoice_get(struct http_req *req, struct http_resp *resp);    /* GET /invoices/{id} */
void api_invoice_credit(struct http_req *req, struct http_resp *resp); /* POST /invoices/{id}/credit */
void api_healthz(struct http_req *req, struct http_resp *resp);
void api_readyz(struct http_req *req, struct http_resp *resp);
void api_session_open(struct http_req *req, struct http_resp *resp); /* POST /session */
void api_session_get(struct http_req *req, struct http_resp *resp);  /* GET /session */
void api_session_end(struct http_req *req, struct http_resp *resp);  /* DELETE /session */
void api_token_open(struct http_req *req, struct http_resp *resp);   /* POST /tokens */

/* ---- shared by the handlers (web/api/input.c) ---- */

/* the JSON object body of the request; on failure answers 400/413/415 and
 * returns -1 */
int api_body(struct http_req *req, struct http_resp *resp, json_t **out);
/* If-Match as a version: 0 and *version set; 1 when absent and not required
 * (*version = -1); -1 after answering 400/428 */
int api_if_match(struct http_req *req, struct http_resp *resp, bool required, int64_t *version);
/* the Idempotency-Key of a POST into idem (key NULL when absent); -1 after
 * answering 400. scope and fp are buffers the caller keeps alive. */
int api_idem(struct http_req *req, struct http_resp *resp, struct svc_idem *idem,
	     char *scope, size_t scopelen, char *fp, size_t fplen);
/* the service context for this request: the account logged in, its roles,
 * the client's address; -1 after answering */
int api_svc(struct http_req *req, struct http_resp *resp, struct svc *s);
/* answer with the service's error */
void api_fail(struct http_resp *resp, const struct svc_error *err);
/* answer with one record (status, ETag from its version); takes rec */
void api_record(struct http_resp *resp, int status, json_t *rec);

#endif
