/*
 * Reference data (regions, referrer organisations, funders, agreements,
 * coordinators) and accounts.
 *
 * The record pages call the same services as the JSON API, which decide who
 * may do what (policy.h): a regional manager may read every list and keep
 * the referrers, an admin keeps everything. The pages only hide what a role
 * cannot use.
 *
 * The account services (svc_user_add, svc_user_change, svc_user_list) let
 * only an admin manage other accounts; the account pages also check the
 * admin role first, so that others get the 403 page before any form.
 */
#include "web/pages/pages.h"
#include "web/pages/page.h"
#include "web/pages/fields.h"
#include "web/pages/record_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

#define PER_PAGE 50

/* ---- who may do what ------------------------------------------------------------ */

static bool may(const struct page *p, enum op op, const struct entity *e)
{
	int64_t none = 0;
	struct principal pr = { .roles = p->roles, .region_ids = &none, .nregions = 0 };
	bool scoped = false;
	return policy_allows(&pr, op, e, (enum action)0, NULL, &scoped) >= 0;
}

/* the columns of each list, the first one links to the record */
static const char *const *columns(const struct entity *e)
{
	static const char *const region[] = { "name", NULL };
	static const char *const organisation[] = { "name", "type", "region_id", NULL };
	static const char *const funder[] = { "name", "type", NULL };
	static const char *const agreement[] = { "name", "funder_id", "region_id", "starts_on", "ends_on",
		"tariff_family_cents", "tariff_restoration_cents", "tariff_group_cents", "tariff_learning_cents", NULL };
	static const char *const coordinator[] = { "name", "region_ids", "languages", "gender", "active", NULL };
	if (e == &ENTITY_ORGANISATION)
		return organisation;
	if (e == &ENTITY_FUNDER)
		return funder;
	if (e == &ENTITY_AGREEMENT)
		return agreement;
	if (e == &ENTITY_COORDINATOR)
		return coordinator;
	return region;
}

/* catalogue key admin.WHAT.ENTITY */
static const char *ekey(struct page *p, const char *what, const struct entity *e)
{
	char key[96];
	snprintf(key, sizeof key, "admin.%s.%s", what, e->name);
	return T(p, key);
}

/* the "saved" notice a POST-redirect-GET leaves */
static void saved_notice(struct page *p)
{
	const char *what = page_query(p, "saved");
	if (!what)
		return;
	if (strcmp(what, "record") == 0)
		page_alert(p, "ok", T(p, "admin.saved_record"));
	else if (strcmp(what, "user") == 0)
		page_alert(p, "ok", T(p, "admin.saved_user"));
	else if (strcmp(what, "user_new") == 0)
		page_alert(p, "ok", T(p, "admin.saved_user_new"));
	else
		page_saved_notice(p);
}

static void breadcrumb(struct page *p, const char *href, const char *label)
{
	html_lit(&p->h, "<p class=\"utrecht-paragraph kring-no-print\"><a class=\"utrecht-link\"");
	html_attr_kv(&p->h, "href", href);
	html_lit(&p->h, ">&larr; ");
	html_text(&p->h, label);
	html_lit(&p->h, "</a></p>");
}

static void fail_status(struct page *p, int status)
{
	struct svc_error err = { .status = status, .code = "forbidden" };
	page_fail(p, &err);
}

/* ---- the index ------------------------------------------------------------------- */

static const struct entity *const REFS[] = { &ENTITY_REGION, &ENTITY_ORGANISATION, &ENTITY_FUNDER,
	&ENTITY_AGREEMENT, &ENTITY_COORDINATOR };

void page_admin(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	struct html *h = &p.h;
	bool admin = page_has_role(&p, ROLE_ADMIN);
	bool any = admin;
	for (size_t i = 0; i < sizeof REFS / sizeof REFS[0]; i++)
		any |= may(&p, OP_READ, REFS[i]);
	if (!any) {
		fail_status(&p, 403);
		page_end(&p);
		return;
	}
	page_open(&p, T(&p, "admin.title"), "nav.admin");
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_t(&p, "admin.intro");
	html_lit(h, "</p><ul class=\"utrecht-unordered-list kring-admin-index\">");
	for (size_t i = 0; i < sizeof REFS / sizeof REFS[0]; i++) {
		const struct entity *e = REFS[i];
		if (!may(&p, OP_READ, e))
			continue;
		struct svc_list_params lp = { .limit = 1 };
		json_t *out = NULL;
		struct svc_error err;
		char href[64], count[32] = "";
		snprintf(href, sizeof href, "/%s", e->path);
		/* coordinators are personal data: counting them reads none */
		if (svc_list(&p.svc, e, 0, &lp, &out, &err) == 0)
			snprintf(count, sizeof count, "%lld", (long long)json_integer_value(json_object_get(out, "total")));
		json_decref(out);
		html_lit(h, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\"");
		html_attr_kv(h, "href", href);
		html_lit(h, ">");
		html_text(h, ekey(&p, "list", e));
		html_lit(h, "</a>");
		if (count[0]) {
			html_lit(h, " (");
			html_text(h, count);
			html_lit(h, ")");
		}
		html_lit(h, "<br><span class=\"utrecht-form-field-description\">");
		html_text(h, ekey(&p, "about", e));
		html_lit(h, "</span></li>");
	}
	if (admin) {
		json_t *users = NULL;
		struct svc_error err;
		html_lit(h, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\" href=\"/users\">");
		page_t(&p, "admin.users.title");
		html_lit(h, "</a>");
		if (svc_user_list(&p.svc, &users, &err) == 0) {
			html_lit(h, " (");
			html_int(h, (int64_t)json_array_size(users));
			html_lit(h, ")");
		}
		json_decref(users);
		html_lit(h, "<br><span class=\"utrecht-form-field-description\">");
		page_t(&p, "admin.users.about");
		html_lit(h, "</span></li>");
	}
	html_lit(h, "</ul>");
	page_close(&p);
	page_end(&p);
}

/* ---- reference data: the list ------------------------------------------------------ */

void page_ref_list(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	struct html *h = &p.h;
	const struct entity *e = req->route->arg;
	const char *after = page_query(&p, "after");
	struct svc_list_params lp = { .limit = PER_PAGE, .after = after && after[0] ? after : NULL };
	json_t *out = NULL, *options = NULL;
	struct svc_error err;
	if (svc_list(&p.svc, e, 0, &lp, &out, &err) < 0) {
		page_fail(&p, &err);
		page_end(&p);
		return;
	}
	const char *const *cols = columns(e);
	bool writer = may(&p, OP_UPDATE, e);
	options = fields_options(&p, e, cols, 0);
	char base[64];
	snprintf(base, sizeof base, "/%s", e->path);

	page_open(&p, ekey(&p, "list", e), e == &ENTITY_COORDINATOR ? "nav.coordinators" : "nav.admin");
	breadcrumb(&p, "/admin", T(&p, "admin.title"));
	saved_notice(&p);
	if (may(&p, OP_CREATE, e)) {
		char href[80];
		snprintf(href, sizeof href, "/%s/new", e->path);
		html_lit(h, "<div class=\"kring-actions\">");
		page_button_link(&p, href, ekey(&p, "new", e), true);
		html_lit(h, "</div>");
	}
	const json_t *items = json_object_get(out, "items");
	char total[32];
	snprintf(total, sizeof total, "%lld", (long long)json_integer_value(json_object_get(out, "total")));
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_tf(&p, "common.total", total, NULL);
	html_lit(h, "</p>");
	if (json_array_size(items) == 0) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(&p, "common.none_found");
		html_lit(h, "</p>");
	} else {
		html_lit(h, "<div class=\"utrecht-table-container\" role=\"region\" tabindex=\"0\"");
		html_attr_kv(h, "aria-label", ekey(&p, "list", e));
		html_lit(h, "><table class=\"utrecht-table\"><caption class=\"utrecht-table__caption "
			    "kring-visually-hidden\">");
		html_text(h, ekey(&p, "list", e));
		html_lit(h, "</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
		for (size_t c = 0; cols[c]; c++) {
			const struct field *f = model_field(e, cols[c]);
			html_lit(h, "<th scope=\"col\" class=\"utrecht-table__header-cell");
			if (f && f->type == FT_CENTS)
				html_lit(h, " utrecht-table__header-cell--numeric");
			html_lit(h, "\">");
			html_text(h, fields_label(&p, e->name, cols[c]));
			html_lit(h, "</th>");
		}
		html_lit(h, "</tr></thead><tbody class=\"utrecht-table__body\">");
		size_t i;
		json_t *rec;
		json_array_foreach(items, i, rec) {
			html_lit(h, "<tr class=\"utrecht-table__row\">");
			for (size_t c = 0; cols[c]; c++) {
				const struct field *f = model_field(e, cols[c]);
				const json_t *v = json_object_get(rec, cols[c]);
				if (c == 0) {
					html_lit(h, "<th scope=\"row\" class=\"utrecht-table__header-cell\">");
					if (writer) {
						char href[96];
						snprintf(href, sizeof href, "/%s/%lld/edit", e->path,
							 (long long)json_integer_value(json_object_get(rec, "id")));
						html_lit(h, "<a class=\"utrecht-link\"");
						html_attr_kv(h, "href", href);
						html_lit(h, ">");
						fields_value(&p, e, f, v, options);
						html_lit(h, "<span class=\"kring-visually-hidden\"> (");
						page_t(&p, "common.edit");
						html_lit(h, ")</span></a>");
					} else {
						fields_value(&p, e, f, v, options);
					}
					html_lit(h, "</th>");
					continue;
				}
				html_lit(h, "<td class=\"utrecht-table__cell");
				if (f && f->type == FT_CENTS)
					html_lit(h, " utrecht-table__cell--numeric");
				html_lit(h, "\">");
				if (f && !(json_is_null(v) || !v))
					fields_value(&p, e, f, v, options);
				html_lit(h, "</td>");
			}
			html_lit(h, "</tr>");
		}
		html_lit(h, "</tbody></table></div>");
	}
	const char *next = json_string_value(json_object_get(out, "next"));
	if (next || lp.after) {
		html_lit(h, "<nav class=\"kring-actions\"");
		html_attr_kv(h, "aria-label", T(&p, "admin.pages"));
		html_lit(h, ">");
		if (lp.after) {
			html_lit(h, "<a class=\"utrecht-link\"");
			html_attr_kv(h, "href", base);
			html_lit(h, ">");
			page_t(&p, "common.first_page");
			html_lit(h, "</a>");
		}
		if (next) {
			html_lit(h, "<a class=\"utrecht-link\" rel=\"next\" href=\"");
			html_attr(h, base);
			html_lit(h, "?after=");
			html_url(h, next);
			html_lit(h, "\">");
			page_t(&p, "common.next_page");
			html_lit(h, "</a>");
		}
		html_lit(h, "</nav>");
	}
	page_close(&p);
	json_decref(options);
	json_decref(out);
	page_end(&p);
}

/* ---- reference data: the form ------------------------------------------------------- */

struct ref_form {
	const json_t *values;   /* stored record (edit), or NULL */
	const json_t *typed;
	const json_t *errors;
	const json_t *stored;   /* the record as stored now, after a stale change */
	int64_t id;             /* 0: a new record */
	int64_t version;
};

static void ref_form(struct page *p, const struct entity *e, const struct ref_form *rf)
{
	struct html *h = &p->h;
	bool create = rf->id == 0;
	json_t *options = fields_options(p, e, NULL, 0);
	struct fields o = { .e = e, .create = create, .values = rf->values, .typed = rf->typed,
			    .errors = rf->errors, .options = options };
	char list[64], action[96];
	snprintf(list, sizeof list, "/%s", e->path);
	if (create)
		snprintf(action, sizeof action, "/%s", e->path);
	else
		snprintf(action, sizeof action, "/%s/%lld/edit", e->path, (long long)rf->id);

	page_open(p, ekey(p, create ? "new" : "edit", e), e == &ENTITY_COORDINATOR ? "nav.coordinators" : "nav.admin");
	breadcrumb(p, list, ekey(p, "list", e));
	if (rf->stored) {
		record_form_conflict_box(p);
		struct fields c = o;
		c.values = rf->values;
		fields_conflict(p, &c, rf->stored);
	}
	fields_error_summary(p, &o);
	html_lit(h, "<form method=\"post\" class=\"kring-form\"");
	html_attr_kv(h, "action", action);
	html_lit(h, ">");
	page_csrf_field(p);
	if (!create) {
		html_lit(h, "<input type=\"hidden\" name=\"version\" value=\"");
		html_int(h, rf->version);
		html_lit(h, "\">");
	}
	/* after a stale change the typed values are shown, not the stored ones */
	if (rf->stored)
		o.values = NULL;
	fields_render(p, &o);
	page_form_end(p, T(p, "common.save"), list);
	page_close(p);
	json_decref(options);
}

void page_ref_new(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	const struct entity *e = req->route->arg;
	if (!may(&p, OP_CREATE, e)) {
		fail_status(&p, 403);
	} else {
		struct ref_form rf = { 0 };
		ref_form(&p, e, &rf);
	}
	page_end(&p);
}

/* is this failure one the form shows at its fields? */
static bool form_error(const struct svc_error *err)
{
	return err->status == 422 || err->status == 400 || (err->status == 409 && err->field[0]);
}

/* save the posted form of a new record (id 0) or of a change, and go back
 * to the list; else show the form again */
static void ref_save(struct page *p, const struct entity *e, int64_t id)
{
	struct record_save s = { .e = e, .id = id };
	struct fields o = { .e = e, .create = id == 0 };
	json_t *input = NULL, *typed = NULL, *errors = NULL, *stored = NULL;
	struct svc_error err;
	if (id && (s.version = page_form_version(p, 1)) < 0) {
		page_fail_key(p, 400, "error.page_400");
		goto done;
	}
	if (fields_read(p, &o, &input, &typed, &errors) == 0) {
		switch (record_save(p, &s, input, NULL, &stored, &err)) {
		case RECORD_SAVED:
			page_redirectf(p, "/%s?saved=record", e->path);
			goto done;
		case RECORD_STALE: {
			/* someone else saved first: show theirs next to mine, and
			 * take their version, so that saving again is deliberate */
			struct ref_form rf = { .values = input, .typed = typed, .errors = NULL, .stored = stored,
					       .id = id, .version = jint(stored, "version") };
			ref_form(p, e, &rf);
			goto done;
		}
		case RECORD_FAILED:
			goto done;
		case RECORD_REFUSED:
			if (!form_error(&err)) {
				page_fail(p, &err);
				goto done;
			}
			fields_add_error(p, errors, &err);
			break;
		}
	}
	p->resp->status = 422;
	struct ref_form rf = { .typed = typed, .errors = errors, .id = id, .version = s.version };
	ref_form(p, e, &rf);
done:
	json_decref(input);
	json_decref(typed);
	json_decref(errors);
	json_decref(stored);
}

void page_ref_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	ref_save(&p, req->route->arg, 0);
	page_end(&p);
}

void page_ref_edit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	const struct entity *e = req->route->arg;
	json_t *rec = NULL;
	struct svc_error err;
	if (!may(&p, OP_UPDATE, e)) {
		fail_status(&p, 403);
	} else if (svc_get(&p.svc, e, req->ids[0], &rec, &err) < 0) {
		page_fail(&p, &err);
	} else {
		struct ref_form rf = { .values = rec, .id = req->ids[0],
				       .version = json_integer_value(json_object_get(rec, "version")) };
		ref_form(&p, e, &rf);
	}
	json_decref(rec);
	page_end(&p);
}

void page_ref_update(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	ref_save(&p, req->route->arg, req->ids[0]);
	page_end(&p);
}

/* ---- accounts ------------------------------------------------------------------------ */

/* only admins: the account services check no role (see the top of this file) */
static int admin_only(struct page *p)
{
	if (page_has_role(p, ROLE_ADMIN))
		return 0;
	fail_status(p, 403);
	page_end(p);
	return -1;
}

static const char *const USER_REFS[] = { "region_ids", "coordinator_id", "funder_id", NULL };

void page_users(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (admin_only(&p) < 0)
		return;
	struct html *h = &p.h;
	json_t *users = NULL;
	struct svc_error err;
	if (svc_user_list(&p.svc, &users, &err) < 0) {
		page_fail(&p, &err);
		page_end(&p);
		return;
	}
	static const char *const regions_only[] = { "region_ids", NULL };
	json_t *options = fields_options(&p, &ENTITY_USER, regions_only, 0);
	const struct field *fregions = model_field(&ENTITY_USER, "region_ids");
	page_open(&p, T(&p, "admin.users.title"), "nav.admin");
	breadcrumb(&p, "/admin", T(&p, "admin.title"));
	saved_notice(&p);
	html_lit(h, "<div class=\"kring-actions\">");
	page_button_link(&p, "/users/new", T(&p, "admin.users.new"), true);
	html_lit(h, "</div><div class=\"utrecht-table-container\" role=\"region\" tabindex=\"0\"");
	html_attr_kv(h, "aria-label", T(&p, "admin.users.title"));
	html_lit(h, "><table class=\"utrecht-table\"><caption class=\"utrecht-table__caption kring-visually-hidden\">");
	page_t(&p, "admin.users.title");
	html_lit(h, "</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
	static const char *const heads[] = { "admin.user.username", "admin.user.display_name", "admin.user.roles",
		"admin.user.region_ids", "admin.users.status", "admin.users.second_factor", NULL };
	for (size_t i = 0; heads[i]; i++) {
		html_lit(h, "<th scope=\"col\" class=\"utrecht-table__header-cell\">");
		page_t(&p, heads[i]);
		html_lit(h, "</th>");
	}
	html_lit(h, "</tr></thead><tbody class=\"utrecht-table__body\">");
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) {
		char href[64];
		snprintf(href, sizeof href, "/users/%lld/edit", (long long)json_integer_value(json_object_get(u, "id")));
		html_lit(h, "<tr class=\"utrecht-table__row\"><th scope=\"row\" class=\"utrecht-table__header-cell\">"
			    "<a class=\"utrecht-link\"");
		html_attr_kv(h, "href", href);
		html_lit(h, ">");
		html_text(h, json_string_value(json_object_get(u, "username")));
		html_lit(h, "</a></th><td class=\"utrecht-table__cell\">");
		html_text(h, json_string_value(json_object_get(u, "display_name")));
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		page_role_names(&p, json_object_get(u, "roles"));
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		if (json_is_true(json_object_get(u, "all_regions")))
			page_t(&p, "account.all_regions");
		else
			fields_value(&p, &ENTITY_USER, fregions, json_object_get(u, "region_ids"), options);
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		if (json_is_true(json_object_get(u, "disabled")))
			page_t(&p, "admin.users.disabled");
		else if (json_is_true(json_object_get(u, "locked")))
			page_t(&p, "admin.users.locked");
		else
			page_t(&p, "admin.users.active");
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		page_t(&p, json_is_true(json_object_get(u, "second_factor")) ? "common.yes" : "common.no");
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table></div>");
	page_close(&p);
	json_decref(options);
	json_decref(users);
	page_end(&p);
}

/* the account form: its fields, from the model, with their labels under
 * admin.user.FIELD; roles and language are written here (their labels are
 * the role names and language names) */
struct user_form {
	const json_t *values; /* the account (edit) */
	const json_t *typed;
	const json_t *errors;
	int64_t id;           /* 0: a new account */
};

static const char *const USER_TOP_NEW[] = { "username", "display_name", NULL };
static const char *const USER_TOP_EDIT[] = { "display_name", NULL };
static const char *const USER_SCOPE[] = { "all_regions", "region_ids", "coordinator_id", "funder_id", NULL };
static const char *const USER_DISABLED[] = { "disabled", NULL };
static const char *const USER_READ_NEW[] = { "username", "display_name", "roles", "all_regions", "region_ids",
	"coordinator_id", "funder_id", "language", NULL };
static const char *const USER_READ_EDIT[] = { "display_name", "roles", "all_regions", "region_ids",
	"coordinator_id", "funder_id", "language", "disabled", NULL };

static void password_input(struct page *p, const char *name, const char *label_key, const char *hint_key,
			   const char *error, bool required)
{
	struct html *h = &p->h;
	fields_own_open(p, error != NULL);
	fields_own_head(p, name, T(p, label_key), hint_key ? T(p, hint_key) : NULL, error, required);
	html_lit(h, "<input class=\"utrecht-textbox utrecht-textbox--html-input\" type=\"password\" "
		    "autocomplete=\"new-password\"");
	html_attr_kv(h, "name", name);
	if (required)
		html_lit(h, " required aria-required=\"true\"");
	fields_own_attrs(p, name, hint_key != NULL, error != NULL);
	html_lit(h, "></div>");
}

/* is value in the typed list (or, without one, in the stored list)? */
static bool in_list(const json_t *typed, const json_t *stored, const char *value)
{
	const json_t *src = typed ? typed : stored;
	size_t i;
	json_t *x;
	json_array_foreach(src, i, x) {
		if (json_is_string(x) && strcmp(json_string_value(x), value) == 0)
			return true;
	}
	return false;
}

static void roles_input(struct page *p, const struct user_form *uf)
{
	struct html *h = &p->h;
	const char *error = json_string_value(json_object_get(uf->errors, "roles"));
	const json_t *typed = json_object_get(uf->typed, "roles");
	const json_t *stored = json_object_get(uf->values, "roles");
	html_lit(h, "<div class=\"utrecht-form-field kring-field");
	if (error)
		html_lit(h, " utrecht-form-field--invalid");
	html_lit(h, "\"><fieldset class=\"utrecht-form-fieldset kring-fieldset\" id=\"f-roles\" tabindex=\"-1\">"
		    "<legend class=\"utrecht-form-fieldset__legend utrecht-form-label\">");
	page_t(p, "admin.user.roles");
	html_lit(h, "</legend><div class=\"utrecht-form-field-description\" id=\"h-roles\">");
	page_t(p, "admin.user.roles_hint");
	html_lit(h, "</div>");
	if (error) {
		html_lit(h, "<div class=\"utrecht-form-field-error-message\" id=\"e-roles\">");
		html_text(h, error);
		html_lit(h, "</div>");
	}
	html_lit(h, "<div class=\"kring-checks\">");
	for (int r = 0; r < ROLE__COUNT; r++) {
		const char *name = role_name((enum role)r);
		char key[64];
		snprintf(key, sizeof key, "account.role.%s", name);
		html_lit(h, "<div class=\"utrecht-form-field utrecht-form-field--checkbox kring-check\">"
			    "<input type=\"checkbox\" class=\"utrecht-checkbox utrecht-checkbox--html-input\" name=\"roles\"");
		html_attr_kv(h, "value", name);
		html_lit(h, " id=\"f-roles-");
		html_attr(h, name);
		html_lit(h, "\"");
		if (in_list(typed, stored, name))
			html_lit(h, " checked");
		if (error)
			html_lit(h, " aria-invalid=\"true\"");
		if (r == 0 && error)
			html_lit(h, " aria-describedby=\"h-roles e-roles\"");
		else if (r == 0)
			html_lit(h, " aria-describedby=\"h-roles\"");
		html_lit(h, "><label class=\"utrecht-form-label utrecht-form-label--checkbox\" for=\"f-roles-");
		html_attr(h, name);
		html_lit(h, "\">");
		page_t(p, key);
		html_lit(h, "</label></div>");
	}
	html_lit(h, "</div></fieldset></div>");
}

static void language_input(struct page *p, const struct user_form *uf)
{
	struct html *h = &p->h;
	const char *error = json_string_value(json_object_get(uf->errors, "language"));
	const char *cur = json_string_value(json_object_get(uf->typed, "language"));
	if (!cur)
		cur = json_string_value(json_object_get(uf->values, "language"));
	const struct field *lf = model_field(&ENTITY_USER, "language");
	if (!cur)
		cur = "auto"; /* the model's default: the browser's language */
	fields_own_open(p, error != NULL);
	fields_own_head(p, "language", T(p, "admin.user.language"), NULL, error, false);
	html_lit(h, "<select class=\"utrecht-select utrecht-select--html-select\" name=\"language\"");
	fields_own_attrs(p, "language", false, error != NULL);
	html_lit(h, ">");
	const char *const *codes = lf->values;
	for (size_t i = 0; codes[i]; i++) {
		char key[32];
		snprintf(key, sizeof key, "account.language_%s", codes[i]);
		html_lit(h, "<option");
		html_attr_kv(h, "value", codes[i]);
		if (i18n_from_code(codes[i]) >= 0)
			html_attr_kv(h, "lang", codes[i]);
		if (strcmp(cur, codes[i]) == 0)
			html_lit(h, " selected");
		html_lit(h, ">");
		page_t(p, key);
		html_lit(h, "</option>");
	}
	html_lit(h, "</select></div>");
}

static void user_form(struct page *p, const struct user_form *uf)
{
	struct html *h = &p->h;
	bool create = uf->id == 0;
	json_t *options = fields_options(p, &ENTITY_USER, USER_REFS, 0);
	struct fields o = { .e = &ENTITY_USER, .create = create, .values = uf->values, .typed = uf->typed,
			    .errors = uf->errors, .options = options, .prefix = "admin.user",
			    .only = create ? USER_READ_NEW : USER_READ_EDIT };
	const char *pw_error = json_string_value(json_object_get(uf->errors, "password"));
	const char *pw2_error = json_string_value(json_object_get(uf->errors, "password_again"));
	char action[64];
	if (create)
		snprintf(action, sizeof action, "/users");
	else
		snprintf(action, sizeof action, "/users/%lld/edit", (long long)uf->id);

	page_open(p, T(p, create ? "admin.users.new" : "admin.users.edit"), "nav.admin");
	breadcrumb(p, "/users", T(p, "admin.users.title"));
	saved_notice(p);
	fields_error_summary(p, &o);
	if (!create) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_tf(p, "admin.users.editing", json_string_value(json_object_get(uf->values, "username")), NULL);
		html_lit(h, "</p>");
		if (json_is_true(json_object_get(uf->values, "locked"))) {
			page_alert(p, "warning", T(p, "admin.users.is_locked"));
			html_lit(h, "<form method=\"post\" class=\"kring-form\"");
			html_attr_kv(h, "action", action);
			html_lit(h, ">");
			page_csrf_field(p);
			html_lit(h, "<input type=\"hidden\" name=\"do\" value=\"unlock\"><div class=\"kring-actions\">"
				    "<button type=\"submit\" class=\"utrecht-button utrecht-button--secondary-action\">");
			page_t(p, "admin.users.unlock");
			html_lit(h, "</button></div></form>");
		}
	}
	html_lit(h, "<form method=\"post\" class=\"kring-form\"");
	html_attr_kv(h, "action", action);
	html_lit(h, ">");
	page_csrf_field(p);
	struct fields part = o;
	part.only = create ? USER_TOP_NEW : USER_TOP_EDIT;
	fields_render(p, &part);
	if (create) {
		password_input(p, "password", "admin.user.password", "account.new_password_hint", pw_error, true);
		password_input(p, "password_again", "admin.user.password_again", NULL, pw2_error, true);
	}
	roles_input(p, uf);
	part.only = USER_SCOPE;
	fields_render(p, &part);
	language_input(p, uf);
	if (!create) {
		part.only = USER_DISABLED;
		fields_render(p, &part);
		html_lit(h, "<h2 class=\"utrecht-heading-2\">");
		page_t(p, "admin.users.new_password_title");
		html_lit(h, "</h2>");
		password_input(p, "password", "admin.user.new_password", "admin.user.new_password_hint", pw_error, false);
		password_input(p, "password_again", "admin.user.password_again", NULL, pw2_error, false);
	}
	page_form_end(p, T(p, "common.save"), "/users");
	page_close(p);
	json_decref(options);
}

void page_user_new(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (admin_only(&p) < 0)
		return;
	struct user_form uf = { 0 };
	user_form(&p, &uf);
	page_end(&p);
}

/* the two password fields: -1 (with the error set) when they differ */
static int passwords(struct page *p, json_t *errors, bool required, const char **pw)
{
	const char *a = form_get(&p->form, "password"), *b = form_get(&p->form, "password_again");
	*pw = NULL;
	if (!a || !a[0]) {
		if (required)
			json_object_set_new(errors, "password", json_string(T(p, "error.required")));
		return required ? -1 : 0;
	}
	if (!b || strcmp(a, b) != 0) {
		json_object_set_new(errors, "password_again", json_string(T(p, "account.password_mismatch")));
		return -1;
	}
	*pw = a;
	return 0;
}

/* a service error into the form's errors (a password rule at the password) */
static void user_error(struct page *p, json_t *errors, const struct svc_error *err)
{
	if (strcmp(err->field, "password") == 0)
		json_object_set_new(errors, "password", json_string(T(p, "account.password_rules")));
	else
		fields_add_error(p, errors, err);
}

void page_user_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (admin_only(&p) < 0)
		return;
	struct fields o = { .e = &ENTITY_USER, .create = true, .only = USER_READ_NEW, .prefix = "admin.user" };
	json_t *input = NULL, *typed = NULL, *errors = NULL, *out = NULL;
	const char *pw = NULL;
	struct svc_error err;
	int bad = fields_read(&p, &o, &input, &typed, &errors);
	if (passwords(&p, errors, true, &pw) < 0)
		bad++;
	if (!bad) {
		if (svc_user_add(&p.svc, input, pw, &out, &err) == 0) {
			page_redirect(&p, "/users?saved=user_new");
			goto done;
		}
		if (!form_error(&err)) {
			page_fail(&p, &err);
			goto done;
		}
		user_error(&p, errors, &err);
	}
	resp->status = 422;
	struct user_form uf = { .typed = typed, .errors = errors };
	user_form(&p, &uf);
done:
	json_decref(input);
	json_decref(typed);
	json_decref(errors);
	json_decref(out);
	page_end(&p);
}

/* the account with this id, or NULL (after answering) */
static json_t *find_user(struct page *p, int64_t id)
{
	json_t *users = NULL, *found = NULL;
	struct svc_error err;
	if (svc_user_list(&p->svc, &users, &err) < 0) {
		page_fail(p, &err);
		return NULL;
	}
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) {
		if (json_integer_value(json_object_get(u, "id")) == id)
			found = json_incref(u);
	}
	json_decref(users);
	if (!found)
		fail_status(p, 404);
	return found;
}

void page_user_edit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (admin_only(&p) < 0)
		return;
	json_t *user = find_user(&p, req->ids[0]);
	if (user) {
		struct user_form uf = { .values = user, .id = req->ids[0] };
		user_form(&p, &uf);
	}
	json_decref(user);
	page_end(&p);
}

void page_user_update(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (admin_only(&p) < 0)
		return;
	json_t *user = find_user(&p, req->ids[0]);
	json_t *input = NULL, *typed = NULL, *errors = NULL, *out = NULL;
	struct svc_error err;
	if (!user)
		goto done;
	const char *username = json_string_value(json_object_get(user, "username"));
	const char *what = form_get(&p.form, "do");
	if (what && strcmp(what, "unlock") == 0) {
		if (svc_user_change(&p.svc, username, NULL, NULL, true, &out, &err) < 0)
			page_fail(&p, &err);
		else
			page_redirectf(&p, "/users/%lld/edit?saved=user", (long long)req->ids[0]);
		goto done;
	}
	struct fields o = { .e = &ENTITY_USER, .create = false, .only = USER_READ_EDIT, .prefix = "admin.user" };
	const char *pw = NULL;
	int bad = fields_read(&p, &o, &input, &typed, &errors);
	if (passwords(&p, errors, false, &pw) < 0)
		bad++;
	if (!bad) {
		if (svc_user_change(&p.svc, username, input, pw, false, &out, &err) == 0) {
			/* a new password for my own account ends my session too */
			if (pw && strcmp(username, json_string_value(json_object_get(req->user, "username"))) == 0) {
				snprintf(resp->set_cookie, sizeof resp->set_cookie,
					 "%s=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0", SESSION_COOKIE);
				page_redirect(&p, "/login?saved=password");
			} else {
				page_redirect(&p, "/users?saved=user");
			}
			goto done;
		}
		if (!form_error(&err)) {
			page_fail(&p, &err);
			goto done;
		}
		user_error(&p, errors, &err);
	}
	resp->status = 422;
	struct user_form uf = { .values = user, .typed = typed, .errors = errors, .id = req->ids[0] };
	user_form(&p, &uf);
done:
	json_decref(user);
	json_decref(input);
	json_decref(typed);
	json_decref(errors);
	json_decref(out);
	page_end(&p);
}
