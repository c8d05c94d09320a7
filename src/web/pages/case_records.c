/*
 * The records of a case: network members, plan actions, measures,
 * follow-ups and costs (new, change, remove), and the one plan and the one
 * conference of a case (change; the plan is written on its first save).
 * The forms come from the model (web/pages/fields.c); saving calls the
 * same services as the JSON API. After a save the browser goes back to the
 * case page, to the section of the record.
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
#include "web/pages/page.h"
#include "web/pages/record_form.h"


/* ---- the case and what the account may do with it ---------------------------- */

/* answer 403/404 as the service would when the account may not do op */
static bool rec_refuse(struct page *p, const struct case_file *c, enum op op, const struct entity *e)
{
	bool scoped = false;
	if (!p->svc.user || policy_allows(&c->pr, op, e, ACT_DECIDE_FUNDING, &c->facts, &scoped) >= 0)
		return false;
	page_fail_key(p, scoped ? 404 : 403, scoped ? "error.page_404" : "error.page_403");
	return true;
}

/* the anchor of the case page's section that shows records of e */
static const char *section_of(const struct entity *e)
{
	if (e == &ENTITY_NETWORK_MEMBER)
		return "network";
	if (e == &ENTITY_PLAN || e == &ENTITY_PLAN_ACTION)
		return "plan";
	if (e == &ENTITY_CONFERENCE)
		return "conference";
	if (e == &ENTITY_MEASURE)
		return "measures";
	if (e == &ENTITY_FOLLOW_UP)
		return "follow-ups";
	if (e == &ENTITY_COST)
		return "costs";
	return "main";
}

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

static void back_link(struct page *p, int64_t id, const struct entity *e)
{
	char href[96];
	snprintf(href, sizeof href, "/requests/%lld#%s", (long long)id, section_of(e));
	html_lit(&p->h, "<p class=\"utrecht-paragraph kring-back\"><a class=\"utrecht-link\"");
	html_attr_kv(&p->h, "href", href);
	html_lit(&p->h, ">&larr; ");
	page_t(p, "case.back");
	html_lit(&p->h, "</a></p>");
}

static void summary(struct page *p, const struct case_file *c)
{
	char who[1024], num[32];
	main_persons(c->req, who, sizeof who);
	snprintf(num, sizeof num, "%lld", (long long)c->id);
	html_lit(&p->h, "<p class=\"utrecht-paragraph kring-case-summary\">");
	page_tf(p, "case.summary", who, num);
	html_lit(&p->h, " &middot; ");
	html_text(&p->h, tr3(p->lang, "state", state_name(c->state), NULL));
	html_lit(&p->h, "</p>");
}

/* the defaults of the model (role network, kind follow_up, ...) */
static json_t *defaults_of(const struct entity *e)
{
	json_t *v = json_object();
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if (!f->dflt || (f->flags & (F_SYSTEM | F_PARENT)))
			continue;
		json_t *d = json_loads(f->dflt, JSON_DECODE_ANY, NULL);
		if (d)
			json_object_set_new(v, f->name, d);
	}
	return v;
}

/* ---- the form ------------------------------------------------------------------ */

struct rec_form {
	const struct case_file *c;
	const struct entity *e;
	const char *title;
	char action[128];       /* where the form posts */
	bool create;
	const json_t *values;   /* stored (or default) values */
	const json_t *typed;    /* what was typed */
	const json_t *errors;
	int64_t version;        /* hidden version field; < 0: none */
	const json_t *mine;     /* a stale change: what was sent ... */
	const json_t *stored;   /* ... and what is stored now */
	int64_t rec_id;         /* the record (for removing it); 0: none */
	const char *alert_kind;
	const char *alert;
};

static void record_form(struct page *p, const struct rec_form *f)
{
	struct html *h = &p->h;
	const struct case_file *c = f->c;
	json_t *options = fields_options(p, f->e, NULL, c->id);
	struct fields o = { .e = f->e, .create = f->create, .values = f->values, .typed = f->typed,
		.errors = f->errors, .options = options };
	page_open(p, f->title, "nav.requests");
	back_link(p, c->id, f->e);
	summary(p, c);
	if (f->alert)
		page_alert(p, f->alert_kind ? f->alert_kind : "error", f->alert);
	if (f->stored) {
		record_form_conflict_box(p);
		struct fields mine = o;
		mine.values = f->mine;
		fields_conflict(p, &mine, f->stored);
	}
	fields_error_summary(p, &o);
	html_lit(h, "<form method=\"post\" class=\"kring-form\" data-kring-guard novalidate");
	html_attr_kv(h, "action", f->action);
	html_lit(h, ">");
	page_csrf_field(p);
	if (f->version >= 0) {
		html_lit(h, "<input type=\"hidden\" name=\"version\" value=\"");
		html_int(h, f->version);
		html_lit(h, "\">");
	}
	fields_render(p, &o);
	char href[96];
	snprintf(href, sizeof href, "/requests/%lld#%s", (long long)c->id, section_of(f->e));
	page_form_end(p, T(p, "common.save"), href);
	if (f->rec_id && (f->e->flags & E_DELETABLE) && case_file_may(c, p, OP_DELETE, f->e, ACT_DECIDE_FUNDING)) {
		/* removing: its own small form, confirmed on the next page */
		snprintf(href, sizeof href, "/%s/%lld/delete", f->e->path, (long long)f->rec_id);
		html_lit(h, "<form method=\"post\" class=\"kring-delete\"");
		html_attr_kv(h, "action", href);
		html_lit(h, ">");
		page_csrf_field(p);
		html_lit(h, "<input type=\"hidden\" name=\"version\" value=\"");
		html_int(h, f->version);
		html_lit(h, "\"><button type=\"submit\" class=\"utrecht-button utrecht-button--secondary-action\">");
		page_t(p, "common.delete");
		html_lit(h, "</button></form>");
	}
	page_close(p);
	json_decref(options);
}

/*
 * After a refused save: put the error next to its field (status 422), or
 * into alert (409/422 naming no field of the form). Returns false when
 * the form cannot help (403, 404, 503, ...): then show page_fail.
 */
static bool refused(struct page *p, const struct entity *e, const struct svc_error *err, json_t *errors,
		    char *alert, size_t len)
{
	const struct field *f = err->field[0] ? model_field(e, err->field) : NULL;
	if (f && !(f->flags & (F_SYSTEM | F_PARENT))) {
		fields_add_error(p, errors, err);
		p->resp->status = 422;
		return true;
	}
	if (err->status == 409 || err->status == 422) {
		const char *t = strcmp(err->code, "wrong_state") == 0 ? tr3_maybe(p->lang, "case", "wrong_state", e->name)
								     : page_error_text(p, err->code);
		if (!t && strcmp(err->code, "wrong_state") == 0)
			t = tr_maybe(p->lang, "error.wrong_state");
		snprintf(alert, len, "%s", t ? t : T(p, "error.page_other"));
		p->resp->status = err->status;
		return true;
	}
	return false;
}

static const struct entity *route_entity(struct page *p)
{
	return (const struct entity *)p->req->route->arg;
}

/*
 * Save the posted form of f (s: what to save) and go back to the case's
 * section with ?saved=SAVED; else show the form again, with the errors,
 * or after a stale change with both versions.
 */
static void save_form(struct page *p, struct rec_form *f, const struct record_save *s, const char *saved)
{
	struct fields o = { .e = f->e, .create = f->create };
	json_t *input = NULL, *typed = NULL, *errors = NULL, *stored = NULL;
	struct svc_error err;
	char alert[600];
	bool show = true;
	if (fields_read(p, &o, &input, &typed, &errors) == 0) {
		switch (record_save(p, s, input, NULL, &stored, &err)) {
		case RECORD_SAVED:
			page_redirectf(p, "/requests/%lld?saved=%s#%s", (long long)f->c->id, saved, section_of(f->e));
			show = false;
			break;
		case RECORD_STALE:
			/* show both, and take the stored version, so that saving
			 * again overwrites deliberately */
			f->create = false;
			f->mine = input;
			f->stored = stored;
			f->values = stored;
			f->version = jint(stored, "version");
			break;
		case RECORD_REFUSED:
			if (!refused(p, f->e, &err, errors, alert, sizeof alert)) {
				page_fail(p, &err);
				show = false;
			} else if (!json_object_size(errors)) {
				f->alert = alert;
			}
			break;
		case RECORD_FAILED:
			show = false;
			break;
		}
	} else {
		p->resp->status = 422;
	}
	if (show) {
		f->typed = typed;
		f->errors = errors;
		record_form(p, f);
	}
	json_decref(input);
	json_decref(typed);
	json_decref(errors);
	json_decref(stored);
}

/* ---- new records ----------------------------------------------------------------- */

void page_child_new(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct case_file c;
	if (case_file_begin(&p, req, resp, &c) < 0)
		return;
	const struct entity *e = route_entity(&p);
	if (!rec_refuse(&p, &c, OP_CREATE, e)) {
		json_t *values = defaults_of(e);
		struct rec_form f = { .c = &c, .e = e, .title = tr3(p.lang, "case", "new", e->name), .create = true,
			.values = values, .version = -1 };
		snprintf(f.action, sizeof f.action, "/requests/%lld/%s", (long long)c.id, e->path);
		record_form(&p, &f);
		json_decref(values);
	}
	case_file_release(&c);
	page_end(&p);
}

void page_child_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct case_file c;
	if (case_file_begin(&p, req, resp, &c) < 0)
		return;
	const struct entity *e = route_entity(&p);
	struct rec_form f = { .c = &c, .e = e, .title = tr3(p.lang, "case", "new", e->name), .create = true,
		.version = -1 };
	snprintf(f.action, sizeof f.action, "/requests/%lld/%s", (long long)c.id, e->path);
	struct record_save s = { .e = e, .parent_id = c.id };
	save_form(&p, &f, &s, "record");
	case_file_release(&c);
	page_end(&p);
}

/* ---- changing and removing records ----------------------------------------------- */

/* the record of the route and its case; -1 after answering */
static int load_record(struct page *p, const struct entity *e, int64_t id, json_t **rec, struct case_file *c)
{
	struct svc_error err;
	memset(c, 0, sizeof *c);
	*rec = NULL;
	if (svc_get(&p->svc, e, id, rec, &err) < 0 || case_file_load(p, jint(*rec, "request_id"), c, &err) < 0) {
		page_fail(p, &err);
		json_decref(*rec);
		*rec = NULL;
		return -1;
	}
	return 0;
}

void page_child_edit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct case_file c;
	json_t *rec;
	if (page_begin(&p, req, resp) < 0)
		return;
	const struct entity *e = route_entity(&p);
	if (load_record(&p, e, req->ids[0], &rec, &c) == 0) {
		struct rec_form f = { .c = &c, .e = e, .title = tr3(p.lang, "case", "edit", e->name),
			.values = rec, .version = jint(rec, "version"), .rec_id = req->ids[0] };
		snprintf(f.action, sizeof f.action, "/%s/%lld/edit", e->path, (long long)req->ids[0]);
		record_form(&p, &f);
	}
	json_decref(rec);
	case_file_release(&c);
	page_end(&p);
}

void page_child_update(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct case_file c;
	json_t *rec;
	if (page_begin(&p, req, resp) < 0)
		return;
	const struct entity *e = route_entity(&p);
	int64_t id = req->ids[0];
	if (load_record(&p, e, id, &rec, &c) == 0) {
		int64_t version = page_form_version(&p, 0);
		struct rec_form f = { .c = &c, .e = e, .title = tr3(p.lang, "case", "edit", e->name), .values = rec,
			.version = version >= 0 ? version : jint(rec, "version"), .rec_id = id };
		snprintf(f.action, sizeof f.action, "/%s/%lld/edit", e->path, (long long)id);
		struct record_save s = { .e = e, .id = id, .version = version };
		save_form(&p, &f, &s, "record");
	}
	json_decref(rec);
	case_file_release(&c);
	page_end(&p);
}

/* "Remove this?": the record, and a form that confirms */
static void delete_confirm(struct page *p, const struct case_file *c, const struct entity *e, const json_t *rec,
			   const char *alert)
{
	struct html *h = &p->h;
	char href[128];
	page_open(p, tr3(p->lang, "case", "delete", e->name), "nav.requests");
	back_link(p, c->id, e);
	summary(p, c);
	if (alert)
		page_alert(p, "warning", alert);
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_t(p, "case.delete_question");
	html_lit(h, "</p>");
	json_t *options = fields_options(p, e, NULL, c->id);
	fields_dl(p, e, rec, NULL, options, false);
	json_decref(options);
	snprintf(href, sizeof href, "/%s/%lld/delete", e->path, (long long)jint(rec, "id"));
	html_lit(h, "<form method=\"post\" class=\"kring-form\"");
	html_attr_kv(h, "action", href);
	html_lit(h, ">");
	page_csrf_field(p);
	html_lit(h, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><input type=\"hidden\" name=\"version\" value=\"");
	html_int(h, jint(rec, "version"));
	html_lit(h, "\">");
	snprintf(href, sizeof href, "/%s/%lld/edit", e->path, (long long)jint(rec, "id"));
	page_form_end(p, T(p, "case.delete_yes"), href);
	page_close(p);
}

void page_child_delete(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct case_file c;
	struct svc_error err;
	json_t *rec;
	if (page_begin(&p, req, resp) < 0)
		return;
	const struct entity *e = route_entity(&p);
	int64_t id = req->ids[0];
	if (load_record(&p, e, id, &rec, &c) < 0) {
		page_end(&p);
		return;
	}
	const char *confirm = form_get(&p.form, "confirm");
	if (!confirm || strcmp(confirm, "1") != 0) {
		delete_confirm(&p, &c, e, rec, NULL);
	} else if (svc_delete(&p.svc, e, id, page_form_version(&p, 0), &err) == 0) {
		page_redirectf(&p, "/requests/%lld?saved=deleted#%s", (long long)c.id, section_of(e));
	} else if (err.status == 412) {
		resp->status = 409;
		delete_confirm(&p, &c, e, rec, T(&p, "case.delete_stale"));
	} else if (err.status == 409) {
		const char *t = page_error_text(&p, err.code);
		resp->status = 409;
		delete_confirm(&p, &c, e, rec, t ? t : T(&p, "error.page_409"));
	} else {
		page_fail(&p, &err);
	}
	json_decref(rec);
	case_file_release(&c);
	page_end(&p);
}

/* ---- the plan and the conference (one per case) ---------------------------------- */

/* the explanation when the conference is not there yet */
static void no_conference(struct page *p, const struct case_file *c)
{
	char href[96];
	page_open(p, tr3(p->lang, "case", "edit", "conference"), "nav.requests");
	back_link(p, c->id, &ENTITY_CONFERENCE);
	summary(p, c);
	html_lit(&p->h, "<p class=\"utrecht-paragraph\">");
	page_t(p, "case.conference_absent");
	html_lit(&p->h, "</p>");
	const struct action_def *a = &lifecycle_actions[ACT_SCHEDULE_CONFERENCE];
	bool scoped = false;
	if ((a->from_mask & (1u << c->state)) &&
	    (!p->svc.user || policy_allows(&c->pr, OP_ACT, &ENTITY_REQUEST, ACT_SCHEDULE_CONFERENCE, &c->facts,
					   &scoped) >= 0)) {
		snprintf(href, sizeof href, "/requests/%lld/%s", (long long)c->id, a->name);
		html_lit(&p->h, "<div class=\"kring-actions\">");
		page_button_link(p, href, tr3(p->lang, "action", a->name, NULL), true);
		html_lit(&p->h, "</div>");
	}
	page_close(p);
}

static void one_form_init(struct page *p, struct rec_form *f, const struct case_file *c, const struct entity *e,
			  const json_t *rec)
{
	memset(f, 0, sizeof *f);
	f->c = c;
	f->e = e;
	f->create = rec == NULL;
	f->title = tr3(p->lang, "case", rec ? "edit" : "new", e->name);
	f->values = rec;
	f->version = rec ? jint(rec, "version") : -1;
	snprintf(f->action, sizeof f->action, "/requests/%lld/%s/edit", (long long)c->id,
		 e == &ENTITY_PLAN ? "plan" : "conference");
}

/* the form of the one plan or conference of a case: shown, or (save) saved */
static void one_page(struct http_req *req, struct http_resp *resp, bool save)
{
	struct page p;
	struct case_file c;
	struct svc_error err;
	json_t *rec = NULL;
	if (case_file_begin(&p, req, resp, &c) < 0)
		return;
	const struct entity *e = route_entity(&p);
	if (svc_get_by_parent(&p.svc, e, c.id, &rec, &err) < 0 && err.status != 404) {
		page_fail(&p, &err);
	} else if (!rec && e == &ENTITY_CONFERENCE) {
		if (save)
			resp->status = 409;
		no_conference(&p, &c);
	} else if (save) {
		struct rec_form f;
		one_form_init(&p, &f, &c, e, rec);
		struct record_save s = { .e = e, .id = rec ? jint(rec, "id") : 0, .parent_id = c.id,
			.version = rec ? page_form_version(&p, 0) : 0, .one = true };
		save_form(&p, &f, &s, e == &ENTITY_PLAN ? "plan" : "conference");
	} else if (!rec_refuse(&p, &c, rec ? OP_UPDATE : OP_CREATE, e)) {
		struct rec_form f;
		one_form_init(&p, &f, &c, e, rec);
		if (e == &ENTITY_PLAN && !lifecycle_plan_editable(c.state)) {
			f.alert_kind = "info";
			f.alert = tr3(p.lang, "case", "wrong_state", "plan");
		}
		record_form(&p, &f);
	}
	json_decref(rec);
	case_file_release(&c);
	page_end(&p);
}

void page_one_edit(struct http_req *req, struct http_resp *resp)
{
	one_page(req, resp, false);
}

void page_one_save(struct http_req *req, struct http_resp *resp)
{
	one_page(req, resp, true);
}
