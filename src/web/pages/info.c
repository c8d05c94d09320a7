/*
 * The pages anyone may read, logged in or not: the accessibility statement
 * and the privacy statement. Their text is in the catalogue (po/LANG/
 * account.po, keys info.*); the facts in them (retention periods, roles,
 * the access log, session times) follow the code: domain/retention.h,
 * domain/policy.h, service/accounts.c, docs/operations.md.
 */
#include "web/pages/pages.h"
#include "web/pages/page.h"

#include <stdio.h>

#include "domain/retention.h"

/* one block of a statement: 'h' a heading, 'p' a paragraph, 'l' an item of
 * a list (consecutive items make one list) */
struct block {
	char kind;
	const char *key;
};

static void statement(struct page *p, const struct block *b, size_t n)
{
	struct html *h = &p->h;
	bool in_list = false;
	for (size_t i = 0; i < n; i++) {
		if (b[i].kind != 'l' && in_list) {
			html_lit(h, "</ul>");
			in_list = false;
		}
		switch (b[i].kind) {
		case 'h':
			html_lit(h, "<h2 class=\"utrecht-heading-2\">");
			page_t(p, b[i].key);
			html_lit(h, "</h2>");
			break;
		case 'l':
			if (!in_list) {
				html_lit(h, "<ul class=\"utrecht-unordered-list\">");
				in_list = true;
			}
			html_lit(h, "<li class=\"utrecht-unordered-list__item\">");
			page_t(p, b[i].key);
			html_lit(h, "</li>");
			break;
		default:
			html_lit(h, "<p class=\"utrecht-paragraph\">");
			page_t(p, b[i].key);
			html_lit(h, "</p>");
			break;
		}
	}
	if (in_list)
		html_lit(h, "</ul>");
}

static const struct block ACCESSIBILITY[] = {
	{ 'p', "info.a11y.intro" },
	{ 'h', "info.a11y.aim_title" },
	{ 'p', "info.a11y.aim" },
	{ 'p', "info.a11y.status" },
	{ 'h', "info.a11y.tested_title" },
	{ 'p', "info.a11y.tested_intro" },
	{ 'l', "info.a11y.tested_axe" },
	{ 'l', "info.a11y.tested_keyboard" },
	{ 'l', "info.a11y.tested_phone" },
	{ 'l', "info.a11y.tested_nojs" },
	{ 'l', "info.a11y.tested_forms" },
	{ 'l', "info.a11y.tested_design" },
	{ 'h', "info.a11y.limits_title" },
	{ 'l', "info.a11y.limit_audit" },
	{ 'l', "info.a11y.limit_tables" },
	{ 'l', "info.a11y.limit_dates" },
	{ 'l', "info.a11y.limit_factor" },
	{ 'l', "info.a11y.limit_language" },
	{ 'h', "info.a11y.report_title" },
	{ 'p', "info.a11y.report" },
	{ 'p', "info.a11y.report_answer" },
	{ 'p', "info.a11y.date" },
};

void page_accessibility(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_open(&p, T(&p, "info.a11y.title"), NULL);
	statement(&p, ACCESSIBILITY, sizeof ACCESSIBILITY / sizeof ACCESSIBILITY[0]);
	page_close(&p);
	page_end(&p);
}

static const struct block PRIVACY_START[] = {
	{ 'p', "info.privacy.intro" },
	{ 'p', "info.privacy.controller" },
	{ 'h', "info.privacy.families_title" },
	{ 'p', "info.privacy.families_intro" },
	{ 'l', "info.privacy.families_request" },
	{ 'l', "info.privacy.families_persons" },
	{ 'l', "info.privacy.families_wishes" },
	{ 'l', "info.privacy.families_safety" },
	{ 'l', "info.privacy.families_network" },
	{ 'l', "info.privacy.families_conference" },
	{ 'l', "info.privacy.families_measures" },
	{ 'l', "info.privacy.families_followup" },
	{ 'l', "info.privacy.families_costs" },
	{ 'l', "info.privacy.families_history" },
	{ 'h', "info.privacy.professionals_title" },
	{ 'l', "info.privacy.prof_accounts" },
	{ 'l', "info.privacy.prof_coordinators" },
	{ 'l', "info.privacy.prof_referrers" },
	{ 'l', "info.privacy.prof_sessions" },
	{ 'h', "info.privacy.why_title" },
	{ 'p', "info.privacy.why" },
	{ 'l', "info.privacy.why_conference" },
	{ 'l', "info.privacy.why_funding" },
	{ 'l', "info.privacy.why_figures" },
	{ 'p', "info.privacy.basis" },
	{ 'h', "info.privacy.who_title" },
	{ 'p', "info.privacy.who_intro" },
	{ 'l', "info.privacy.who_intake" },
	{ 'l', "info.privacy.who_manager" },
	{ 'l', "info.privacy.who_coordinator" },
	{ 'l', "info.privacy.who_admin" },
	{ 'l', "info.privacy.who_funder" },
	{ 'p', "info.privacy.who_nobody" },
	{ 'h', "info.privacy.retention_title" },
};

static const struct block PRIVACY_END[] = {
	{ 'p', "info.privacy.retention_anonymise" },
	{ 'p', "info.privacy.retention_backups" },
	{ 'h', "info.privacy.log_title" },
	{ 'p', "info.privacy.log" },
	{ 'p', "info.privacy.log_keep" },
	{ 'h', "info.privacy.security_title" },
	{ 'l', "info.privacy.security_passwords" },
	{ 'l', "info.privacy.security_factor" },
	{ 'l', "info.privacy.security_sessions" },
	{ 'l', "info.privacy.security_cookie" },
	{ 'l', "info.privacy.security_research" },
	{ 'h', "info.privacy.rights_title" },
	{ 'p', "info.privacy.rights_intro" },
	{ 'l', "info.privacy.rights_access" },
	{ 'l', "info.privacy.rights_log" },
	{ 'l', "info.privacy.rights_correction" },
	{ 'l', "info.privacy.rights_erasure" },
	{ 'l', "info.privacy.rights_early" },
	{ 'p', "info.privacy.rights_how" },
	{ 'p', "info.privacy.complaint" },
};

void page_privacy(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_open(&p, T(&p, "info.privacy.title"), NULL);
	statement(&p, PRIVACY_START, sizeof PRIVACY_START / sizeof PRIVACY_START[0]);
	/* the default periods, from the code that applies them */
	html_lit(&p.h, "<p class=\"utrecht-paragraph\">");
	page_tf(&p, "info.privacy.retention", RETENTION_YOUTH_YEARS, RETENTION_ADULT_YEARS);
	html_lit(&p.h, "</p>");
	statement(&p, PRIVACY_END, sizeof PRIVACY_END / sizeof PRIVACY_END[0]);
	page_close(&p);
	page_end(&p);
}
