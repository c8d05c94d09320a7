/*
 * GET /: the start page. Each role the account holds adds its section, in
 * this order: the coordinator's own running cases with their next step and
 * its date; the regional manager's queue (what waits for a decision, a
 * coordinator, a verdict, an evaluation); the intake worker's button for a
 * new request and the recent requests without a coordinator; the admin's
 * links; for funders and researchers a line about the reports.
 *
 * Every list comes from svc_list, which narrows it to what the account may
 * see (and writes the access-log entry of every case shown). Child records
 * (the conference's date, the plan's evaluation date) are read one per
 * case, only for the few cases that need them.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "web/pages/case_list.h"
#include "web/pages/fields.h"
#include "web/pages/page.h"

/* rows of a queue table; the whole list is one link away */
#define QUEUE_ROWS 25
/* cases with a judged plan whose plan is read for its evaluation date */
#define PLAN_SCAN 50
/* the evaluation counts as due this many days ahead */
#define DUE_AHEAD_DAYS 14
/* "recent" for the intake worker's list */
#define INTAKE_DAYS 60
/* a coordinator's running cases per state */
#define COORD_MAX 100

/* ---- small pieces ------------------------------------------------------------ */

static json_t *list_requests(struct page *p, const char *n1, const char *v1, const char *n2, const char *v2,
			     int64_t limit, struct svc_error *err)
{
	const char *names[2], *values[2];
	size_t n = 0;
	if (n1) {
		names[n] = n1;
		values[n++] = v1;
	}
	if (n2) {
		names[n] = n2;
		values[n++] = v2;
	}
	struct svc_list_params lp = { .filter_names = names, .filter_values = values, .nfilters = n,
				      .after = NULL, .limit = limit };
	json_t *out = NULL;
	if (svc_list(&p->svc, &ENTITY_REQUEST, 0, &lp, &out, err) < 0)
		return NULL;
	return out;
}

/* a section could not be loaded: say so, and go on with the rest */
static void section_failed(struct page *p, const struct svc_error *err)
{
	char key[48];
	snprintf(key, sizeof key, "error.page_%d", err->status);
	page_alert(p, "error", tr_maybe(p->lang, key) ? T(p, key) : T(p, "error.page_other"));
}

/* a due date: "te laat: 12-11-2026" when it has passed */
static void due_date(struct page *p, const char *due, const char *today)
{
	if (!due || !due[0]) {
		page_t(p, "home.due_none");
		return;
	}
	char d[32];
	i18n_date(p->lang, due, d);
	if (strcmp(due, today) < 0) {
		html_lit(&p->h, "<strong class=\"kring-overdue\">");
		page_tf(p, "home.overdue", d, NULL);
		html_lit(&p->h, "</strong>");
	} else {
		html_text(&p->h, d);
	}
}

static void int_text(int64_t v, char out[24])
{
	snprintf(out, 24, "%lld", (long long)v);
}

/* ---- the coordinator: my cases ------------------------------------------------ */

/* the states in which a case is the coordinator's and still runs, with the
 * next step (home.next.STATE) */
static const char *const RUNNING[] = { "coordinator_assigned", "preparation", "conference_scheduled",
	"conference_held", "plan_judged", "follow_up", NULL };

struct my_case {
	json_t *rec;   /* borrowed from the list */
	char due[11];  /* "" when the step has no date */
};

static int by_due(const void *a, const void *b)
{
	const struct my_case *x = a, *y = b;
	/* dated steps first, earliest first; then the rest, oldest request first */
	if (x->due[0] && !y->due[0])
		return -1;
	if (!x->due[0] && y->due[0])
		return 1;
	int c = strcmp(x->due, y->due);
	if (c)
		return c;
	const char *rx = jstr(x->rec, "requested_on"), *ry = jstr(y->rec, "requested_on");
	c = strcmp(rx ? rx : "", ry ? ry : "");
	if (c)
		return c;
	return jint(x->rec, "id") < jint(y->rec, "id") ? -1 : jint(x->rec, "id") > jint(y->rec, "id");
}

/* the date of the next step of a running case: the conference's date, the
 * plan's evaluation date */
static void step_due(struct page *p, const json_t *rec, char due[11])
{
	const char *state = jstr(rec, "state");
	const struct entity *e = NULL;
	const char *field = NULL;
	due[0] = '\0';
	if (strcmp(state, "conference_scheduled") == 0) {
		e = &ENTITY_CONFERENCE;
		field = "scheduled_on";
	} else if (strcmp(state, "plan_judged") == 0) {
		e = &ENTITY_PLAN;
		field = "evaluation_on";
	} else {
		return;
	}
	json_t *child = NULL;
	struct svc_error err;
	if (svc_get_by_parent(&p->svc, e, jint(rec, "id"), &child, &err) == 0) {
		const char *d = jstr(child, field);
		if (d)
			snprintf(due, 11, "%s", d);
	}
	json_decref(child);
}

static void section_coordinator(struct page *p, const char *today)
{
	struct html *h = &p->h;
	html_lit(h, "<section class=\"kring-section\" aria-labelledby=\"home-coordinator\">"
		    "<h2 class=\"utrecht-heading-2\" id=\"home-coordinator\">");
	page_t(p, "home.coord_title");
	html_lit(h, "</h2>");
	int64_t me = json_integer_value(json_object_get(p->svc.user, "coordinator_id"));
	if (me <= 0) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "home.coord_no_link");
		html_lit(h, "</p></section>");
		return;
	}
	char me_text[24];
	int_text(me, me_text);
	json_t *lists[sizeof RUNNING / sizeof RUNNING[0]] = { 0 };
	size_t ncases = 0;
	bool more = false;
	for (size_t s = 0; RUNNING[s]; s++) {
		struct svc_error err;
		lists[s] = list_requests(p, "coordinator_id", me_text, "state", RUNNING[s], COORD_MAX, &err);
		if (!lists[s]) {
			section_failed(p, &err);
			for (size_t k = 0; k < s; k++)
				json_decref(lists[k]);
			html_lit(h, "</section>");
			return;
		}
		ncases += json_array_size(json_object_get(lists[s], "items"));
		more |= !json_is_null(json_object_get(lists[s], "next"));
	}
	struct my_case *cases = calloc(ncases ? ncases : 1, sizeof *cases);
	size_t n = 0;
	for (size_t s = 0; cases && RUNNING[s]; s++) {
		size_t i;
		json_t *rec;
		json_array_foreach(json_object_get(lists[s], "items"), i, rec) {
			cases[n].rec = rec;
			step_due(p, rec, cases[n].due);
			n++;
		}
	}
	if (!cases)
		p->h.failed = true;
	if (n)
		qsort(cases, n, sizeof *cases, by_due);

	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_t(p, n ? "home.coord_intro" : "home.coord_none");
	html_lit(h, "</p>");
	if (n) {
		html_lit(h, "<div class=\"utrecht-table-container\" tabindex=\"0\" role=\"region\"");
		html_attr_kv(h, "aria-label", T(p, "home.coord_title"));
		html_lit(h, "><table class=\"utrecht-table kring-table\"><thead class=\"utrecht-table__header\">"
			    "<tr class=\"utrecht-table__row\">");
		case_list_th(p, "requests.col_case");
		case_list_th(p, "requests.col_main_persons");
		case_list_th(p, "requests.col_state");
		case_list_th(p, "home.col_next");
		case_list_th(p, "home.col_due");
		html_lit(h, "</tr></thead><tbody class=\"utrecht-table__body\">");
		for (size_t i = 0; i < n; i++) {
			const json_t *rec = cases[i].rec;
			const char *state = jstr(rec, "state");
			html_lit(h, "<tr class=\"utrecht-table__row\">");
			case_list_number(p, rec);
			case_list_persons(p, rec);
			case_list_state(p, rec);
			case_list_td_open(p);
			html_text(h, tr3(p->lang, "home.next", state, NULL));
			case_list_td_close(p);
			case_list_td_open(p);
			due_date(p, cases[i].due, today);
			case_list_td_close(p);
			html_lit(h, "</tr>");
		}
		html_lit(h, "</tbody></table></div>");
	}
	if (more) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "home.coord_more");
		html_lit(h, " <a class=\"utrecht-link\" href=\"/requests?coordinator_id=");
		html_url(h, me_text);
		html_lit(h, "\">");
		page_t(p, "home.coord_all");
		html_lit(h, "</a></p>");
	}
	free(cases);
	for (size_t s = 0; RUNNING[s]; s++)
		json_decref(lists[s]);
	html_lit(h, "</section>");
}

/* ---- the regional manager: the queue ------------------------------------------ */

/* dues: id (as text) -> the evaluation date, or NULL */
static void queue_table(struct page *p, const char *label, const json_t *items, const json_t *options,
			const json_t *dues, const char *today)
{
	struct html *h = &p->h;
	html_lit(h, "<div class=\"utrecht-table-container\" tabindex=\"0\" role=\"region\"");
	html_attr_kv(h, "aria-label", label);
	html_lit(h, "><table class=\"utrecht-table kring-table\"><thead class=\"utrecht-table__header\">"
		    "<tr class=\"utrecht-table__row\">");
	case_list_th(p, "requests.col_case");
	case_list_th(p, "requests.col_main_persons");
	case_list_th(p, "requests.col_region");
	case_list_th(p, "requests.col_requested_on");
	if (dues)
		case_list_th(p, "home.col_evaluation");
	html_lit(h, "</tr></thead><tbody class=\"utrecht-table__body\">");
	size_t i;
	json_t *rec;
	json_array_foreach(items, i, rec) {
		html_lit(h, "<tr class=\"utrecht-table__row\">");
		case_list_number(p, rec);
		case_list_persons(p, rec);
		case_list_region(p, rec, options);
		case_list_requested_on(p, rec);
		if (dues) {
			char id[24];
			int_text(jint(rec, "id"), id);
			case_list_td_open(p);
			const char *d = json_string_value(json_object_get(dues, id));
			if (d)
				due_date(p, d, today);
			else
				html_text(h, tr3(p->lang, "state", jstr(rec, "state"), NULL));
			case_list_td_close(p);
		}
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tbody></table></div>");
}

static void queue_heading(struct page *p, const char *key, int64_t count)
{
	char n[24];
	int_text(count, n);
	html_lit(&p->h, "<h3 class=\"utrecht-heading-3\">");
	page_tf(p, key, n, NULL);
	html_lit(&p->h, "</h3>");
}

static void queue_all_link(struct page *p, const char *state, int64_t shown, int64_t total)
{
	struct html *h = &p->h;
	char s[24], t[24];
	int_text(shown, s);
	int_text(total, t);
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	if (shown < total) {
		page_tf(p, "home.queue_shown", s, t);
		html_lit(h, " ");
	}
	html_lit(h, "<a class=\"utrecht-link\" href=\"/requests?state=");
	html_url(h, state);
	html_lit(h, "\">");
	page_tf(p, "home.queue_all", tr3(p->lang, "state", state, NULL), NULL);
	html_lit(h, "</a></p>");
}

/* one group of the queue: the cases in one state */
static void queue_state(struct page *p, const char *state, const char *heading_key, const json_t *options,
			const char *today)
{
	struct svc_error err;
	json_t *list = list_requests(p, "state", state, NULL, NULL, QUEUE_ROWS, &err);
	if (!list) {
		queue_heading(p, heading_key, 0);
		section_failed(p, &err);
		return;
	}
	const json_t *items = json_object_get(list, "items");
	int64_t total = json_integer_value(json_object_get(list, "total"));
	queue_heading(p, heading_key, total);
	if (total == 0) {
		html_lit(&p->h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "home.queue_empty");
		html_lit(&p->h, "</p>");
	} else {
		queue_table(p, tr3(p->lang, "state", state, NULL), items, options, NULL, today);
		queue_all_link(p, state, (int64_t)json_array_size(items), total);
	}
	json_decref(list);
}

struct due_case {
	json_t *rec;
	char due[11];
};

static int by_due_case(const void *a, const void *b)
{
	const struct due_case *x = a, *y = b;
	int c = strcmp(x->due, y->due);
	if (c)
		return c;
	return jint(x->rec, "id") < jint(y->rec, "id") ? -1 : jint(x->rec, "id") > jint(y->rec, "id");
}

/* the evaluations: judged plans whose evaluation date has passed or comes
 * within DUE_AHEAD_DAYS, then the cases in follow-up */
static void queue_follow_ups(struct page *p, const json_t *options, const char *today)
{
	struct html *h = &p->h;
	struct svc_error err;
	char horizon[11];
	date_from_days(date_days(today) + DUE_AHEAD_DAYS, horizon);
	json_t *judged = list_requests(p, "state", "plan_judged", NULL, NULL, PLAN_SCAN, &err);
	json_t *follow = judged ? list_requests(p, "state", "follow_up", NULL, NULL, QUEUE_ROWS, &err) : NULL;
	if (!judged || !follow) {
		json_decref(judged);
		queue_heading(p, "home.queue_follow_up", 0);
		section_failed(p, &err);
		return;
	}
	const json_t *jitems = json_object_get(judged, "items");
	struct due_case *due = calloc(json_array_size(jitems) + 1, sizeof *due);
	size_t ndue = 0, i;
	json_t *rec;
	json_array_foreach(jitems, i, rec) {
		if (!due)
			break;
		json_t *plan = NULL;
		struct svc_error perr;
		if (svc_get_by_parent(&p->svc, &ENTITY_PLAN, jint(rec, "id"), &plan, &perr) == 0) {
			const char *d = jstr(plan, "evaluation_on");
			if (d && strcmp(d, horizon) <= 0) {
				due[ndue].rec = rec;
				snprintf(due[ndue].due, sizeof due[ndue].due, "%s", d);
				ndue++;
			}
		}
		json_decref(plan);
	}
	if (ndue)
		qsort(due, ndue, sizeof *due, by_due_case);
	int64_t ftotal = json_integer_value(json_object_get(follow, "total"));
	queue_heading(p, "home.queue_follow_up", (int64_t)ndue + ftotal);
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	char days[24];
	int_text(DUE_AHEAD_DAYS, days);
	page_tf(p, "home.queue_follow_up_intro", days, NULL);
	if (!json_is_null(json_object_get(judged, "next"))) {
		char n[24];
		int_text(PLAN_SCAN, n);
		html_lit(h, " ");
		page_tf(p, "home.queue_scan_capped", n, NULL);
	}
	html_lit(h, "</p>");
	if (ndue + (size_t)ftotal == 0) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "home.queue_empty");
		html_lit(h, "</p>");
	} else {
		json_t *rows = json_array(), *dues = json_object();
		for (size_t k = 0; k < ndue; k++) {
			char id[24];
			int_text(jint(due[k].rec, "id"), id);
			json_array_append(rows, due[k].rec);
			json_object_set_new(dues, id, json_string(due[k].due));
		}
		json_array_foreach(json_object_get(follow, "items"), i, rec)
			json_array_append(rows, rec);
		queue_table(p, T(p, "home.col_evaluation"), rows, options, dues, today);
		json_decref(rows);
		json_decref(dues);
		size_t fshown = json_array_size(json_object_get(follow, "items"));
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		if ((int64_t)fshown < ftotal) {
			char s[24], t[24];
			int_text((int64_t)fshown, s);
			int_text(ftotal, t);
			page_tf(p, "home.queue_follow_up_shown", s, t);
			html_lit(h, " ");
		}
		html_lit(h, "<a class=\"utrecht-link\" href=\"/requests?state=plan_judged\">");
		page_tf(p, "home.queue_all", tr3(p->lang, "state", "plan_judged", NULL), NULL);
		html_lit(h, "</a> &middot; <a class=\"utrecht-link\" href=\"/requests?state=follow_up\">");
		page_tf(p, "home.queue_all", tr3(p->lang, "state", "follow_up", NULL), NULL);
		html_lit(h, "</a></p>");
	}
	free(due);
	json_decref(judged);
	json_decref(follow);
}

static void section_manager(struct page *p, const json_t *options, const char *today)
{
	struct html *h = &p->h;
	html_lit(h, "<section class=\"kring-section\" aria-labelledby=\"home-queue\">"
		    "<h2 class=\"utrecht-heading-2\" id=\"home-queue\">");
	page_t(p, "home.queue_title");
	html_lit(h, "</h2><p class=\"utrecht-paragraph\">");
	page_t(p, "home.queue_intro");
	html_lit(h, "</p>");
	queue_state(p, "requested", "home.queue_requested", options, today);
	queue_state(p, "funding_decided", "home.queue_funding_decided", options, today);
	queue_state(p, "conference_held", "home.queue_conference_held", options, today);
	queue_follow_ups(p, options, today);
	html_lit(h, "</section>");
}

/* ---- intake: a new request, the recent ones ------------------------------------ */

static int by_id_desc(const void *a, const void *b)
{
	int64_t x = jint(*(json_t *const *)a, "id"), y = jint(*(json_t *const *)b, "id");
	return x > y ? -1 : x < y;
}

static void section_intake(struct page *p, const json_t *options, const char *today)
{
	struct html *h = &p->h;
	html_lit(h, "<section class=\"kring-section\" aria-labelledby=\"home-intake\">"
		    "<h2 class=\"utrecht-heading-2\" id=\"home-intake\">");
	page_t(p, "home.intake_title");
	html_lit(h, "</h2><p class=\"utrecht-paragraph kring-actions\">");
	page_button_link(p, "/requests/new", T(p, "nav.new_request"), true);
	html_lit(h, "</p>");

	char from[11];
	date_from_days(date_days(today) - INTAKE_DAYS, from);
	struct svc_error err;
	json_t *a = list_requests(p, "state", "requested", "requested_on_from", from, 100, &err);
	json_t *b = a ? list_requests(p, "state", "funding_decided", "requested_on_from", from, 100, &err) : NULL;
	char days[24];
	int_text(INTAKE_DAYS, days);
	if (!a || !b) {
		json_decref(a);
		html_lit(h, "<h3 class=\"utrecht-heading-3\">");
		page_tf(p, "home.intake_recent", "0", NULL);
		html_lit(h, "</h3>");
		section_failed(p, &err);
		html_lit(h, "</section>");
		return;
	}
	const json_t *ia = json_object_get(a, "items"), *ib = json_object_get(b, "items");
	size_t n = json_array_size(ia) + json_array_size(ib), k = 0, i;
	json_t **rows = calloc(n + 1, sizeof *rows), *rec;
	if (rows) {
		json_array_foreach(ia, i, rec)
			rows[k++] = rec;
		json_array_foreach(ib, i, rec)
			rows[k++] = rec;
		qsort(rows, k, sizeof *rows, by_id_desc);
	} else {
		p->h.failed = true;
	}
	char count[24];
	int_text(json_integer_value(json_object_get(a, "total")) + json_integer_value(json_object_get(b, "total")),
		 count);
	html_lit(h, "<h3 class=\"utrecht-heading-3\">");
	page_tf(p, "home.intake_recent", count, NULL);
	html_lit(h, "</h3><p class=\"utrecht-paragraph\">");
	page_tf(p, k ? "home.intake_recent_intro" : "home.intake_none", days, NULL);
	html_lit(h, "</p>");
	if (k) {
		html_lit(h, "<div class=\"utrecht-table-container\" tabindex=\"0\" role=\"region\"");
		html_attr_kv(h, "aria-label", T(p, "home.intake_title"));
		html_lit(h, "><table class=\"utrecht-table kring-table\"><thead class=\"utrecht-table__header\">"
			    "<tr class=\"utrecht-table__row\">");
		case_list_th(p, "requests.col_case");
		case_list_th(p, "requests.col_main_persons");
		case_list_th(p, "requests.col_region");
		case_list_th(p, "requests.col_state");
		case_list_th(p, "requests.col_requested_on");
		html_lit(h, "</tr></thead><tbody class=\"utrecht-table__body\">");
		for (size_t r = 0; r < k; r++) {
			html_lit(h, "<tr class=\"utrecht-table__row\">");
			case_list_number(p, rows[r]);
			case_list_persons(p, rows[r]);
			case_list_region(p, rows[r], options);
			case_list_state(p, rows[r]);
			case_list_requested_on(p, rows[r]);
			html_lit(h, "</tr>");
		}
		html_lit(h, "</tbody></table></div>");
	}
	free(rows);
	json_decref(a);
	json_decref(b);
	html_lit(h, "</section>");
}

/* ---- admin, funder, researcher ---------------------------------------------- */

static void section_admin(struct page *p)
{
	struct html *h = &p->h;
	html_lit(h, "<section class=\"kring-section\" aria-labelledby=\"home-admin\">"
		    "<h2 class=\"utrecht-heading-2\" id=\"home-admin\">");
	page_t(p, "home.admin_title");
	html_lit(h, "</h2><p class=\"utrecht-paragraph\">");
	page_t(p, "home.admin_text");
	html_lit(h, "</p><ul class=\"utrecht-unordered-list\"><li class=\"utrecht-unordered-list__item\">"
		    "<a class=\"utrecht-link\" href=\"/admin\">");
	page_t(p, "home.admin_link");
	html_lit(h, "</a></li><li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\" href=\"/users\">");
	page_t(p, "home.users_link");
	html_lit(h, "</a></li></ul></section>");
}

static void section_reports(struct page *p)
{
	struct html *h = &p->h;
	html_lit(h, "<section class=\"kring-section\" aria-labelledby=\"home-reports\">"
		    "<h2 class=\"utrecht-heading-2\" id=\"home-reports\">");
	page_t(p, "home.reports_title");
	html_lit(h, "</h2><p class=\"utrecht-paragraph\">");
	page_t(p, "home.reports_text");
	html_lit(h, "</p><ul class=\"utrecht-unordered-list\">");
	static const char *const REPORTS[][2] = { { "/reports/annual", "reports.page.annual" },
		{ "/reports/outcomes", "reports.page.outcomes" }, { "/reports/costs", "reports.page.costs" } };
	for (size_t i = 0; i < sizeof REPORTS / sizeof REPORTS[0]; i++) {
		html_lit(h, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\" href=\"");
		html_attr(h, REPORTS[i][0]);
		html_lit(h, "\">");
		page_t(p, REPORTS[i][1]);
		html_lit(h, "</a></li>");
	}
	html_lit(h, "</ul></section>");
}

/* ---- the page ------------------------------------------------------------------ */

void page_home(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	struct html *h = &p.h;
	char today[11];
	date_today(today);
	page_open_noh1(&p, T(&p, "home.title"), "nav.home");
	html_lit(h, "<h1 class=\"utrecht-heading-1\">");
	page_tf(&p, "home.welcome", json_string_value(json_object_get(req->user, "display_name")), NULL);
	html_lit(h, "</h1>");
	page_saved_notice(&p);

	bool manager = page_has_role(&p, ROLE_REGIONAL_MANAGER), intake = page_has_role(&p, ROLE_INTAKE);
	json_t *options = NULL;
	if (manager || intake) {
		static const char *const regions[] = { "region_id", NULL };
		options = fields_options(&p, &ENTITY_REQUEST, regions, 0);
	}
	bool any = false;
	if (page_has_role(&p, ROLE_COORDINATOR)) {
		section_coordinator(&p, today);
		any = true;
	}
	if (manager) {
		section_manager(&p, options, today);
		any = true;
	}
	if (intake) {
		section_intake(&p, options, today);
		any = true;
	}
	if (page_has_role(&p, ROLE_ADMIN)) {
		section_admin(&p);
		any = true;
	}
	if (page_has_role(&p, ROLE_FUNDER) || page_has_role(&p, ROLE_RESEARCHER)) {
		section_reports(&p);
		any = true;
	}
	if (!any) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(&p, "home.no_roles");
		html_lit(h, "</p>");
	}
	json_decref(options);
	page_close(&p);
	page_end(&p);
}
