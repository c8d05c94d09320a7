/*
 * The case page (GET /requests/{id}): who the case is about, where it stands
 * in its lifecycle, what can be done next, and every record under it; the
 * forms of the lifecycle actions (GET/POST /requests/{id}/ACTION); and the
 * plan as the family receives it (GET /requests/{id}/plan/print).
 *
 * Everything comes from the services (svc_get, svc_list, svc_transition),
 * like the JSON API; links and buttons a role cannot use are hidden with
 * domain/policy.c, but the services decide.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/lifecycle.h"
#include "domain/policy.h"
#include "util/text.h"
#include "web/pages/case_file.h"
#include "web/pages/fields.h"
#include "web/pages/funding.h"
#include "web/pages/matching.h"
#include "web/pages/page.h"

#define BIT(s) (1u << (s))

/* ---- the case and what the account may do with it ---------------------------- */


/* the main persons, joined by commas */
static void main_persons(const json_t *req, char *out, size_t len)
{
	size_t used = 0, i;
	json_t *v;
	out[0] = '\0';
	json_array_foreach(json_object_get(req, "main_persons"), i, v) {
		int n = snprintf(out + used, len - used, "%s%s", used ? ", " : "", json_string_value(v));
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
}

/* every record of e under the case (up to 5000), as an array (owned) */
static json_t *list_children(struct page *p, const struct entity *e, int64_t parent)
{
	json_t *all = json_array();
	struct svc_list_params lp = { .limit = 500 };
	char cursor[64];
	for (int pages = 0; pages < 10; pages++) {
		json_t *res = NULL;
		struct svc_error err;
		if (svc_list(&p->svc, e, parent, &lp, &res, &err) < 0)
			break;
		json_array_extend(all, json_object_get(res, "items"));
		const char *next = jstr(res, "next");
		if (next)
			snprintf(cursor, sizeof cursor, "%s", next);
		json_decref(res);
		if (!next)
			break;
		lp.after = cursor;
	}
	return all;
}

/* the one record of e (plan, conference) of the case, or NULL */
static json_t *get_one(struct page *p, const struct entity *e, int64_t parent)
{
	json_t *out = NULL;
	struct svc_error err;
	if (svc_get_by_parent(&p->svc, e, parent, &out, &err) < 0)
		return NULL;
	return out;
}

/* "/requests/" 12 "/plan/edit" */
static void href_id(char *out, size_t len, const char *pre, int64_t id, const char *post)
{
	snprintf(out, len, "%s%lld%s", pre, (long long)id, post);
}

/* <p><a href="/requests/ID">back to the case</a></p> */
static void back_link(struct page *p, int64_t id, const char *cls)
{
	char href[64];
	href_id(href, sizeof href, "/requests/", id, "");
	html_lit(&p->h, "<p class=\"utrecht-paragraph kring-back");
	if (cls) {
		html_lit(&p->h, " ");
		html_attr(&p->h, cls);
	}
	html_lit(&p->h, "\"><a class=\"utrecht-link\"");
	html_attr_kv(&p->h, "href", href);
	html_lit(&p->h, ">&larr; ");
	page_t(p, "case.back");
	html_lit(&p->h, "</a></p>");
}

/* a date in the page's language, into out */
static void date_text(struct page *p, const char *iso, char out[32])
{
	if (iso)
		i18n_date(p->lang, iso, out);
	else
		out[0] = '\0';
}

static const char *state_label(struct page *p, enum state s)
{
	return tr3(p->lang, "state", state_name(s), NULL);
}

static const char *action_label(struct page *p, const char *name)
{
	return tr3(p->lang, "action", name, NULL);
}

/* ?saved=KEY after a POST-redirect-GET: our own texts under case.saved. */
static void saved_notice(struct page *p)
{
	const char *what = page_query(p, "saved");
	if (!what)
		return;
	static const char *const known[] = { "action", "record", "deleted", "plan", "conference", NULL };
	for (size_t i = 0; known[i]; i++) {
		if (strcmp(what, known[i]) == 0) {
			const char *t = tr3(p->lang, "case", "saved", known[i]);
			page_alert(p, "ok", t);
			return;
		}
	}
}

/* the case in a few words, for the forms of its actions and records */
static void case_summary(struct page *p, const struct case_file *c)
{
	struct html *h = &p->h;
	char who[1024], num[32];
	main_persons(c->req, who, sizeof who);
	snprintf(num, sizeof num, "%lld", (long long)c->id);
	html_lit(h, "<p class=\"utrecht-paragraph kring-case-summary\">");
	page_tf(p, "case.summary", who, num);
	html_lit(h, " &middot; ");
	html_text(h, state_label(p, c->state));
	html_lit(h, "</p>");
}

/* ---- the lifecycle: steps, and what is next ------------------------------------ */

/* the step that moves the case on from each state (-1: none) */
static const int MAIN_ACTION[ST__COUNT] = {
	[ST_REQUESTED] = ACT_DECIDE_FUNDING,
	[ST_FUNDING_DECIDED] = ACT_ASSIGN_COORDINATOR,
	[ST_COORDINATOR_ASSIGNED] = ACT_START_PREPARATION,
	[ST_PREPARATION] = ACT_SCHEDULE_CONFERENCE,
	[ST_CONFERENCE_SCHEDULED] = ACT_RECORD_CONFERENCE,
	[ST_CONFERENCE_HELD] = ACT_JUDGE_PLAN,
	[ST_PLAN_JUDGED] = ACT_START_FOLLOW_UP,
	[ST_FOLLOW_UP] = ACT_CLOSE,
	[ST_CLOSED] = -1,
	[ST_STOPPED] = -1,
};

/* the label of the button of action a in state s */
static const char *action_button_label(struct page *p, enum action a, enum state s)
{
	if (a == ACT_ASSIGN_COORDINATOR && s != ST_FUNDING_DECIDED)
		return T(p, "case.reassign");
	if (a == ACT_RECORD_CONFERENCE && s == ST_PREPARATION)
		return T(p, "case.without_meeting");
	return action_label(p, lifecycle_actions[a].name);
}

/* the state in which a stopped case was stopped, from its history */
static int stopped_from(const json_t *transitions)
{
	size_t i;
	json_t *t;
	int from = -1;
	json_array_foreach(transitions, i, t) {
		const char *to = jstr(t, "to_state");
		if (to && strcmp(to, "stopped") == 0)
			from = state_from_name(jstr(t, "from_state"));
	}
	return from;
}

static void steps(struct page *p, const struct case_file *c, const json_t *transitions)
{
	struct html *h = &p->h;
	bool stopped = c->state == ST_STOPPED;
	int reached = stopped ? stopped_from(transitions) : (int)c->state;
	if (reached < 0)
		reached = ST_REQUESTED;
	html_lit(h, "<ol class=\"utrecht-ordered-list kring-steps\"");
	html_attr_kv(h, "aria-label", T(p, "case.steps_label"));
	html_lit(h, ">");
	for (int s = ST_REQUESTED; s <= ST_CLOSED; s++) {
		bool done = s < reached || (s == ST_CLOSED && c->state == ST_CLOSED) || (stopped && s == reached);
		bool current = !stopped && s == reached && c->state != ST_CLOSED;
		html_lit(h, "<li class=\"utrecht-ordered-list__item kring-step");
		if (done)
			html_lit(h, " kring-step--done\">");
		else if (current)
			html_lit(h, " kring-step--current\" aria-current=\"step\">");
		else if (stopped)
			html_lit(h, " kring-step--skipped\">");
		else
			html_lit(h, " kring-step--todo\">");
		if (current)
			html_lit(h, "<strong>");
		html_text(h, state_label(p, (enum state)s));
		if (current)
			html_lit(h, "</strong>");
		html_lit(h, " <span class=\"kring-step__status\">(");
		if (done)
			page_t(p, "case.step_done");
		else if (current)
			page_t(p, "case.step_current");
		else if (stopped)
			page_t(p, "case.step_not_reached");
		else
			page_t(p, "case.step_todo");
		html_lit(h, ")</span></li>");
		if (stopped && s == reached) {
			/* where the case ended */
			html_lit(h, "<li class=\"utrecht-ordered-list__item kring-step kring-step--stopped\" "
				    "aria-current=\"step\"><strong>");
			html_text(h, state_label(p, ST_STOPPED));
			html_lit(h, "</strong> <span class=\"kring-step__status\">(");
			page_t(p, "case.step_current");
			html_lit(h, ")</span></li>");
		}
	}
	html_lit(h, "</ol>");
}

/* "Conference on 12-12-2026 in Buurthuis", "Evaluation of the plan on ..." */
static void due_dates(struct page *p, const struct case_file *c, const json_t *conference, const json_t *plan,
		      const json_t *follow_ups)
{
	struct html *h = &p->h;
	char d[32];
	if (c->state == ST_CONFERENCE_SCHEDULED && conference && jstr(conference, "scheduled_on")) {
		date_text(p, jstr(conference, "scheduled_on"), d);
		html_lit(h, "<p class=\"utrecht-paragraph kring-due\">");
		if (jstr(conference, "place"))
			page_tf(p, "case.due_conference_at", d, jstr(conference, "place"));
		else
			page_tf(p, "case.due_conference", d, NULL);
		html_lit(h, "</p>");
	}
	if ((c->state == ST_CONFERENCE_HELD || c->state == ST_PLAN_JUDGED || c->state == ST_FOLLOW_UP) && plan &&
	    jstr(plan, "evaluation_on")) {
		date_text(p, jstr(plan, "evaluation_on"), d);
		html_lit(h, "<p class=\"utrecht-paragraph kring-due\">");
		page_tf(p, "case.due_evaluation", d, NULL);
		html_lit(h, "</p>");
	}
	if (c->state == ST_PLAN_JUDGED || c->state == ST_FOLLOW_UP) {
		char today[11];
		const char *next = NULL;
		size_t i;
		json_t *f;
		date_today(today);
		json_array_foreach(follow_ups, i, f) {
			const char *on = jstr(f, "follow_up_on");
			if (on && date_cmp(on, today) >= 0 && (!next || date_cmp(on, next) < 0))
				next = on;
		}
		if (next) {
			date_text(p, next, d);
			html_lit(h, "<p class=\"utrecht-paragraph kring-due\">");
			page_tf(p, "case.due_follow_up", d, NULL);
			html_lit(h, "</p>");
		}
	}
}

static void next_steps(struct page *p, const struct case_file *c, const json_t *conference, const json_t *plan,
		       const json_t *follow_ups)
{
	struct html *h = &p->h;
	char href[96];
	html_lit(h, "<section class=\"kring-next\" aria-labelledby=\"next\"><h2 class=\"utrecht-heading-2\" id=\"next\">");
	page_t(p, "case.next_step");
	html_lit(h, "</h2>");
	if (c->state == ST_CLOSED || c->state == ST_STOPPED) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, c->state == ST_CLOSED ? "case.is_closed" : "case.is_stopped");
		html_lit(h, "</p></section>");
		return;
	}
	due_dates(p, c, conference, plan, follow_ups);
	int main = MAIN_ACTION[c->state];
	bool need_plan = c->state == ST_CONFERENCE_HELD && !plan;
	int shown = 0;
	if (need_plan) {
		/* judging needs the plan first */
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "case.need_plan");
		html_lit(h, "</p>");
	}
	html_lit(h, "<div class=\"kring-actions\">");
	if (need_plan) {
		if (case_file_may(c, p, OP_CREATE, &ENTITY_PLAN, ACT_DECIDE_FUNDING)) {
			href_id(href, sizeof href, "/requests/", c->id, "/plan/edit");
			page_button_link(p, href, T(p, "case.plan_write"), true);
			shown++;
		}
	}
	/* the main step first, then the others, stopping last */
	int order[ACT__COUNT + 1], n = 0;
	if (main >= 0 && !need_plan)
		order[n++] = main;
	for (int a = 0; a < ACT__COUNT; a++)
		if (a != main && a != ACT_STOP)
			order[n++] = a;
	order[n++] = ACT_STOP;
	for (int k = 0; k < n; k++) {
		int a = order[k];
		if (!(lifecycle_actions[a].from_mask & BIT(c->state)))
			continue;
		if (!case_file_may(c, p, OP_ACT, &ENTITY_REQUEST, (enum action)a))
			continue;
		shown++;
		snprintf(href, sizeof href, "/requests/%lld/%s", (long long)c->id, lifecycle_actions[a].name);
		page_button_link(p, href, action_button_label(p, (enum action)a, c->state), a == main && !need_plan);
	}
	html_lit(h, "</div>");
	if (!shown) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "case.no_step_for_you");
		html_lit(h, "</p>");
	}
	html_lit(h, "</section>");
}

/* ---- the sections -------------------------------------------------------------- */

static void section_open(struct page *p, const char *id, const char *title_key)
{
	struct html *h = &p->h;
	html_lit(h, "<section class=\"kring-section\"");
	html_attr_kv(h, "aria-labelledby", id);
	html_lit(h, "><h2 class=\"utrecht-heading-2\"");
	html_attr_kv(h, "id", id);
	html_lit(h, " tabindex=\"-1\">");
	page_t(p, title_key);
	html_lit(h, "</h2>");
}

static void section_close(struct page *p)
{
	html_lit(&p->h, "</section>");
}

static void para_key(struct page *p, const char *key)
{
	html_lit(&p->h, "<p class=\"utrecht-paragraph\">");
	page_t(p, key);
	html_lit(&p->h, "</p>");
}

/* who does a plan action: the network member, or the professional */
static void plan_action_who(struct page *p, const json_t *a, const json_t *options)
{
	const char *by = jstr(a, "by");
	if (by && strcmp(by, "network") == 0) {
		int64_t m = jint(a, "network_member_id");
		const char *label = NULL;
		size_t i;
		json_t *o;
		json_array_foreach(json_object_get(options, "network_member"), i, o) {
			if (jint(o, "id") == m)
				label = jstr(o, "label");
		}
		if (label)
			html_text(&p->h, label);
		else
			page_t(p, "case.by_network");
	} else {
		const char *who = jstr(a, "professional");
		if (who && who[0]) {
			html_text(&p->h, who);
			html_lit(&p->h, " (");
			page_t(p, "case.by_professional");
			html_lit(&p->h, ")");
		} else {
			page_t(p, "case.by_professional");
		}
	}
}

static bool empty_value(const json_t *v)
{
	return !v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0) ||
	       (json_is_array(v) && json_array_size(v) == 0);
}

/*
 * The records of e as a list that reads well on a phone: per record its
 * first field of cols as the title (a network member's with a do-not-invite
 * mark), then "label: value" for the other fields ("who": who does a plan
 * action), then a link to change it when edit_path is set (e.g.
 * "/network-members/": ID/edit follows).
 */
static void records_list(struct page *p, const struct entity *e, const json_t *items, const char *const *cols,
			 const json_t *options, const char *edit_path)
{
	struct html *h = &p->h;
	html_lit(h, "<ul class=\"utrecht-unordered-list kring-records\">");
	size_t i;
	json_t *rec;
	json_array_foreach(items, i, rec) {
		bool dni = e == &ENTITY_NETWORK_MEMBER && json_is_true(json_object_get(rec, "do_not_invite"));
		const struct field *f0 = model_field(e, cols[0]);
		html_lit(h, "<li class=\"utrecht-unordered-list__item kring-record");
		if (dni)
			html_lit(h, " kring-do-not-invite");
		html_lit(h, "\"><strong class=\"kring-record__title");
		if (f0 && f0->type == FT_TEXT && f0->max > 300)
			html_lit(h, " kring-pre");
		html_lit(h, "\">");
		if (f0)
			fields_value(p, e, f0, json_object_get(rec, cols[0]), options);
		html_lit(h, "</strong>");
		if (dni) {
			html_lit(h, " <strong class=\"kring-badge kring-badge--warning\">&#9888; ");
			page_t(p, "case.do_not_invite");
			html_lit(h, "</strong>");
		}
		html_lit(h, "<br><span class=\"kring-record__facts\">");
		int n = 0;
		for (size_t k = 1; cols[k]; k++) {
			if (strcmp(cols[k], "who") == 0) {
				if (n++)
					html_lit(h, " &middot; ");
				page_t(p, "case.col_who");
				html_lit(h, ": ");
				plan_action_who(p, rec, options);
				continue;
			}
			const struct field *f = model_field(e, cols[k]);
			const json_t *v = json_object_get(rec, cols[k]);
			if (!f || (empty_value(v) && f->type != FT_BOOL))
				continue;
			if (n++)
				html_lit(h, " &middot; ");
			html_text(h, fields_label(p, e->name, cols[k]));
			html_lit(h, ": ");
			if (f->type == FT_BOOL && !v)
				page_t(p, "common.no");
			else
				fields_value(p, e, f, v, options);
		}
		html_lit(h, "</span>");
		if (edit_path) {
			char href[96];
			href_id(href, sizeof href, edit_path, jint(rec, "id"), "/edit");
			html_lit(h, "<br><a class=\"utrecht-link\"");
			html_attr_kv(h, "href", href);
			html_lit(h, ">");
			page_t(p, "common.edit");
			html_lit(h, "<span class=\"kring-visually-hidden\">: ");
			if (f0)
				fields_value(p, e, f0, json_object_get(rec, cols[0]), options);
			html_lit(h, "</span></a>");
		}
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul>");
}

/* a link to add a record of e to the case, when the account may */
static void add_link(struct page *p, const struct case_file *c, const struct entity *e, const char *key)
{
	if (!case_file_may(c, p, OP_CREATE, e, ACT_DECIDE_FUNDING))
		return;
	char href[128];
	snprintf(href, sizeof href, "/requests/%lld/%s/new", (long long)c->id, e->path);
	html_lit(&p->h, "<p class=\"utrecht-paragraph kring-section-actions\"><a class=\"utrecht-link\"");
	html_attr_kv(&p->h, "href", href);
	html_lit(&p->h, ">");
	page_t(p, key);
	html_lit(&p->h, "</a></p>");
}

/* a list section: the table, or "nothing yet", and the add link */
static void list_section(struct page *p, const struct case_file *c, const struct entity *e, const json_t *items,
			 const char *const *cols, const json_t *options, const char *add_key)
{
	char fmt[96];
	snprintf(fmt, sizeof fmt, "/%s/", e->path);
	if (json_array_size(items) == 0)
		para_key(p, "case.none_yet");
	else
		records_list(p, e, items, cols, options, case_file_may(c, p, OP_UPDATE, e, ACT_DECIDE_FUNDING) ? fmt : NULL);
	add_link(p, c, e, add_key);
}

static const char *const REQUEST_FIELDS[] = { "requested_on", "referrer_type", "referrer_organisation_id",
	"referrer_name", "kind", "track", "topics", "main_persons", "minors", "minors_ages", "consent",
	"consent_on", "preferred_language", "preferred_gender", "preferred_background", "interpreter_needed",
	"interpreter_language", "wanted_on", "municipality", "safety_notes", "follow_up_of", NULL };
static const char *const REQUEST_HEAD[] = { "region_id", "coordinator_id", "funding_source", "funder_id",
	"agreement_id", "outcome", "stop_reason", "closed_on", NULL };
static const char *const NETWORK_COLS[] = { "name", "relation", "role", "invited", "consented", "attended",
	NULL };
static const char *const PLAN_FIELDS[] = { "evaluation_on", "fallback", "notes", NULL };
static const char *const ACTION_COLS[] = { "what", "topic", "who", "due_on", "done", "substitutes_professional",
	NULL };
static const char *const VERDICT_FIELDS[] = { "safe_and_feasible", "by_name", "organisation", "judged_on",
	"reasons", NULL };
static const char *const MEASURE_COLS[] = { "measure", "count", "at_request", "at_follow_up", NULL };
static const char *const FOLLOW_UP_COLS[] = { "follow_up_on", "kind", "situation", "actions_done_pct",
	"satisfaction_main_person", NULL };
static const char *const COST_COLS[] = { "kind", "amount_cents", "incurred_on", "description", NULL };

/* the transitions, oldest first: date, step, from -> to, by whom, note */
static void history_list(struct page *p, const json_t *transitions)
{
	struct html *h = &p->h;
	if (json_array_size(transitions) == 0) {
		para_key(p, "case.none_yet");
		return;
	}
	html_lit(h, "<ol class=\"utrecht-ordered-list kring-history\">");
	size_t i;
	json_t *t;
	json_array_foreach(transitions, i, t) {
		html_lit(h, "<li class=\"utrecht-ordered-list__item\"><strong>");
		page_date(p, jstr(t, "happened_on"));
		html_lit(h, " &ndash; ");
		html_text(h, action_label(p, jstr(t, "action")));
		html_lit(h, "</strong><br>");
		int from = state_from_name(jstr(t, "from_state")), to = state_from_name(jstr(t, "to_state"));
		html_text(h, from >= 0 ? state_label(p, (enum state)from) : jstr(t, "from_state"));
		html_lit(h, " &rarr; ");
		html_text(h, to >= 0 ? state_label(p, (enum state)to) : jstr(t, "to_state"));
		html_lit(h, " &middot; ");
		page_tf(p, "case.history_by", jstr(t, "actor"), NULL);
		if (jstr(t, "note") && jstr(t, "note")[0]) {
			html_lit(h, "<br><span class=\"kring-pre\">");
			html_text(h, jstr(t, "note"));
			html_lit(h, "</span>");
		}
		html_lit(h, "</li>");
	}
	html_lit(h, "</ol>");
}

/* the in-page table of contents */
static const struct {
	const char *id, *key;
} SECTIONS[] = {
	{ "request", "case.section_request" },
	{ "network", "case.section_network" },
	{ "conference", "case.section_conference" },
	{ "plan", "case.section_plan" },
	{ "verdicts", "case.section_verdicts" },
	{ "measures", "case.section_measures" },
	{ "follow-ups", "case.section_follow_ups" },
	{ "costs", "case.section_costs" },
	{ "history", "case.section_history" },
};

static void toc(struct page *p)
{
	struct html *h = &p->h;
	html_lit(h, "<nav class=\"kring-toc\"");
	html_attr_kv(h, "aria-label", T(p, "case.toc_label"));
	html_lit(h, "><ul class=\"utrecht-unordered-list kring-toc__list\">");
	for (size_t i = 0; i < sizeof SECTIONS / sizeof SECTIONS[0]; i++) {
		html_lit(h, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\" href=\"#");
		html_attr(h, SECTIONS[i].id);
		html_lit(h, "\">");
		page_t(p, SECTIONS[i].key);
		html_lit(h, "</a></li>");
	}
	html_lit(h, "</ul></nav>");
}

/* the labels of the records the request refers to (region, coordinator,
 * funder, ...): one read each, rather than a list of every such record */
static json_t *ref_options(struct page *p, const json_t *req)
{
	json_t *options = json_object();
	for (size_t i = 0; i < ENTITY_REQUEST.nfields; i++) {
		const struct field *f = &ENTITY_REQUEST.fields[i];
		int64_t id = jint(req, f->name);
		const struct entity *re = f->type == FT_REF ? model_entity(f->ref) : NULL;
		if (!re || !id || re == &ENTITY_REQUEST)
			continue;
		json_t *rec = NULL;
		struct svc_error err;
		if (svc_get(&p->svc, re, id, &rec, &err) < 0)
			continue;
		json_t *list = json_object_get(options, f->ref);
		if (!list) {
			list = json_array();
			json_object_set_new(options, f->ref, list);
		}
		json_array_append_new(list, json_pack("{s:I, s:s}", "id", (json_int_t)id, "label",
						      jstr(rec, "name") ? jstr(rec, "name") : ""));
		json_decref(rec);
	}
	return options;
}

void page_case(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct case_file c;
	if (case_file_begin(&p, req, resp, &c) < 0)
		return;
	struct html *h = &p.h;
	char who[1024], num[32], title[1200], href[128];
	main_persons(c.req, who, sizeof who);
	snprintf(num, sizeof num, "%lld", (long long)c.id);
	tr_format(p.lang, "case.title", who, num, title, sizeof title);

	json_t *members = list_children(&p, &ENTITY_NETWORK_MEMBER, c.id);
	json_t *conference = get_one(&p, &ENTITY_CONFERENCE, c.id);
	json_t *plan = get_one(&p, &ENTITY_PLAN, c.id);
	json_t *actions = list_children(&p, &ENTITY_PLAN_ACTION, c.id);
	json_t *verdicts = list_children(&p, &ENTITY_VERDICT, c.id);
	json_t *measures = list_children(&p, &ENTITY_MEASURE, c.id);
	json_t *follow_ups = list_children(&p, &ENTITY_FOLLOW_UP, c.id);
	json_t *costs = list_children(&p, &ENTITY_COST, c.id);
	json_t *transitions = list_children(&p, &ENTITY_TRANSITION, c.id);
	json_t *req_options = ref_options(&p, c.req);
	json_t *action_options = fields_options(&p, &ENTITY_PLAN_ACTION, NULL, c.id);

	page_open_noh1(&p, title, "nav.requests");
	/* the heading: whom the case is about, its number and state */
	html_lit(h, "<div class=\"kring-case-head\"><h1 class=\"utrecht-heading-1\">");
	html_text(h, who);
	html_lit(h, " <span class=\"kring-case-number\">");
	page_tf(&p, "case.number", num, NULL);
	html_lit(h, "</span></h1>");
	html_lit(h, "<p class=\"utrecht-paragraph kring-case-state\">");
	page_t(&p, "case.state");
	html_lit(h, ": <strong>");
	html_text(h, state_label(&p, c.state));
	html_lit(h, "</strong></p>");
	fields_dl(&p, &ENTITY_REQUEST, c.req, REQUEST_HEAD, req_options, false);
	html_lit(h, "</div>");
	saved_notice(&p);
	if (c.state == ST_STOPPED) {
		const char *reason = jstr(c.req, "stop_reason");
		char text[600];
		tr_format(p.lang, "case.stopped_alert",
			reason ? page_enum_label(&p, "request", "stop_reason", reason) : "", NULL, text, sizeof text);
		page_alert(&p, "warning", text);
	}

	/* the lifecycle and the next step */
	html_lit(h, "<section class=\"kring-lifecycle\" aria-labelledby=\"steps\"><h2 class=\"utrecht-heading-2\" "
		    "id=\"steps\">");
	page_t(&p, "case.steps");
	html_lit(h, "</h2>");
	steps(&p, &c, transitions);
	html_lit(h, "</section>");
	next_steps(&p, &c, conference, plan, follow_ups);
	toc(&p);

	/* Aanvraag */
	section_open(&p, "request", "case.section_request");
	fields_dl(&p, &ENTITY_REQUEST, c.req, REQUEST_FIELDS, req_options, false);
	if (case_file_may(&c, &p, OP_UPDATE, &ENTITY_REQUEST, ACT_DECIDE_FUNDING)) {
		href_id(href, sizeof href, "/requests/", c.id, "/edit");
		html_lit(h, "<p class=\"utrecht-paragraph kring-section-actions\"><a class=\"utrecht-link\"");
		html_attr_kv(h, "href", href);
		html_lit(h, ">");
		page_t(&p, "case.request_edit");
		html_lit(h, "</a></p>");
	}
	section_close(&p);

	/* Netwerk */
	section_open(&p, "network", "case.section_network");
	list_section(&p, &c, &ENTITY_NETWORK_MEMBER, members, NETWORK_COLS, NULL, "case.network_add");
	section_close(&p);

	/* Conferentie */
	section_open(&p, "conference", "case.section_conference");
	if (conference) {
		fields_dl(&p, &ENTITY_CONFERENCE, conference, NULL, NULL, false);
		if (case_file_may(&c, &p, OP_UPDATE, &ENTITY_CONFERENCE, ACT_DECIDE_FUNDING)) {
			href_id(href, sizeof href, "/requests/", c.id, "/conference/edit");
			html_lit(h, "<p class=\"utrecht-paragraph kring-section-actions\"><a class=\"utrecht-link\"");
			html_attr_kv(h, "href", href);
			html_lit(h, ">");
			page_t(&p, "case.conference_edit");
			html_lit(h, "</a></p>");
		}
	} else {
		para_key(&p, "case.no_conference");
	}
	section_close(&p);

	/* Plan */
	section_open(&p, "plan", "case.section_plan");
	bool plan_open = lifecycle_plan_editable(c.state);
	if (plan)
		fields_dl(&p, &ENTITY_PLAN, plan, PLAN_FIELDS, NULL, false);
	else
		para_key(&p, plan_open ? "case.no_plan" : "case.no_plan_yet");
	if (json_array_size(actions)) {
		html_lit(h, "<h3 class=\"utrecht-heading-3\">");
		page_t(&p, "case.plan_actions");
		html_lit(h, "</h3>");
		records_list(&p, &ENTITY_PLAN_ACTION, actions, ACTION_COLS, action_options,
			     plan_open && case_file_may(&c, &p, OP_UPDATE, &ENTITY_PLAN_ACTION, ACT_DECIDE_FUNDING)
				     ? "/plan-actions/" : NULL);
	}
	html_lit(h, "<ul class=\"utrecht-unordered-list kring-section-actions\">");
	if (plan_open && case_file_may(&c, &p, plan ? OP_UPDATE : OP_CREATE, &ENTITY_PLAN, ACT_DECIDE_FUNDING)) {
		href_id(href, sizeof href, "/requests/", c.id, "/plan/edit");
		html_lit(h, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\"");
		html_attr_kv(h, "href", href);
		html_lit(h, ">");
		page_t(&p, plan ? "case.plan_edit" : "case.plan_write");
		html_lit(h, "</a></li>");
	}
	if (plan_open && case_file_may(&c, &p, OP_CREATE, &ENTITY_PLAN_ACTION, ACT_DECIDE_FUNDING)) {
		href_id(href, sizeof href, "/requests/", c.id, "/plan-actions/new");
		html_lit(h, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\"");
		html_attr_kv(h, "href", href);
		html_lit(h, ">");
		page_t(&p, "case.plan_action_add");
		html_lit(h, "</a></li>");
	}
	if (plan) {
		href_id(href, sizeof href, "/requests/", c.id, "/plan/print");
		html_lit(h, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\"");
		html_attr_kv(h, "href", href);
		html_lit(h, ">");
		page_t(&p, "case.plan_print");
		html_lit(h, "</a></li>");
	}
	html_lit(h, "</ul>");
	section_close(&p);

	/* Oordeel */
	section_open(&p, "verdicts", "case.section_verdicts");
	if (json_array_size(verdicts) == 0) {
		para_key(&p, "case.no_verdict");
	} else {
		size_t i;
		json_t *v;
		json_array_foreach(verdicts, i, v)
			fields_dl(&p, &ENTITY_VERDICT, v, VERDICT_FIELDS, NULL, false);
	}
	section_close(&p);

	/* Maatregelen */
	section_open(&p, "measures", "case.section_measures");
	list_section(&p, &c, &ENTITY_MEASURE, measures, MEASURE_COLS, NULL, "case.measure_add");
	section_close(&p);

	/* Nazorg */
	section_open(&p, "follow-ups", "case.section_follow_ups");
	if (json_array_size(follow_ups) == 0)
		para_key(&p, "case.none_yet");
	else
		records_list(&p, &ENTITY_FOLLOW_UP, follow_ups, FOLLOW_UP_COLS, NULL,
			     case_file_may(&c, &p, OP_UPDATE, &ENTITY_FOLLOW_UP, ACT_DECIDE_FUNDING) ? "/follow-ups/" : NULL);
	if (lifecycle_conference_held(c.state))
		add_link(&p, &c, &ENTITY_FOLLOW_UP, "case.follow_up_add");
	section_close(&p);

	/* Kosten */
	section_open(&p, "costs", "case.section_costs");
	list_section(&p, &c, &ENTITY_COST, costs, COST_COLS, NULL, "case.cost_add");
	if (json_array_size(costs)) {
		int64_t total = 0;
		size_t i;
		json_t *k;
		json_array_foreach(costs, i, k)
			total += jint(k, "amount_cents");
		html_lit(h, "<p class=\"utrecht-paragraph kring-total\"><strong>");
		page_t(&p, "case.cost_total");
		html_lit(h, ": ");
		page_money(&p, total);
		html_lit(h, "</strong></p>");
	}
	section_close(&p);

	/* Geschiedenis, with the choices of coordinator and their shortlists */
	section_open(&p, "history", "case.section_history");
	history_list(&p, transitions);
	match_choices_render(&p, c.id);
	section_close(&p);

	page_close(&p);
	json_decref(members);
	json_decref(conference);
	json_decref(plan);
	json_decref(actions);
	json_decref(verdicts);
	json_decref(measures);
	json_decref(follow_ups);
	json_decref(costs);
	json_decref(transitions);
	json_decref(req_options);
	json_decref(action_options);
	case_file_release(&c);
	page_end(&p);
}

/* ---- the forms of the lifecycle actions ---------------------------------------- */

/* judge-plan's verdict as two radio buttons (yes/no): an unticked checkbox
 * cannot tell "not safe" from "forgot" */
static const char *const JUDGE_REST[] = { "by_name", "organisation", "judged_on", "reasons", "note",
	"happened_on", NULL };

static bool is_judge(const struct action_def *a)
{
	return a->action == ACT_JUDGE_PLAN;
}

static void verdict_radios(struct page *p, const char *prefix, const json_t *typed, const json_t *errors)
{
	struct html *h = &p->h;
	const char *val = jstr(typed, "safe_and_feasible");
	const char *error = jstr(errors, "safe_and_feasible");
	html_lit(h, "<div class=\"utrecht-form-field kring-field");
	if (error)
		html_lit(h, " utrecht-form-field--invalid");
	html_lit(h, "\"><fieldset class=\"utrecht-form-fieldset kring-fieldset\" id=\"f-safe_and_feasible\" "
		    "tabindex=\"-1\"");
	if (error)
		html_lit(h, " aria-describedby=\"e-safe_and_feasible\"");
	html_lit(h, "><legend class=\"utrecht-form-fieldset__legend utrecht-form-label\">");
	html_text(h, fields_label(p, prefix, "safe_and_feasible"));
	html_lit(h, " <span class=\"kring-required\">");
	page_t(p, "form.required");
	html_lit(h, "</span></legend>");
	if (error) {
		html_lit(h, "<div class=\"utrecht-form-field-error-message\" id=\"e-safe_and_feasible\">");
		html_text(h, error);
		html_lit(h, "</div>");
	}
	static const char *const opts[] = { "true", "false" };
	for (size_t i = 0; i < 2; i++) {
		html_lit(h, "<div class=\"utrecht-form-field utrecht-form-field--radio kring-check\">"
			    "<input type=\"radio\" class=\"utrecht-radio-button utrecht-radio-button--html-input\" "
			    "name=\"safe_and_feasible\" required");
		html_attr_kv(h, "value", opts[i]);
		html_lit(h, " id=\"f-safe_and_feasible-");
		html_attr(h, opts[i]);
		html_lit(h, "\"");
		if (val && strcmp(val, opts[i]) == 0)
			html_lit(h, " checked");
		if (error)
			html_lit(h, " aria-invalid=\"true\"");
		html_lit(h, "><label class=\"utrecht-form-label utrecht-form-label--radio\" for=\"f-safe_and_feasible-");
		html_attr(h, opts[i]);
		html_lit(h, "\">");
		page_t(p, i == 0 ? "case.verdict_yes" : "case.verdict_no");
		html_lit(h, "</label></div>");
	}
	html_lit(h, "</fieldset></div>");
}

/* the choices of the action's reference fields: active coordinators who
 * serve the case's region; agreements that cover its region and date */
static json_t *action_options(struct page *p, const struct case_file *c, const struct entity *in)
{
	static const char *const FUNDER_ONLY[] = { "funder_id", NULL };
	json_t *options = model_field(in, "funder_id") ? fields_options(p, in, FUNDER_ONLY, c->id) : json_object();
	int64_t region = jint(c->req, "region_id");
	const char *on = jstr(c->req, "requested_on");
	if (model_field(in, "coordinator_id")) {
		json_t *list = json_array(), *all = list_children(p, &ENTITY_COORDINATOR, 0);
		size_t i, k;
		json_t *co, *r;
		json_array_foreach(all, i, co) {
			if (!json_is_true(json_object_get(co, "active")))
				continue;
			bool serves = false;
			json_array_foreach(json_object_get(co, "region_ids"), k, r)
				serves |= json_integer_value(r) == region;
			if (serves)
				json_array_append_new(list, json_pack("{s:I, s:s}", "id", (json_int_t)jint(co, "id"),
								      "label", jstr(co, "name") ? jstr(co, "name") : ""));
		}
		json_decref(all);
		json_object_set_new(options, "coordinator", list);
	}
	if (model_field(in, "agreement_id")) {
		json_t *list = json_array(), *all = list_children(p, &ENTITY_AGREEMENT, 0);
		size_t i;
		json_t *ag;
		json_array_foreach(all, i, ag) {
			int64_t ar = jint(ag, "region_id");
			const char *from = jstr(ag, "starts_on"), *to = jstr(ag, "ends_on");
			if (ar && ar != region)
				continue;
			if (on && ((from && date_cmp(on, from) < 0) || (to && date_cmp(on, to) > 0)))
				continue;
			json_array_append_new(list, json_pack("{s:I, s:s}", "id", (json_int_t)jint(ag, "id"),
							      "label", jstr(ag, "name") ? jstr(ag, "name") : ""));
		}
		json_decref(all);
		json_object_set_new(options, "agreement", list);
	}
	return options;
}

/* what the form of a fresh action shows */
static json_t *action_defaults(struct page *p, const struct case_file *c, const struct action_def *a)
{
	json_t *v = json_object();
	if (a->action == ACT_ASSIGN_COORDINATOR && jint(c->req, "coordinator_id"))
		json_object_set(v, "coordinator_id", json_object_get(c->req, "coordinator_id"));
	if (a->action == ACT_SCHEDULE_CONFERENCE || a->action == ACT_RECORD_CONFERENCE) {
		json_t *conf = get_one(p, &ENTITY_CONFERENCE, c->id);
		if (conf && a->action == ACT_SCHEDULE_CONFERENCE) {
			json_object_set(v, "scheduled_on", json_object_get(conf, "scheduled_on"));
			json_object_set(v, "place", json_object_get(conf, "place"));
		}
		if (a->action == ACT_RECORD_CONFERENCE) {
			json_object_set_new(v, "outcome",
					    json_string(c->state == ST_PREPARATION ? "plan_without_meeting" : "plan"));
			if (conf && json_object_get(conf, "scheduled_on"))
				json_object_set(v, "held_on", json_object_get(conf, "scheduled_on"));
		}
		json_decref(conf);
	}
	return v;
}

static void action_render(struct page *p, const struct case_file *c, const struct action_def *a,
			  const json_t *values, const json_t *typed, const json_t *errors, const char *alert_kind,
			  const char *alert_text, bool form)
{
	struct html *h = &p->h;
	const struct entity *in = svc_action_input(a->action);
	char prefix[96], href[128];
	snprintf(prefix, sizeof prefix, "field.action.%s", a->name);
	page_open(p, action_button_label(p, a->action, c->state), "nav.requests");
	back_link(p, c->id, NULL);
	case_summary(p, c);
	const char *intro = tr3_maybe(p->lang, "action", a->name, "intro");
	if (intro) {
		html_lit(h, "<p class=\"utrecht-paragraph kring-intro\">");
		html_text(h, intro);
		html_lit(h, "</p>");
	}
	if (alert_text)
		page_alert(p, alert_kind, alert_text);
	if (!form) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		href_id(href, sizeof href, "/requests/", c->id, "");
		page_button_link(p, href, T(p, "case.back"), true);
		html_lit(h, "</p>");
		return;
	}
	struct fields all = { .e = in, .create = true, .values = values, .typed = typed, .errors = errors,
		.prefix = prefix };
	fields_error_summary(p, &all);
	json_t *options = action_options(p, c, in);
	all.options = options;
	snprintf(href, sizeof href, "/requests/%lld/%s", (long long)c->id, a->name);
	html_lit(h, "<form method=\"post\" class=\"kring-form\" data-kring-guard novalidate");
	html_attr_kv(h, "action", href);
	html_lit(h, ">");
	page_csrf_field(p);
	html_lit(h, "<input type=\"hidden\" name=\"version\" value=\"");
	html_int(h, jint(c->req, "version"));
	html_lit(h, "\">");
	if (is_judge(a)) {
		verdict_radios(p, prefix, typed, errors);
		struct fields rest = all;
		rest.only = JUDGE_REST;
		fields_render(p, &rest);
	} else if (a->action == ACT_DECIDE_FUNDING) {
		/* the agreements proposed, those that do not fit, the other ways */
		funding_form_fields(p, c->id, &all);
	} else if (a->action == ACT_ASSIGN_COORDINATOR &&
		   match_shortlist_render(p, c->id, values, typed, errors)) {
		/* the ranked shortlist with its radio buttons, then the note */
		static const char *const ASSIGN_REST[] = { "note", "happened_on", NULL };
		struct fields rest = all;
		rest.only = ASSIGN_REST;
		fields_render(p, &rest);
	} else {
		fields_render(p, &all);
	}
	href_id(href, sizeof href, "/requests/", c->id, "");
	page_form_end(p, action_button_label(p, a->action, c->state), href);
	json_decref(options);
}

/* the action of the route and the case; NULL after answering (404 for no
 * such action, or the case's error page) */
static const struct action_def *route_action(struct page *p, struct case_file *c)
{
	struct svc_error err;
	const struct action_def *a = lifecycle_action((const char *)p->req->route->arg);
	if (!a) {
		page_fail_key(p, 404, "error.page_404");
	} else if (case_file_load(p, p->req->ids[0], c, &err) < 0) {
		page_fail(p, &err);
		a = NULL;
	}
	return a;
}

void page_action_form(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct case_file c;
	struct svc_error err;
	if (page_begin(&p, req, resp) < 0)
		return;
	const struct action_def *a = route_action(&p, &c);
	if (!a) {
		page_end(&p);
		return;
	}
	bool scoped = false;
	if (p.svc.user && policy_allows(&c.pr, OP_ACT, &ENTITY_REQUEST, a->action, &c.facts, &scoped) < 0) {
		svc_error_set(&err, scoped ? 404 : 403, scoped ? "not_found" : "forbidden", "", "not allowed");
		page_fail(&p, &err);
	} else if (!(a->from_mask & BIT(c.state))) {
		resp->status = 409;
		char text[600];
		tr_format(p.lang, "case.action_not_now", state_label(&p, c.state), NULL, text, sizeof text);
		action_render(&p, &c, a, NULL, NULL, NULL, "warning", text, false);
		page_close(&p);
	} else {
		json_t *values = action_defaults(&p, &c, a);
		const char *alert = NULL;
		if (a->action == ACT_JUDGE_PLAN) {
			json_t *plan = get_one(&p, &ENTITY_PLAN, c.id);
			if (!plan)
				alert = T(&p, "case.need_plan");
			json_decref(plan);
		}
		action_render(&p, &c, a, values, NULL, NULL, "warning", alert, true);
		page_close(&p);
		json_decref(values);
	}
	case_file_release(&c);
	page_end(&p);
}

/* the sentence for a refused action that names no field of the form */
static void refusal_text(struct page *p, const struct svc_error *err, char *out, size_t len)
{
	if (strcmp(err->field, "plan") == 0) {
		snprintf(out, len, "%s", T(p, "case.need_plan"));
		return;
	}
	if (strcmp(err->field, "consent") == 0) {
		snprintf(out, len, "%s", T(p, "case.need_consent"));
		return;
	}
	const char *t = page_error_text(p, err->code);
	snprintf(out, len, "%s", t ? t : T(p, "error.page_other"));
}

void page_action_do(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct case_file c;
	struct svc_error err;
	if (page_begin(&p, req, resp) < 0)
		return;
	const struct action_def *a = route_action(&p, &c);
	if (!a) {
		page_end(&p);
		return;
	}
	const struct entity *in = svc_action_input(a->action);
	char prefix[96];
	snprintf(prefix, sizeof prefix, "field.action.%s", a->name);
	struct fields o = { .e = in, .create = true, .prefix = prefix };
	if (is_judge(a))
		o.only = JUDGE_REST;
	json_t *input = NULL, *typed = NULL, *errors = NULL;
	fields_read(&p, &o, &input, &typed, &errors);
	if (a->action == ACT_DECIDE_FUNDING)
		funding_form_input(input);
	if (is_judge(a)) {
		const char *v = form_get(&p.form, "safe_and_feasible");
		if (v && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)) {
			json_object_set_new(typed, "safe_and_feasible", json_string(v));
			json_object_set_new(input, "safe_and_feasible", json_boolean(strcmp(v, "true") == 0));
		} else {
			json_object_set_new(errors, "safe_and_feasible", json_string(T(&p, "case.verdict_choose")));
		}
	}
	int64_t version = page_form_version(&p, 0);

	const char *alert_kind = "error", *alert = NULL;
	char alert_text[600];
	bool failed_page = false;
	if (json_object_size(errors) == 0) {
		struct svc_result res;
		if (svc_transition(&p.svc, a->name, c.id, version, input, NULL, &res, &err) == 0) {
			json_decref(res.body);
			page_redirectf(&p, "/requests/%lld?saved=action", (long long)c.id);
			goto done;
		}
		if (err.status == 412) {
			/* the case changed since the form was shown: show it again,
			 * now with the current version */
			alert_kind = "warning";
			alert = T(&p, "case.action_stale");
			resp->status = 409;
			case_file_release(&c);
			if (case_file_load(&p, req->ids[0], &c, &err) < 0)
				failed_page = true;
		} else if (err.field[0] && model_field(in, err.field)) {
			fields_add_error(&p, errors, &err);
			resp->status = 422;
		} else if (err.status == 409 || err.status == 422) {
			refusal_text(&p, &err, alert_text, sizeof alert_text);
			alert = alert_text;
			resp->status = err.status;
		} else {
			failed_page = true;
		}
	} else {
		resp->status = 422;
	}
	if (failed_page) {
		page_fail(&p, &err);
	} else {
		action_render(&p, &c, a, NULL, typed, errors, alert_kind, alert, (a->from_mask & BIT(c.state)) != 0);
		page_close(&p);
	}
done:
	json_decref(input);
	json_decref(typed);
	json_decref(errors);
	case_file_release(&c);
	page_end(&p);
}

/* ---- the printable plan ---------------------------------------------------------- */

void page_plan_print(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct case_file c;
	if (case_file_begin(&p, req, resp, &c) < 0)
		return;
	struct html *h = &p.h;
	char who[1024], title[1200], d[32];
	main_persons(c.req, who, sizeof who);
	tr_format(p.lang, "case.print_title", who, NULL, title, sizeof title);
	json_t *plan = get_one(&p, &ENTITY_PLAN, c.id);
	json_t *conference = get_one(&p, &ENTITY_CONFERENCE, c.id);
	json_t *actions = list_children(&p, &ENTITY_PLAN_ACTION, c.id);
	json_t *verdicts = list_children(&p, &ENTITY_VERDICT, c.id);
	json_t *members = list_children(&p, &ENTITY_NETWORK_MEMBER, c.id);

	page_open_noh1(&p, title, NULL);
	back_link(&p, c.id, "kring-no-print");
	html_lit(h, "<article class=\"kring-print\"><h1 class=\"utrecht-heading-1\">");
	html_text(h, title);
	html_lit(h, "</h1>");
	if (!plan) {
		para_key(&p, "case.no_plan_yet");
		html_lit(h, "</article>");
		goto close;
	}
	/* the conference */
	const char *held = conference ? jstr(conference, "held_on") : NULL;
	if (!held && conference)
		held = jstr(conference, "scheduled_on");
	const char *outcome = jstr(c.req, "outcome");
	if (held) {
		date_text(&p, held, d);
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_tf(&p, outcome && strcmp(outcome, "plan_without_meeting") == 0 ? "case.print_made_without" :
										 "case.print_made_on", d, NULL);
		html_lit(h, "</p>");
	}

	/* the actions by topic, in the order of the topics */
	html_lit(h, "<h2 class=\"utrecht-heading-2\">");
	page_t(&p, "case.print_actions");
	html_lit(h, "</h2>");
	if (json_array_size(actions) == 0)
		para_key(&p, "case.none_yet");
	int substituting = 0;
	for (size_t t = 0; ENUM_TOPIC[t]; t++) {
		int n = 0;
		size_t i;
		json_t *a;
		json_array_foreach(actions, i, a) {
			const char *topic = jstr(a, "topic");
			if (!topic || strcmp(topic, ENUM_TOPIC[t]) != 0)
				continue;
			if (!n++) {
				html_lit(h, "<h3 class=\"utrecht-heading-3\">");
				html_text(h, page_enum_label(&p, "plan_action", "topic", ENUM_TOPIC[t]));
				html_lit(h, "</h3><ul class=\"utrecht-unordered-list kring-plan-actions\">");
			}
			bool subst = json_is_true(json_object_get(a, "substitutes_professional"));
			substituting += subst;
			html_lit(h, "<li class=\"utrecht-unordered-list__item\"><strong><span class=\"kring-pre\">");
			html_text(h, jstr(a, "what"));
			html_lit(h, "</span></strong><br>");
			page_t(&p, "case.print_who");
			html_lit(h, ": ");
			/* the member's name only: the family knows the relation */
			const char *by = jstr(a, "by");
			if (by && strcmp(by, "network") == 0) {
				const char *name = NULL;
				size_t k;
				json_t *m;
				json_array_foreach(members, k, m)
					if (jint(m, "id") == jint(a, "network_member_id"))
						name = jstr(m, "name");
				if (name)
					html_text(h, name);
				else
					page_t(&p, "case.by_network");
			} else {
				const char *pro = jstr(a, "professional");
				if (pro && pro[0])
					html_text(h, pro), html_lit(h, " ("), page_t(&p, "case.by_professional"),
						html_lit(h, ")");
				else
					page_t(&p, "case.by_professional");
			}
			if (jstr(a, "due_on")) {
				html_lit(h, "<br>");
				page_t(&p, "case.print_when");
				html_lit(h, ": ");
				page_date(&p, jstr(a, "due_on"));
			}
			if (subst) {
				html_lit(h, "<br><em>");
				page_t(&p, "case.print_substitutes");
				html_lit(h, "</em>");
			}
			if (json_is_true(json_object_get(a, "done"))) {
				html_lit(h, "<br>");
				page_t(&p, "case.print_done");
			}
			html_lit(h, "</li>");
		}
		if (n)
			html_lit(h, "</ul>");
	}
	if (substituting) {
		char num[32];
		snprintf(num, sizeof num, "%d", substituting);
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_tf(&p, "case.print_substitutes_count", num, NULL);
		html_lit(h, "</p>");
	}

	/* evaluation, fallback, further text */
	html_lit(h, "<h2 class=\"utrecht-heading-2\">");
	page_t(&p, "case.print_evaluation");
	html_lit(h, "</h2><p class=\"utrecht-paragraph\">");
	if (jstr(plan, "evaluation_on")) {
		date_text(&p, jstr(plan, "evaluation_on"), d);
		page_tf(&p, "case.print_evaluation_on", d, NULL);
	} else {
		page_t(&p, "case.print_no_date");
	}
	html_lit(h, "</p><h2 class=\"utrecht-heading-2\">");
	page_t(&p, "case.print_fallback");
	html_lit(h, "</h2><p class=\"utrecht-paragraph kring-pre\">");
	if (jstr(plan, "fallback") && jstr(plan, "fallback")[0])
		html_text(h, jstr(plan, "fallback"));
	else
		page_t(&p, "case.print_none");
	html_lit(h, "</p>");
	if (jstr(plan, "notes") && jstr(plan, "notes")[0]) {
		html_lit(h, "<h2 class=\"utrecht-heading-2\">");
		page_t(&p, "case.print_notes");
		html_lit(h, "</h2><p class=\"utrecht-paragraph kring-pre\">");
		html_text(h, jstr(plan, "notes"));
		html_lit(h, "</p>");
	}

	/* the verdict: the latest */
	html_lit(h, "<h2 class=\"utrecht-heading-2\">");
	page_t(&p, "case.print_verdict");
	html_lit(h, "</h2><p class=\"utrecht-paragraph\">");
	size_t nv = json_array_size(verdicts);
	if (!nv) {
		page_t(&p, "case.print_not_judged");
		html_lit(h, "</p>");
	} else {
		const json_t *v = json_array_get(verdicts, nv - 1);
		date_text(&p, jstr(v, "judged_on"), d);
		bool ok = json_is_true(json_object_get(v, "safe_and_feasible"));
		char by[500];
		const char *org = jstr(v, "organisation");
		snprintf(by, sizeof by, "%s%s%s%s", jstr(v, "by_name") ? jstr(v, "by_name") : "",
			 org && org[0] ? " (" : "", org && org[0] ? org : "", org && org[0] ? ")" : "");
		page_tf(&p, ok ? "case.print_judged_ok" : "case.print_judged_not", by, d);
		html_lit(h, "</p>");
		if (jstr(v, "reasons") && jstr(v, "reasons")[0]) {
			html_lit(h, "<p class=\"utrecht-paragraph kring-pre\">");
			html_text(h, jstr(v, "reasons"));
			html_lit(h, "</p>");
		}
	}
	html_lit(h, "</article>");
close:
	page_close(&p);
	json_decref(plan);
	json_decref(conference);
	json_decref(actions);
	json_decref(verdicts);
	json_decref(members);
	case_file_release(&c);
	page_end(&p);
}
