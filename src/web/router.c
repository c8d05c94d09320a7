/*
 * The route table: every URL kring answers, one row each. Adding an endpoint
 * means adding a row here and a handler in web/api/.
 */
#include "web/http.h"

#include <stdio.h>
#include <string.h>

#include "domain/model.h"
#include "util/text.h"
#include "web/api/api.h"
#include "web/pages/pages.h"

#define V1 "/api/v1/"
/* a top-level record: list, create, read, change */
#define TOP(p, e) \
	{ "GET", V1 p, api_list, &e, 0, 0 }, { "POST", V1 p, api_create, &e, 0, 0 }, \
	{ "GET", V1 p "/{id}", api_get, &e, 0, 0 }, { "PATCH", V1 p "/{id}", api_update, &e, 0, 0 }
/* a record of a request: list and create under it, read/change/delete by id */
#define CHILD(p, e) \
	{ "GET", V1 "requests/{id}/" p, api_child_list, &e, 0, 0 }, \
	{ "POST", V1 "requests/{id}/" p, api_child_create, &e, 0, 0 }, \
	{ "GET", V1 p "/{id}", api_get, &e, 0, 0 }, { "PATCH", V1 p "/{id}", api_update, &e, 0, 0 }, \
	{ "DELETE", V1 p "/{id}", api_delete, &e, 0, 0 }
#define ACTION(a) { "POST", V1 "requests/{id}/" a, api_transition, a, 0, 0 }
/* every other route: OPEN ones answer without a login */
#define ROUTE(m, p, h, a) { m, p, h, a, 0, 0 }
#define OPEN(m, p, h) { m, p, h, NULL, 1, 0 }
/* HTML pages: without a login the browser goes to /login; OPEN_PAGE ones
 * are shown to anyone */
#define PAGE(m, p, h, a) { m, p, h, a, 0, 1 }
#define OPEN_PAGE(m, p, h) { m, p, h, NULL, 1, 1 }
/* the page of a lifecycle action: its form, and doing it */
#define PAGE_ACTION(a) PAGE("GET", "/requests/{id}/" a, page_action_form, a), \
	PAGE("POST", "/requests/{id}/" a, page_action_do, a)
/* the records of a case: a new one, and changing or removing one */
#define PAGE_CHILD(p, e) \
	PAGE("GET", "/requests/{id}/" p "/new", page_child_new, &e), \
	PAGE("POST", "/requests/{id}/" p, page_child_create, &e), \
	PAGE("GET", "/" p "/{id}/edit", page_child_edit, &e), \
	PAGE("POST", "/" p "/{id}/edit", page_child_update, &e), \
	PAGE("POST", "/" p "/{id}/delete", page_child_delete, &e)
/* reference data: list, new, change */
#define PAGE_REF(p, e) \
	PAGE("GET", "/" p, page_ref_list, &e), PAGE("GET", "/" p "/new", page_ref_new, &e), \
	PAGE("POST", "/" p, page_ref_create, &e), PAGE("GET", "/" p "/{id}/edit", page_ref_edit, &e), \
	PAGE("POST", "/" p "/{id}/edit", page_ref_update, &e)

const struct route routes[] = {
	OPEN("GET", "/healthz", api_healthz),
	OPEN("GET", "/readyz", api_readyz),

	OPEN("POST", V1 "session", api_session_open),
	ROUTE("GET", V1 "session", api_session_get, NULL),
	ROUTE("DELETE", V1 "session", api_session_end, NULL),
	OPEN("POST", V1 "tokens", api_token_open),

	TOP("regions", ENTITY_REGION),
	TOP("organisations", ENTITY_ORGANISATION),
	TOP("funders", ENTITY_FUNDER),
	TOP("agreements", ENTITY_AGREEMENT),
	TOP("coordinators", ENTITY_COORDINATOR),
	TOP("requests", ENTITY_REQUEST),

	CHILD("network-members", ENTITY_NETWORK_MEMBER),
	CHILD("plan-actions", ENTITY_PLAN_ACTION),
	CHILD("measures", ENTITY_MEASURE),
	CHILD("follow-ups", ENTITY_FOLLOW_UP),
	CHILD("costs", ENTITY_COST),

	ROUTE("GET", V1 "requests/{id}/plan", api_one_get, &ENTITY_PLAN),
	ROUTE("POST", V1 "requests/{id}/plan", api_child_create, &ENTITY_PLAN),
	ROUTE("GET", V1 "plans/{id}", api_get, &ENTITY_PLAN),
	ROUTE("PATCH", V1 "plans/{id}", api_update, &ENTITY_PLAN),

	ROUTE("GET", V1 "requests/{id}/conference", api_one_get, &ENTITY_CONFERENCE),
	ROUTE("GET", V1 "conferences/{id}", api_get, &ENTITY_CONFERENCE),
	ROUTE("PATCH", V1 "conferences/{id}", api_update, &ENTITY_CONFERENCE),

	ROUTE("GET", V1 "requests/{id}/verdicts", api_child_list, &ENTITY_VERDICT),
	ROUTE("GET", V1 "verdicts/{id}", api_get, &ENTITY_VERDICT),
	ROUTE("GET", V1 "requests/{id}/transitions", api_child_list, &ENTITY_TRANSITION),
	/* the choices of coordinator, each with the shortlist of its moment */
	ROUTE("GET", V1 "requests/{id}/coordinator-choices", api_child_list, &ENTITY_COORDINATOR_CHOICE),
	ROUTE("GET", V1 "coordinator-choices/{id}", api_get, &ENTITY_COORDINATOR_CHOICE),
	/* the AVG right of access: everything held on the case */
	ROUTE("GET", V1 "requests/{id}/export", api_export, &ENTITY_REQUEST),
	/* the ranked shortlist of coordinators, and who is excluded why */
	ROUTE("GET", V1 "requests/{id}/matches", api_matches, &ENTITY_REQUEST),
	/* funding: the agreements that could pay, and what each has left */
	ROUTE("GET", V1 "requests/{id}/funding-options", api_funding_options, &ENTITY_REQUEST),
	ROUTE("GET", V1 "budgets", api_budgets, NULL),

	ACTION("decide-funding"),
	ACTION("assign-coordinator"),
	ACTION("start-preparation"),
	ACTION("schedule-conference"),
	ACTION("record-conference"),
	ACTION("judge-plan"),
	ACTION("start-follow-up"),
	ACTION("close"),
	ACTION("stop"),

	ROUTE("GET", V1 "reports/annual", api_report, "annual"),
	ROUTE("GET", V1 "reports/outcomes", api_report, "outcomes"),
	ROUTE("GET", V1 "reports/costs", api_report, "costs"),

	/* invoices to funders: issued, never changed; a credit note corrects */
	ROUTE("GET", V1 "invoices", api_invoice_list, NULL),
	ROUTE("POST", V1 "invoices", api_invoice_create, NULL),
	ROUTE("GET", V1 "invoices/{id}", api_invoice_get, NULL),
	ROUTE("POST", V1 "invoices/{id}/credit", api_invoice_credit, NULL),

	/* ---- the HTML pages (web/pages/) ---- */
	OPEN_PAGE("GET", "/login", page_login_get),
	OPEN_PAGE("POST", "/login", page_login_post),
	PAGE("POST", "/logout", page_logout, NULL),
	PAGE("GET", "/account", page_account, NULL),
	PAGE("POST", "/account", page_account_settings, NULL),
	PAGE("POST", "/account/password", page_account_password, NULL),
	PAGE("POST", "/account/second-factor", page_account_factor, NULL),
	OPEN_PAGE("GET", "/accessibility", page_accessibility),
	OPEN_PAGE("GET", "/privacy", page_privacy),

	PAGE("GET", "/", page_home, NULL),
	PAGE("GET", "/requests", page_requests, NULL),
	PAGE("GET", "/requests/new", page_request_new, NULL),
	PAGE("POST", "/requests", page_request_create, NULL),
	PAGE("GET", "/requests/{id}/edit", page_request_edit, NULL),
	PAGE("POST", "/requests/{id}/edit", page_request_update, NULL),

	PAGE("GET", "/requests/{id}", page_case, NULL),
	PAGE("GET", "/requests/{id}/plan/print", page_plan_print, NULL),
	PAGE_ACTION("decide-funding"),
	PAGE_ACTION("assign-coordinator"),
	PAGE_ACTION("start-preparation"),
	PAGE_ACTION("schedule-conference"),
	PAGE_ACTION("record-conference"),
	PAGE_ACTION("judge-plan"),
	PAGE_ACTION("start-follow-up"),
	PAGE_ACTION("close"),
	PAGE_ACTION("stop"),

	PAGE_CHILD("network-members", ENTITY_NETWORK_MEMBER),
	PAGE_CHILD("plan-actions", ENTITY_PLAN_ACTION),
	PAGE_CHILD("measures", ENTITY_MEASURE),
	PAGE_CHILD("follow-ups", ENTITY_FOLLOW_UP),
	PAGE_CHILD("costs", ENTITY_COST),
	PAGE("GET", "/requests/{id}/plan/edit", page_one_edit, &ENTITY_PLAN),
	PAGE("POST", "/requests/{id}/plan/edit", page_one_save, &ENTITY_PLAN),
	PAGE("GET", "/requests/{id}/conference/edit", page_one_edit, &ENTITY_CONFERENCE),
	PAGE("POST", "/requests/{id}/conference/edit", page_one_save, &ENTITY_CONFERENCE),

	PAGE("GET", "/reports", page_reports, NULL),
	PAGE("GET", "/reports/annual", page_report, "annual"),
	PAGE("GET", "/reports/outcomes", page_report, "outcomes"),
	PAGE("GET", "/reports/costs", page_report, "costs"),

	PAGE("GET", "/invoices", page_invoices, NULL),
	PAGE("POST", "/invoices", page_invoice_create, NULL),
	PAGE("GET", "/invoices/{id}", page_invoice, NULL),
	PAGE("GET", "/invoices/{id}/credit", page_invoice_credit_form, NULL),
	PAGE("POST", "/invoices/{id}/credit", page_invoice_credit, NULL),

	PAGE("GET", "/budgets", page_budgets, NULL),

	PAGE("GET", "/availability", page_availability, NULL),
	PAGE("POST", "/availability", page_availability_add, NULL),
	PAGE("POST", "/availability/remove", page_availability_remove, NULL),

	PAGE("GET", "/admin", page_admin, NULL),
	PAGE_REF("regions", ENTITY_REGION),
	PAGE_REF("organisations", ENTITY_ORGANISATION),
	PAGE_REF("funders", ENTITY_FUNDER),
	PAGE_REF("agreements", ENTITY_AGREEMENT),
	PAGE_REF("coordinators", ENTITY_COORDINATOR),
	PAGE("GET", "/users", page_users, NULL),
	PAGE("GET", "/users/new", page_user_new, NULL),
	PAGE("POST", "/users", page_user_create, NULL),
	PAGE("GET", "/users/{id}/edit", page_user_edit, NULL),
	PAGE("POST", "/users/{id}/edit", page_user_update, NULL),
};
const size_t nroutes = sizeof(routes) / sizeof(routes[0]);

/* Does path match pattern? {id} matches a positive integer, which is
 * collected into ids. */
static int match_path(const char *pattern, const char *path, int64_t *ids, int *nids)
{
	const char *p = pattern, *s = path;
	*nids = 0;
	while (*p && *s) {
		if (*p == '{' && strncmp(p, "{id}", 4) == 0) {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			char num[24];
			if (len == 0 || len >= sizeof(num) || *nids >= HTTP_MAX_IDS)
				return 0;
			memcpy(num, s, len);
			num[len] = '\0';
			int64_t v;
			if (parse_int64(num, 1, INT64_MAX, &v) < 0 || num[0] == '0')
				return 0;
			ids[(*nids)++] = v;
			p += 4;
			s += len;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

int router_match(struct http_req *req, char *allow, size_t allowlen)
{
	size_t used = 0;
	allow[0] = '\0';
	for (size_t i = 0; i < nroutes; i++) {
		int64_t ids[HTTP_MAX_IDS];
		int n;
		if (!match_path(routes[i].pattern, req->path, ids, &n))
			continue;
		if (strcmp(routes[i].method, req->method) == 0) {
			req->route = &routes[i];
			memcpy(req->ids, ids, sizeof(ids));
			req->nids = n;
			allow[0] = '\0';
			return 0;
		}
		if (!strstr(allow, routes[i].method)) {
			int w = snprintf(allow + used, allowlen - used, "%s%s", used ? ", " : "",
					 routes[i].method);
			if (w > 0 && (size_t)w < allowlen - used)
				used += (size_t)w;
		}
	}
	return used ? 405 : 404;
}
