/*
 * Finding cases and the request form:
 *
 *   GET  /requests             filters (GET args on the request's filterable
 *                              fields), a name search, one page of 50 with
 *                              the service's cursor
 *   GET  /requests/new         the empty request form (requested_on today)
 *   POST /requests             create it, with up to 4 measures
 *   GET  /requests/{id}/edit   the form for a change
 *   POST /requests/{id}/edit   save it (hidden version; a stale one shows
 *                              the conflict)
 *
 * The name search (q) is the list's main_persons_contains: the service
 * finds the cases, so only those found are read and logged.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/validate.h"
#include "util/text.h"
#include "web/pages/case_list.h"
#include "web/pages/fields.h"
#include "web/pages/page.h"
#include "web/pages/record_form.h"

#define PAGE_SIZE 50
#define MEASURES 4

/* ---- small pieces ------------------------------------------------------------ */

static void int_text(int64_t v, char out[24])
{
	snprintf(out, 24, "%lld", (long long)v);
}

/* the message of an error code (error.CODE), in the page's language */
static const char *error_text(struct page *p, const char *code)
{
	const char *t = page_error_text(p, code);
	return t ? t : code;
}

/* ---- GET /requests -------------------------------------------------------------- */

/* the filters offered, in the order of the form; the first ones are always
 * shown, the rest under "more filters" */
struct filter_def {
	const char *name;   /* the GET argument (a filter svc_list knows) */
	const char *field;  /* the request's field */
	const char *label;  /* catalogue key of the label, or NULL: field.request.FIELD */
	bool more;
};

static const struct filter_def FILTERS[] = {
	{ "state", "state", NULL, false },
	{ "region_id", "region_id", NULL, false },
	{ "coordinator_id", "coordinator_id", NULL, false },
	{ "kind", "kind", NULL, true },
	{ "track", "track", NULL, true },
	{ "referrer_type", "referrer_type", NULL, true },
	{ "referrer_organisation_id", "referrer_organisation_id", NULL, true },
	{ "funder_id", "funder_id", NULL, true },
	{ "outcome", "outcome", NULL, true },
	{ "stop_reason", "stop_reason", NULL, true },
	{ "requested_on_from", "requested_on", "requests.requested_from", true },
	{ "requested_on_to", "requested_on", "requests.requested_to", true },
};
#define NFILTERS (sizeof FILTERS / sizeof FILTERS[0])

/* the filters given, as the service takes them */
struct active {
	const char *names[NFILTERS + 1]; /* and the name search */
	const char *values[NFILTERS + 1];
	char dates[NFILTERS][11];
	size_t n;
	const char *q;
};

static const char *filter_arg(struct page *p, const char *name)
{
	const char *v = page_query(p, name);
	return v && v[0] ? v : NULL;
}

static void read_filters(struct page *p, struct active *a)
{
	memset(a, 0, sizeof *a);
	for (size_t i = 0; i < NFILTERS; i++) {
		const char *v = filter_arg(p, FILTERS[i].name);
		if (!v)
			continue;
		const struct field *f = model_field(&ENTITY_REQUEST, FILTERS[i].field);
		if (f->type == FT_DATE)
			v = i18n_parse_date(v, a->dates[a->n]) ? a->dates[a->n] : v;
		a->names[a->n] = FILTERS[i].name;
		a->values[a->n++] = v;
	}
	const char *q = filter_arg(p, "q");
	a->q = q && strlen(q) <= 200 ? q : NULL;
}

/* the query string of the filters (and q), as an attribute value: "state=x&amp;..." */
static void filter_href(struct page *p, const struct active *a, const char *after)
{
	struct html *h = &p->h;
	html_lit(h, "/requests");
	const char *sep = "?";
	for (size_t i = 0; i < a->n; i++) {
		html_attr(h, sep);
		html_attr(h, a->names[i]);
		html_lit(h, "=");
		html_url(h, a->values[i]);
		sep = "&";
	}
	if (a->q) {
		html_attr(h, sep);
		html_lit(h, "q=");
		html_url(h, a->q);
		sep = "&";
	}
	if (after) {
		html_attr(h, sep);
		html_lit(h, "after=");
		html_url(h, after);
	}
}

static void option(struct page *p, const char *value, const char *label, const char *current)
{
	struct html *h = &p->h;
	html_lit(h, "<option");
	html_attr_kv(h, "value", value);
	if (current && strcmp(current, value) == 0)
		html_lit(h, " selected");
	html_lit(h, ">");
	html_text(h, label);
	html_lit(h, "</option>");
}

static void filter_input(struct page *p, const struct filter_def *fd, const json_t *options)
{
	struct html *h = &p->h;
	const struct field *f = model_field(&ENTITY_REQUEST, fd->field);
	const char *current = filter_arg(p, fd->name);
	const char *label = fd->label ? T(p, fd->label) : fields_label(p, "request", fd->field);
	html_lit(h, "<div class=\"utrecht-form-field kring-field kring-filter\"><label class=\"utrecht-form-label\" for=\"q-");
	html_attr(h, fd->name);
	html_lit(h, "\">");
	html_text(h, label);
	html_lit(h, "</label>");
	if (f->type == FT_DATE) {
		html_lit(h, "<input class=\"utrecht-textbox utrecht-textbox--html-input\" type=\"date\"");
		html_attr_kv(h, "name", fd->name);
		html_lit(h, " id=\"q-");
		html_attr(h, fd->name);
		html_lit(h, "\"");
		html_attr_kv(h, "value", current ? current : "");
		html_lit(h, "></div>");
		return;
	}
	html_lit(h, "<select class=\"utrecht-select utrecht-select--html-select\"");
	html_attr_kv(h, "name", fd->name);
	html_lit(h, " id=\"q-");
	html_attr(h, fd->name);
	html_lit(h, "\">");
	option(p, "", T(p, "requests.any"), current ? current : "");
	bool found = !current;
	if (f->type == FT_ENUM) {
		for (size_t i = 0; f->values[i]; i++) {
			const char *l = strcmp(f->name, "state") == 0 ? tr3(p->lang, "state", f->values[i], NULL)
								       : page_enum_label(p, "request", f->name, f->values[i]);
			option(p, f->values[i], l, current);
			found |= current && strcmp(current, f->values[i]) == 0;
		}
	} else {
		size_t i;
		json_t *o;
		json_array_foreach(json_object_get(options, f->ref), i, o) {
			char id[24];
			int_text(jint(o, "id"), id);
			option(p, id, json_string_value(json_object_get(o, "label")), current);
			found |= current && strcmp(current, id) == 0;
		}
	}
	if (!found)
		option(p, current, current, current);
	html_lit(h, "</select></div>");
}

static void filter_form(struct page *p, const struct active *a, const json_t *options)
{
	struct html *h = &p->h;
	html_lit(h, "<form method=\"get\" action=\"/requests\" class=\"kring-filters\" role=\"search\"");
	html_attr_kv(h, "aria-label", T(p, "requests.filters"));
	html_lit(h, "><div class=\"utrecht-form-field kring-field\"><label class=\"utrecht-form-label\" for=\"q-q\">");
	page_t(p, "requests.q");
	html_lit(h, "</label><div class=\"utrecht-form-field-description\" id=\"q-q-hint\">");
	page_t(p, "requests.q_hint");
	html_lit(h, "</div><input class=\"utrecht-textbox utrecht-textbox--html-input\" type=\"search\" name=\"q\" "
		    "id=\"q-q\" maxlength=\"200\" autocomplete=\"off\" aria-describedby=\"q-q-hint\"");
	html_attr_kv(h, "value", a->q ? a->q : "");
	html_lit(h, "></div>");
	bool more_set = false;
	for (size_t i = 0; i < NFILTERS; i++) {
		if (!FILTERS[i].more)
			filter_input(p, &FILTERS[i], options);
		else if (filter_arg(p, FILTERS[i].name))
			more_set = true;
	}
	html_lit(h, "<details class=\"kring-more-filters\"");
	if (more_set)
		html_lit(h, " open");
	html_lit(h, "><summary>");
	page_t(p, "requests.more_filters");
	html_lit(h, "</summary>");
	for (size_t i = 0; i < NFILTERS; i++)
		if (FILTERS[i].more)
			filter_input(p, &FILTERS[i], options);
	html_lit(h, "</details><div class=\"kring-actions\"><button type=\"submit\" "
		    "class=\"utrecht-button utrecht-button--primary-action\">");
	page_t(p, "common.search");
	html_lit(h, "</button>");
	if (a->n || a->q) {
		html_lit(h, "<a class=\"utrecht-link\" href=\"/requests\">");
		page_t(p, "requests.clear");
		html_lit(h, "</a>");
	}
	html_lit(h, "</div></form>");
}

static void results_table(struct page *p, const json_t *items, const json_t *options, const char *caption)
{
	struct html *h = &p->h;
	html_lit(h, "<div class=\"utrecht-table-container\" tabindex=\"0\" role=\"region\"");
	html_attr_kv(h, "aria-label", caption);
	html_lit(h, "><table class=\"utrecht-table kring-table\"><caption class=\"utrecht-table__caption "
		    "kring-visually-hidden\">");
	html_text(h, caption);
	html_lit(h, "</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
	case_list_th(p, "requests.col_case");
	case_list_th(p, "requests.col_main_persons");
	case_list_th(p, "requests.col_region");
	case_list_th(p, "requests.col_state");
	case_list_th(p, "requests.col_requested_on");
	case_list_th(p, "requests.col_coordinator");
	html_lit(h, "</tr></thead><tbody class=\"utrecht-table__body\">");
	const struct field *fcoord = model_field(&ENTITY_REQUEST, "coordinator_id");
	size_t i;
	json_t *rec;
	json_array_foreach(items, i, rec) {
		html_lit(h, "<tr class=\"utrecht-table__row\">");
		case_list_number(p, rec);
		case_list_persons(p, rec);
		case_list_region(p, rec, options);
		case_list_state(p, rec);
		case_list_requested_on(p, rec);
		case_list_td_open(p);
		const json_t *c = json_object_get(rec, "coordinator_id");
		if (json_is_integer(c))
			fields_value(p, &ENTITY_REQUEST, fcoord, c, options);
		else
			html_lit(h, "&ndash;");
		case_list_td_close(p);
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tbody></table></div>");
}



void page_requests(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	struct html *h = &p.h;
	struct active a;
	read_filters(&p, &a);
	const char *after = filter_arg(&p, "after");

	json_t *res = NULL;
	struct svc_error err;
	/* the name search is the list's own: a part of a main person's name */
	if (a.q) {
		a.names[a.n] = "main_persons_contains";
		a.values[a.n++] = a.q;
	}
	struct svc_list_params lp = { .filter_names = a.names, .filter_values = a.values, .nfilters = a.n,
				      .after = after, .limit = PAGE_SIZE };
	int rc = svc_list(&p.svc, &ENTITY_REQUEST, 0, &lp, &res, &err);
	if (a.q)
		a.n--; /* the links below carry q itself */
	if (rc < 0 && err.status != 400) {
		page_fail(&p, &err);
		page_end(&p);
		return;
	}

	static const char *const refs[] = { "region_id", "coordinator_id", "funder_id", "referrer_organisation_id", NULL };
	json_t *options = fields_options(&p, &ENTITY_REQUEST, refs, 0);
	page_open(&p, T(&p, "requests.title"), "nav.requests");
	if (page_has_role(&p, ROLE_INTAKE) || page_has_role(&p, ROLE_REGIONAL_MANAGER)) {
		html_lit(h, "<p class=\"kring-actions\">");
		page_button_link(&p, "/requests/new", T(&p, "nav.new_request"), false);
		html_lit(h, "</p>");
	}
	filter_form(&p, &a, options);

	html_lit(h, "<section aria-labelledby=\"results\"><h2 class=\"utrecht-heading-2\" id=\"results\">");
	if (rc < 0) {
		/* a filter the service cannot read: say which, keep the form */
		resp->status = 400;
		page_t(&p, "requests.results");
		html_lit(h, "</h2>");
		const char *label = err.field[0] ? err.field : "";
		for (size_t i = 0; i < NFILTERS; i++)
			if (strcmp(FILTERS[i].name, err.field) == 0)
				label = FILTERS[i].label ? T(&p, FILTERS[i].label)
							 : fields_label(&p, "request", FILTERS[i].field);
		if (strcmp(err.field, "after") == 0)
			label = T(&p, "requests.cursor");
		html_lit(h, "<div class=\"utrecht-alert utrecht-alert--error kring-alert\" role=\"alert\">"
			    "<div class=\"utrecht-alert__content\"><p class=\"utrecht-paragraph\">");
		page_tf(&p, "requests.bad_filter", label, NULL);
		html_lit(h, "</p></div></div></section>");
	} else {
		const json_t *items = json_object_get(res, "items");
		char n[24];
		int64_t total = json_integer_value(json_object_get(res, "total"));
		int_text(total, n);
		if (a.q)
			page_tf(&p, total == 1 ? "requests.found_one" : "requests.found", n, NULL);
		else
			page_tf(&p, total == 1 ? "requests.count_one" : "requests.count", n, NULL);
		html_lit(h, "</h2>");
		if (json_array_size(items) == 0) {
			html_lit(h, "<p class=\"utrecht-paragraph\">");
			page_t(&p, "requests.none");
			html_lit(h, "</p>");
		} else {
			results_table(&p, items, options, T(&p, "requests.results"));
		}
		const char *next = json_string_value(json_object_get(res, "next"));
		if (next || after) {
			html_lit(h, "<nav class=\"kring-pagination\"");
			html_attr_kv(h, "aria-label", T(&p, "requests.pages"));
			html_lit(h, "><ul class=\"kring-actions\">");
			if (after) {
				html_lit(h, "<li><a class=\"utrecht-link\" href=\"");
				filter_href(&p, &a, NULL);
				html_lit(h, "\">");
				page_t(&p, "common.first_page");
				html_lit(h, "</a></li>");
			}
			if (next) {
				html_lit(h, "<li><a class=\"utrecht-link\" rel=\"next\" href=\"");
				filter_href(&p, &a, next);
				html_lit(h, "\">");
				page_t(&p, "common.next_page");
				html_lit(h, "</a></li>");
			}
			html_lit(h, "</ul></nav>");
		}
		html_lit(h, "</section>");
	}
	json_decref(options);
	json_decref(res);
	page_close(&p);
	page_end(&p);
}

/* ---- the request form ----------------------------------------------------------------- */

/* the groups of the form, in the order a request is taken down */
static const char *const G_REQUEST[] = { "requested_on", "region_id", "municipality", "referrer_type",
	"referrer_organisation_id", "referrer_name", "kind", "track", NULL };
static const char *const G_PERSONS[] = { "main_persons", "minors", "minors_ages", NULL };
static const char *const G_TOPICS[] = { "topics", NULL };
static const char *const G_WISHES[] = { "preferred_language", "preferred_gender", "preferred_background",
	"interpreter_needed", "interpreter_language", "wanted_on", NULL };
static const char *const G_SAFETY[] = { "safety_notes", NULL };
static const char *const G_CONSENT[] = { "consent", "consent_on", NULL };

/* every field of the form, in the form's order (follow_up_of: a new request only) */
static const char *const ALL_NEW[] = { "requested_on", "region_id", "municipality", "referrer_type",
	"referrer_organisation_id", "referrer_name", "kind", "track", "follow_up_of", "main_persons", "minors",
	"minors_ages", "topics", "preferred_language", "preferred_gender", "preferred_background", "interpreter_needed",
	"interpreter_language", "wanted_on", "safety_notes", "consent", "consent_on", NULL };
static const char *const ALL_EDIT[] = { "requested_on", "region_id", "municipality", "referrer_type",
	"referrer_organisation_id", "referrer_name", "kind", "track", "main_persons", "minors", "minors_ages", "topics",
	"preferred_language", "preferred_gender", "preferred_background", "interpreter_needed", "interpreter_language",
	"wanted_on", "safety_notes", "consent", "consent_on", NULL };

static const char *const MEASURE_FIELDS[] = { "measure", "count", "at_request", NULL };

/* what the form shows */
struct form_view {
	bool create;
	int64_t id;          /* the request (change) */
	int64_t version;     /* the version the change is based on */
	const json_t *values; /* stored values (change) or defaults (new) */
	const json_t *typed;  /* what was typed, or NULL */
	const json_t *errors; /* field -> message (request fields, "" and measure_N fields) */
	const json_t *mtyped; /* measure_N / count_N / at_request_N -> text */
	const json_t *options;
	const json_t *conflict; /* the stored record when a change was stale */
	const json_t *mine;     /* the typed input of a stale change */
};

static void group_open(struct page *p, const char *key, const char *intro_key, bool fieldset)
{
	struct html *h = &p->h;
	if (fieldset) {
		html_lit(h, "<fieldset class=\"utrecht-form-fieldset kring-group\"><legend "
			    "class=\"utrecht-form-fieldset__legend\"><h2 class=\"utrecht-heading-2\">");
		page_t(p, key);
		html_lit(h, "</h2></legend>");
	} else {
		html_lit(h, "<div class=\"kring-group\"><h2 class=\"utrecht-heading-2\">");
		page_t(p, key);
		html_lit(h, "</h2>");
	}
	if (intro_key) {
		html_lit(h, "<p class=\"utrecht-paragraph kring-group__intro\">");
		page_t(p, intro_key);
		html_lit(h, "</p>");
	}
}

static void group_close(struct page *p, bool fieldset)
{
	if (fieldset)
		html_lit(&p->h, "</fieldset>");
	else
		html_lit(&p->h, "</div>");
}

static void group_fields(struct page *p, const struct form_view *v, const char *const *only)
{
	struct fields o = { .e = &ENTITY_REQUEST, .only = only, .create = v->create, .values = v->values,
			    .typed = v->typed, .errors = v->errors, .options = v->options };
	fields_render(p, &o);
}

/* follow_up_of: the number of the first case (a list of every case would
 * be too long, and would put each of them in the access log) */
static void follow_up_input(struct page *p, const struct form_view *v)
{
	struct html *h = &p->h;
	const char *error = json_string_value(json_object_get(v->errors, "follow_up_of"));
	const char *typed = json_string_value(json_object_get(v->typed, "follow_up_of"));
	fields_own_open(p, error != NULL);
	fields_own_head(p, "follow_up_of", fields_label(p, "request", "follow_up_of"), T(p, "requests.follow_up_of_hint"),
		       error, false);
	html_lit(h, "<input class=\"utrecht-textbox utrecht-textbox--html-input\" type=\"text\" inputmode=\"numeric\" "
		    "name=\"follow_up_of\" size=\"12\" autocomplete=\"off\"");
	html_attr_kv(h, "value", typed ? typed : "");
	fields_own_attrs(p, "follow_up_of", true, error != NULL);
	html_lit(h, "></div>");
}

static void measure_select(struct page *p, const char *fname, int n, const char *const *values, const char *current,
			   const char *error)
{
	struct html *h = &p->h;
	char id[32];
	snprintf(id, sizeof id, "%s_%d", fname, n);
	fields_own_open(p, error != NULL);
	fields_own_head(p, id, fields_label(p, "measure", fname), NULL, error, false);
	html_lit(h, "<select class=\"utrecht-select utrecht-select--html-select\"");
	html_attr_kv(h, "name", id);
	fields_own_attrs(p, id, false, error != NULL);
	html_lit(h, ">");
	option(p, "", T(p, "form.none"), current ? current : "");
	bool found = !current || !current[0];
	for (size_t i = 0; values[i]; i++) {
		option(p, values[i], page_enum_label(p, "measure", fname, values[i]), current);
		found |= strcmp(current ? current : "", values[i]) == 0;
	}
	if (!found)
		option(p, current, current, current);
	html_lit(h, "</select></div>");
}

static void measures_block(struct page *p, const struct form_view *v)
{
	struct html *h = &p->h;
	const struct field *fm = model_field(&ENTITY_MEASURE, "measure");
	const struct field *fa = model_field(&ENTITY_MEASURE, "at_request");
	group_open(p, "requests.group_measures", "requests.measures_intro", false);
	for (int n = 1; n <= MEASURES; n++) {
		char num[8], key[32];
		snprintf(num, sizeof num, "%d", n);
		html_lit(h, "<fieldset class=\"utrecht-form-fieldset kring-fieldset kring-measure\"><legend "
			    "class=\"utrecht-form-fieldset__legend utrecht-form-label\">");
		page_tf(p, "requests.measure_n", num, NULL);
		html_lit(h, "</legend>");
		snprintf(key, sizeof key, "measure_%d", n);
		measure_select(p, "measure", n, fm->values, json_string_value(json_object_get(v->mtyped, key)),
			       json_string_value(json_object_get(v->errors, key)));
		snprintf(key, sizeof key, "count_%d", n);
		const char *error = json_string_value(json_object_get(v->errors, key));
		const char *typed = json_string_value(json_object_get(v->mtyped, key));
		fields_own_open(p, error != NULL);
		const char *hint = tr_maybe(p->lang, "hint.measure.count");
		fields_own_head(p, key, fields_label(p, "measure", "count"), hint, error, false);
		html_lit(h, "<input class=\"utrecht-textbox utrecht-textbox--html-input\" type=\"text\" "
			    "inputmode=\"numeric\" size=\"6\" autocomplete=\"off\"");
		html_attr_kv(h, "name", key);
		html_attr_kv(h, "value", typed ? typed : "");
		fields_own_attrs(p, key, hint != NULL, error != NULL);
		html_lit(h, "></div>");
		snprintf(key, sizeof key, "at_request_%d", n);
		measure_select(p, "at_request", n, fa->values, json_string_value(json_object_get(v->mtyped, key)),
			       json_string_value(json_object_get(v->errors, key)));
		html_lit(h, "</fieldset>");
	}
	group_close(p, false);
}

/* the summary of every error at the top, each linking to its input */
static void error_summary(struct page *p, const struct form_view *v, const char *const *all)
{
	if (!v->errors || json_object_size(v->errors) == 0)
		return;
	fields_summary_open(p);
	const char *general = json_string_value(json_object_get(v->errors, ""));
	if (general)
		fields_summary_text(p, general);
	for (size_t i = 0; all[i]; i++) {
		const char *msg = json_string_value(json_object_get(v->errors, all[i]));
		if (!msg)
			continue;
		const struct field *f = model_field(&ENTITY_REQUEST, all[i]);
		char anchor[96];
		if (f && f->type == FT_ENUM_LIST) /* the group's first checkbox */
			snprintf(anchor, sizeof anchor, "%s-%s", all[i], f->values[0]);
		else
			snprintf(anchor, sizeof anchor, "%s", all[i]);
		fields_summary_link(p, anchor, fields_label(p, "request", all[i]), msg);
	}
	for (int n = 1; n <= MEASURES; n++) {
		for (size_t k = 0; MEASURE_FIELDS[k]; k++) {
			char key[32], num[8], nth[200], label[400];
			snprintf(key, sizeof key, "%s_%d", MEASURE_FIELDS[k], n);
			const char *msg = json_string_value(json_object_get(v->errors, key));
			if (!msg)
				continue;
			snprintf(num, sizeof num, "%d", n);
			tr_format(p->lang, "requests.measure_n", num, NULL, nth, sizeof nth);
			snprintf(label, sizeof label, "%s, %s", nth,
				 fields_label(p, "measure", MEASURE_FIELDS[k]));
			fields_summary_link(p, key, label, msg);
		}
	}
	fields_summary_close(p);
}

static void request_form(struct page *p, const struct form_view *v)
{
	struct html *h = &p->h;
	char title[200], num[24];
	int_text(v->id, num);
	if (v->create) {
		page_open(p, T(p, "requests.new_title"), "nav.new_request");
	} else {
		tr_format(p->lang, "requests.edit_title", num, NULL, title, sizeof title);
		page_open(p, title, "nav.requests");
	}

	error_summary(p, v, v->create ? ALL_NEW : ALL_EDIT);
	if (v->conflict) {
		page_alert(p, "warning", T(p, "form.conflict_title"));
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "form.conflict_text");
		html_lit(h, "</p>");
		struct fields c = { .e = &ENTITY_REQUEST, .only = ALL_EDIT, .create = false, .values = v->mine,
				    .options = v->options };
		fields_conflict(p, &c, v->conflict);
	}
	html_lit(h, "<p class=\"utrecht-paragraph\">");
	page_t(p, v->create ? "requests.intro_new" : "requests.intro_edit");
	html_lit(h, "</p>");

	html_lit(h, "<form method=\"post\" class=\"kring-form\" novalidate data-kring-guard");
	if (v->create) {
		html_attr_kv(h, "action", "/requests");
	} else {
		char action[64];
		snprintf(action, sizeof action, "/requests/%lld/edit", (long long)v->id);
		html_attr_kv(h, "action", action);
	}
	html_lit(h, ">");
	page_csrf_field(p);
	if (!v->create) {
		char ver[24];
		int_text(v->version, ver);
		html_lit(h, "<input type=\"hidden\" name=\"version\"");
		html_attr_kv(h, "value", ver);
		html_lit(h, ">");
	}

	group_open(p, "requests.group_request", "requests.group_request_intro", true);
	group_fields(p, v, G_REQUEST);
	if (v->create)
		follow_up_input(p, v);
	group_close(p, true);

	group_open(p, "requests.group_persons", "requests.group_persons_intro", true);
	group_fields(p, v, G_PERSONS);
	group_close(p, true);

	/* the topics are a group of checkboxes with a legend of their own */
	group_open(p, "requests.group_topics", NULL, false);
	group_fields(p, v, G_TOPICS);
	group_close(p, false);

	if (v->create)
		measures_block(p, v);

	group_open(p, "requests.group_wishes", "requests.group_wishes_intro", true);
	group_fields(p, v, G_WISHES);
	group_close(p, true);

	group_open(p, "requests.group_safety", "requests.group_safety_intro", true);
	group_fields(p, v, G_SAFETY);
	group_close(p, true);

	group_open(p, "requests.group_consent", "requests.group_consent_intro", true);
	group_fields(p, v, G_CONSENT);
	group_close(p, true);

	if (!v->create) {
		html_lit(h, "<p class=\"utrecht-paragraph\">");
		page_t(p, "requests.measures_on_case");
		html_lit(h, "</p>");
	}

	char back[48];
	snprintf(back, sizeof back, "/requests/%lld", (long long)v->id);
	page_form_end(p, T(p, v->create ? "requests.save_new" : "requests.save_edit"), v->create ? "/requests" : back);
	page_close(p);
}

/* the options of the form's reference fields; an account bound to regions
 * is offered only those */
static json_t *form_options(struct page *p)
{
	static const char *const refs[] = { "region_id", "referrer_organisation_id", NULL };
	json_t *options = fields_options(p, &ENTITY_REQUEST, refs, 0);
	const json_t *user = p->svc.user;
	const json_t *mine = json_object_get(user, "region_ids");
	if (json_is_true(json_object_get(user, "all_regions")) || json_array_size(mine) == 0)
		return options;
	json_t *all = json_object_get(options, "region"), *kept = json_array();
	size_t i, k;
	json_t *o, *r;
	json_array_foreach(all, i, o) {
		json_array_foreach(mine, k, r) {
			if (json_integer_value(r) == jint(o, "id")) {
				json_array_append(kept, o);
				break;
			}
		}
	}
	json_object_set_new(options, "region", kept);
	return options;
}

/* may the account register requests at all? (the service decides for real) */
static bool may_register(struct page *p)
{
	return page_has_role(p, ROLE_INTAKE) || page_has_role(p, ROLE_REGIONAL_MANAGER);
}

/* the form's own check of each field, so that every problem shows at once;
 * the service checks again (and the rules between fields) */
static void check_fields(struct page *p, const char *const *all, bool create, const json_t *input, json_t *errors)
{
	for (size_t i = 0; all[i]; i++) {
		const struct field *f = model_field(&ENTITY_REQUEST, all[i]);
		if (json_object_get(errors, f->name))
			continue;
		const json_t *v = json_object_get(input, f->name);
		struct verr ve;
		if (!v || json_is_null(v)) {
			/* left out (new) or cleared (change) */
			if ((create || v) && (f->flags & F_REQUIRED))
				json_object_set_new(errors, f->name, json_string(error_text(p, VE_REQUIRED)));
			continue;
		}
		if (validate_value(f, v, &ve) < 0)
			json_object_set_new(errors, f->name, json_string(error_text(p, ve.code)));
	}
}

/* does a service error belong to the form (re-show it) rather than end the page? */
static bool form_error(const struct svc_error *err)
{
	return err->status == 422 || err->status == 409 || (err->field[0] && (err->status == 400 || err->status == 404));
}

void page_request_new(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (!may_register(&p)) {
		page_fail_key(&p, 403, "error.page_403");
		page_end(&p);
		return;
	}
	char today[11];
	date_today(today);
	json_t *values = json_pack("{s:s}", "requested_on", today);
	/* an account with one region: that region */
	const json_t *regions = json_object_get(p.svc.user, "region_ids");
	if (json_array_size(regions) == 1 && !json_is_true(json_object_get(p.svc.user, "all_regions")))
		json_object_set(values, "region_id", json_array_get(regions, 0));
	json_t *options = form_options(&p);
	struct form_view v = { .create = true, .values = values, .options = options };
	request_form(&p, &v);
	json_decref(values);
	json_decref(options);
	page_end(&p);
}

/* the measure blocks: what was typed (mtyped), the checked inputs (inputs:
 * one per block filled in) and their errors */
static void read_measures(struct page *p, json_t *mtyped, json_t *inputs, json_t *errors)
{
	for (int n = 1; n <= MEASURES; n++) {
		char km[32], kc[32], ka[32];
		snprintf(km, sizeof km, "measure_%d", n);
		snprintf(kc, sizeof kc, "count_%d", n);
		snprintf(ka, sizeof ka, "at_request_%d", n);
		const char *m = form_get(&p->form, km), *c = form_get(&p->form, kc), *a = form_get(&p->form, ka);
		char ct[32] = "";
		if (m)
			json_object_set_new(mtyped, km, json_string(m));
		if (c) {
			json_object_set_new(mtyped, kc, json_string(c));
			/* the number without the spaces around it */
			while (*c == ' ')
				c++;
			snprintf(ct, sizeof ct, "%s", c);
			size_t len = strlen(ct);
			while (len && ct[len - 1] == ' ')
				ct[--len] = '\0';
		}
		if (a)
			json_object_set_new(mtyped, ka, json_string(a));
		if ((!m || !m[0]) && !ct[0] && (!a || !a[0]))
			continue; /* an empty block */
		json_t *in = json_object();
		if (m && m[0])
			json_object_set_new(in, "measure", json_string(m));
		if (a && a[0])
			json_object_set_new(in, "at_request", json_string(a));
		bool bad = false;
		if (ct[0]) {
			int64_t count;
			if (parse_int64(ct, INT64_MIN, INT64_MAX, &count) < 0) {
				json_object_set_new(errors, kc, json_string(error_text(p, VE_TYPE)));
				bad = true;
			} else {
				json_object_set_new(in, "count", json_integer(count));
			}
		}
		/* every field's problem, then the whole record */
		for (size_t k = 0; MEASURE_FIELDS[k]; k++) {
			const struct field *f = model_field(&ENTITY_MEASURE, MEASURE_FIELDS[k]);
			const json_t *val = json_object_get(in, f->name);
			struct verr ve;
			char key[32];
			snprintf(key, sizeof key, "%s_%d", f->name, n);
			if (json_object_get(errors, key))
				continue;
			if (!val) {
				json_object_set_new(errors, key, json_string(error_text(p, VE_REQUIRED)));
				bad = true;
			} else if (validate_value(f, val, &ve) < 0) {
				json_object_set_new(errors, key, json_string(error_text(p, ve.code)));
				bad = true;
			}
		}
		json_t *ok = NULL;
		struct verr ve;
		if (!bad && validate_record(&ENTITY_MEASURE, in, V_CREATE, &ok, &ve) < 0) {
			char key[96];
			snprintf(key, sizeof key, "%s_%d", ve.field[0] ? ve.field : "measure", n);
			json_object_set_new(errors, key, json_string(error_text(p, ve.code)));
			bad = true;
		}
		if (!bad)
			json_array_append(inputs, in);
		json_decref(ok);
		json_decref(in);
	}
}

void page_request_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	if (!may_register(&p)) {
		page_fail_key(&p, 403, "error.page_403");
		page_end(&p);
		return;
	}
	struct fields o = { .e = &ENTITY_REQUEST, .only = ALL_NEW, .create = true };
	json_t *input = NULL, *typed = NULL, *errors = NULL, *options = NULL;
	json_t *mtyped = json_object(), *minputs = json_array();
	fields_read(&p, &o, &input, &typed, &errors);
	check_fields(&p, ALL_NEW, true, input, errors);
	read_measures(&p, mtyped, minputs, errors);

	struct svc_error err;
	if (json_object_size(errors) == 0) {
		/* a new record is saved or refused, never stale */
		struct record_save s = { .e = &ENTITY_REQUEST };
		json_t *saved = NULL, *stale = NULL;
		enum record_saved r = record_save(&p, &s, input, &saved, &stale, &err);
		json_decref(stale);
		if (r == RECORD_SAVED) {
			int64_t id = jint(saved, "id");
			json_decref(saved);
			bool measures_ok = true;
			size_t i;
			json_t *m;
			json_array_foreach(minputs, i, m) {
				struct svc_result mres = { 0 };
				struct svc_error merr;
				if (svc_create(&p.svc, &ENTITY_MEASURE, id, m, NULL, &mres, &merr) < 0)
					measures_ok = false;
				json_decref(mres.body);
			}
			/* the request stands; a measure that failed is said on the case */
			page_redirectf(&p, "/requests/%lld?saved=%s", (long long)id,
				       measures_ok ? "request" : "request_measures_failed");
			goto done;
		}
		if (!form_error(&err)) {
			page_fail(&p, &err);
			goto done;
		}
		fields_add_error(&p, errors, &err);
	}
	resp->status = 422;
	options = form_options(&p);
	struct form_view v = { .create = true, .typed = typed, .errors = errors, .mtyped = mtyped, .options = options };
	request_form(&p, &v);
done:
	json_decref(input);
	json_decref(typed);
	json_decref(errors);
	json_decref(options);
	json_decref(mtyped);
	json_decref(minputs);
	page_end(&p);
}

void page_request_edit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	json_t *rec = NULL;
	struct svc_error err;
	if (svc_get(&p.svc, &ENTITY_REQUEST, req->ids[0], &rec, &err) < 0) {
		page_fail(&p, &err);
		page_end(&p);
		return;
	}
	json_t *options = form_options(&p);
	struct form_view v = { .create = false, .id = req->ids[0],
			       .version = json_integer_value(json_object_get(rec, "version")), .values = rec,
			       .options = options };
	request_form(&p, &v);
	json_decref(rec);
	json_decref(options);
	page_end(&p);
}

void page_request_update(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin(&p, req, resp) < 0)
		return;
	int64_t id = req->ids[0], version = page_form_version(&p, 1);
	if (version < 0) {
		page_fail_key(&p, 400, "error.page_400");
		page_end(&p);
		return;
	}
	struct fields o = { .e = &ENTITY_REQUEST, .only = ALL_EDIT, .create = false };
	json_t *input = NULL, *typed = NULL, *errors = NULL, *options = NULL, *stored = NULL;
	fields_read(&p, &o, &input, &typed, &errors);
	check_fields(&p, ALL_EDIT, false, input, errors);

	struct svc_error err;
	bool conflict = false;
	if (json_object_size(errors) == 0) {
		struct record_save s = { .e = &ENTITY_REQUEST, .id = id, .version = version };
		switch (record_save(&p, &s, input, NULL, &stored, &err)) {
		case RECORD_SAVED:
			page_redirectf(&p, "/requests/%lld?saved=request", (long long)id);
			goto done;
		case RECORD_FAILED:
			goto done;
		case RECORD_STALE:
			conflict = true;
			/* saving again overwrites, deliberately */
			version = jint(stored, "version");
			break;
		case RECORD_REFUSED:
			if (!form_error(&err)) {
				page_fail(&p, &err);
				goto done;
			}
			fields_add_error(&p, errors, &err);
			break;
		}
	}
	if (!stored && svc_get(&p.svc, &ENTITY_REQUEST, id, &stored, &err) < 0) {
		page_fail(&p, &err);
		goto done;
	}
	resp->status = conflict ? 409 : 422;
	options = form_options(&p);
	struct form_view v = { .create = false, .id = id, .version = version, .values = stored, .typed = typed,
			       .errors = errors, .options = options, .conflict = conflict ? stored : NULL,
			       .mine = input };
	request_form(&p, &v);
done:
	json_decref(input);
	json_decref(typed);
	json_decref(errors);
	json_decref(options);
	json_decref(stored);
	page_end(&p);
}
