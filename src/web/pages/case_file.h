#ifndef KRING_WEB_PAGES_CASE_FILE_H
#define KRING_WEB_PAGES_CASE_FILE_H
/*
 * The case a page is about (a request, read through the service, so that
 * the account's scope applies), and what the account may do with it: the
 * same rules (domain/policy.c) the service applies, asked beforehand so
 * that a page offers only the links and buttons that will work.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/lifecycle.h"
#include "domain/policy.h"
#include "web/pages/page.h"

#define CASE_FILE_MAX_REGIONS 200

struct case_file {
	json_t *req; /* the request (owned) */
	int64_t id;
	enum state state;
	struct principal pr;
	int64_t regions[CASE_FILE_MAX_REGIONS];
	struct case_facts facts;
};

/* read request id as the page's account; -1 with err filled (404 outside
 * the account's scope) */
int case_file_load(struct page *p, int64_t id, struct case_file *c, struct svc_error *err);
void case_file_release(struct case_file *c);
/* start a page about the case of the route (req->ids[0]): page_begin, then
 * case_file_load; -1 after answering (an error page), the page ended */
int case_file_begin(struct page *p, struct http_req *req, struct http_resp *resp, struct case_file *c);
/* may the account do op on records of e of this case (act: the action of
 * OP_ACT)? Commands (no account) may do everything. */
bool case_file_may(const struct case_file *c, const struct page *p, enum op op, const struct entity *e,
		   enum action act);

#endif
