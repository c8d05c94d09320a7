#include "web/pages/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* the languages offered for language fields (ISO 639): the ones families
 * in the Netherlands most often speak; a stored code outside the list is
 * still shown */
static const char *const LANGUAGES[] = { "nl", "en", "ar", "tr", "ber", "pap", "srn", "pl", "so", "ti",
	"fa", "prs", "ps", "ku", "uk", "ru", "ro", "bg", "es", "pt", "fr", "de", "zh", "hi", "ur", "am",
	"fy", NULL };

const char *fields_label(struct page *p, const char *prefix_or_entity, const char *field)
{
	char key[192];
	if (strchr(prefix_or_entity, '.'))
		snprintf(key, sizeof key, "%s.%s", prefix_or_entity, field);
	else
		snprintf(key, sizeof key, "field.%s.%s", prefix_or_entity, field);
	const char *t = tr_maybe(p->lang, key);
	return t ? t : field;
}

static const char *prefix_of(const struct fields *o, char *buf, size_t len)
{
	if (o->prefix)
		return o->prefix;
	snprintf(buf, len, "field.%s", o->e->name);
	return buf;
}

static const char *label_of(struct page *p, const char *prefix, const char *field)
{
	char key[160];
	snprintf(key, sizeof key, "%s.%s", prefix, field);
	const char *t = tr_maybe(p->lang, key);
	return t ? t : field;
}

static const char *hint_of(struct page *p, const char *prefix, const char *field)
{
	char key[160];
	/* "field.request" -> "hint.request.FIELD" */
	const char *rest = strchr(prefix, '.');
	snprintf(key, sizeof key, "hint%s.%s", rest ? rest : "", field);
	return tr_maybe(p->lang, key);
}

/* may input set f? */
static bool settable(const struct field *f, bool create)
{
	if (f->flags & (F_SYSTEM | F_PARENT))
		return false;
	if ((f->flags & F_IMMUTABLE) && !create)
		return false;
	return f->type != FT_TIMESTAMP;
}

/* call fn for every field of o */
#define EACH_FIELD(o, f) \
	for (size_t i_ = 0; (o)->only ? (o)->only[i_] != NULL : i_ < (o)->e->nfields; i_++) \
		for (const struct field *f = field_at((o), i_); f; f = NULL)

static const struct field *field_at(const struct fields *o, size_t i)
{
	if (o->only) {
		return o->only[i] ? model_field(o->e, o->only[i]) : NULL;
	}
	if (i >= o->e->nfields)
		return NULL;
	const struct field *f = &o->e->fields[i];
	return settable(f, o->create) ? f : NULL;
}

static bool is_long_text(const struct field *f)
{
	return f->type == FT_TEXT && f->max > 300;
}

const char *page_enum_label(struct page *p, const char *ename, const char *fname, const char *value)
{
	char key[192];
	snprintf(key, sizeof key, "enum.%s.%s.%s", ename, fname, value);
	const char *t = tr_maybe(p->lang, key);
	if (t)
		return t;
	snprintf(key, sizeof key, "value.%s", value);
	t = tr_maybe(p->lang, key);
	return t ? t : value;
}

static const char *lang_label(struct page *p, const char *code)
{
	char key[32];
	snprintf(key, sizeof key, "lang.%s", code);
	const char *t = tr_maybe(p->lang, key);
	return t ? t : code;
}

/* the label of record id in options[ref] */
static const char *option_label(const json_t *options, const char *ref, int64_t id)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(options, ref), i, o) {
		if (json_integer_value(json_object_get(o, "id")) == id)
			return json_string_value(json_object_get(o, "label"));
	}
	return NULL;
}

/* ---- showing values ------------------------------------------------------- */

void fields_value(struct page *p, const struct entity *e, const struct field *f, const json_t *v,
		  const json_t *options)
{
	struct html *h = &p->h;
	if (!v || json_is_null(v))
		return;
	switch (f->type) {
	case FT_TEXT:
		html_text(h, json_string_value(v));
		break;
	case FT_INT:
		html_int(h, json_integer_value(v));
		break;
	case FT_CENTS:
		page_money(p, json_integer_value(v));
		break;
	case FT_BOOL:
		page_t(p, json_is_true(v) ? "common.yes" : "common.no");
		break;
	case FT_DATE:
		page_date(p, json_string_value(v));
		break;
	case FT_TIMESTAMP:
		page_timestamp(p, json_string_value(v));
		break;
	case FT_TIME:
		html_text(h, json_string_value(v));
		break;
	case FT_ENUM:
		html_text(h, page_enum_label(p, e->name, f->name, json_string_value(v)));
		break;
	case FT_LANG:
		html_text(h, lang_label(p, json_string_value(v)));
		break;
	case FT_REF: {
		const char *l = option_label(options, f->ref, json_integer_value(v));
		if (l)
			html_text(h, l);
		else {
			html_lit(h, "#");
			html_int(h, json_integer_value(v));
		}
		break;
	}
	case FT_TEXT_LIST:
	case FT_ENUM_LIST:
	case FT_LANG_LIST:
	case FT_REF_LIST: {
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) {
			if (i)
				html_lit(h, ", ");
			if (f->type == FT_TEXT_LIST)
				html_text(h, json_string_value(item));
			else if (f->type == FT_ENUM_LIST)
				html_text(h, page_enum_label(p, e->name, f->name, json_string_value(item)));
			else if (f->type == FT_LANG_LIST)
				html_text(h, lang_label(p, json_string_value(item)));
			else {
				const char *l = option_label(options, f->ref, json_integer_value(item));
				if (l)
					html_text(h, l);
				else {
					html_lit(h, "#");
					html_int(h, json_integer_value(item));
				}
			}
		}
		break;
	}
	}
}

static bool is_empty(const json_t *v)
{
	return !v || json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0) ||
	       (json_is_string(v) && json_string_length(v) == 0);
}

void fields_dl(struct page *p, const struct entity *e, const json_t *rec, const char *const *only,
	       const json_t *options, bool show_empty)
{
	struct html *h = &p->h;
	char prefix[96];
	snprintf(prefix, sizeof prefix, "field.%s", e->name);
	html_lit(h, "<dl class=\"utrecht-data-list kring-data-list\">");
	for (size_t i = 0; only ? only[i] != NULL : i < e->nfields; i++) {
		const struct field *f = only ? model_field(e, only[i]) : &e->fields[i];
		if (!f || (f->flags & F_PARENT))
			continue;
		const json_t *v = json_object_get(rec, f->name);
		if (is_empty(v) && !show_empty)
			continue;
		html_lit(h, "<div class=\"utrecht-data-list__item\"><dt class=\"utrecht-data-list__item-key\">");
		html_text(h, label_of(p, prefix, f->name));
		html_lit(h, "</dt><dd class=\"utrecht-data-list__item-value\">");
		if (is_empty(v))
			html_lit(h, "&ndash;");
		else if (is_long_text(f))
			html_lit(h, "<span class=\"kring-pre\">"), fields_value(p, e, f, v, options),
				html_lit(h, "</span>");
		else
			fields_value(p, e, f, v, options);
		html_lit(h, "</dd></div>");
	}
	html_lit(h, "</dl>");
}

/* ---- the form's text of a value --------------------------------------------- */

/* the text an input shows for a stored value */
static void input_text(struct page *p, const struct field *f, const json_t *v, char *out, size_t len)
{
	out[0] = '\0';
	if (!v || json_is_null(v))
		return;
	switch (f->type) {
	case FT_INT:
	case FT_REF:
		snprintf(out, len, "%lld", (long long)json_integer_value(v));
		break;
	case FT_CENTS: {
		char m[40];
		i18n_money_input(p->lang, json_integer_value(v), m);
		snprintf(out, len, "%s", m);
		break;
	}
	default:
		if (json_is_string(v))
			snprintf(out, len, "%s", json_string_value(v));
		break;
	}
}

/* is value (as text) chosen for f: in typed when present, else in values */
static bool chosen(const struct field *f, const json_t *typed, const json_t *stored, const char *text)
{
	const json_t *src = typed ? typed : stored;
	if (!src || json_is_null(src))
		return false;
	if (json_is_array(src)) {
		size_t i;
		json_t *x;
		json_array_foreach(src, i, x) {
			char t[32];
			if (json_is_string(x) && strcmp(json_string_value(x), text) == 0)
				return true;
			if (json_is_integer(x)) {
				snprintf(t, sizeof t, "%lld", (long long)json_integer_value(x));
				if (strcmp(t, text) == 0)
					return true;
			}
		}
		return false;
	}
	if (json_is_string(src))
		return strcmp(json_string_value(src), text) == 0;
	if (json_is_integer(src)) {
		char t[32];
		snprintf(t, sizeof t, "%lld", (long long)json_integer_value(src));
		return strcmp(t, text) == 0;
	}
	(void)f;
	return false;
}

static void attr_id(struct html *h, const char *name)
{
	html_lit(h, " id=\"f-");
	html_attr(h, name);
	html_lit(h, "\"");
}

/* one checkbox of a group (or the single checkbox of a boolean) */
static void checkbox(struct html *h, const char *name, const char *value, const char *label, bool on,
		     const char *id, bool invalid, const char *describedby)
{
	html_lit(h, "<div class=\"utrecht-form-field utrecht-form-field--checkbox kring-check\">"
		    "<input type=\"checkbox\" class=\"utrecht-checkbox utrecht-checkbox--html-input\"");
	html_attr_kv(h, "name", name);
	html_attr_kv(h, "value", value);
	html_attr_kv(h, "id", id);
	if (on)
		html_lit(h, " checked");
	if (invalid)
		html_lit(h, " aria-invalid=\"true\"");
	if (describedby && describedby[0])
		html_attr_kv(h, "aria-describedby", describedby);
	html_lit(h, "><label class=\"utrecht-form-label utrecht-form-label--checkbox\"");
	html_attr_kv(h, "for", id);
	html_lit(h, ">");
	html_text(h, label);
	html_lit(h, "</label></div>");
}

/* ---- inputs outside the model -------------------------------------------------- */

static void required_mark(struct page *p)
{
	html_lit(&p->h, " <span class=\"kring-required\">");
	page_t(p, "form.required");
	html_lit(&p->h, "</span>");
}

static void hint_and_error(struct page *p, const char *name, const char *hint, const char *error)
{
	struct html *h = &p->h;
	if (hint) {
		html_lit(h, "<div class=\"utrecht-form-field-description\" id=\"h-");
		html_attr(h, name);
		html_lit(h, "\">");
		html_text(h, hint);
		html_lit(h, "</div>");
	}
	if (error) {
		html_lit(h, "<div class=\"utrecht-form-field-error-message\" id=\"e-");
		html_attr(h, name);
		html_lit(h, "\">");
		html_text(h, error);
		html_lit(h, "</div>");
	}
}

void fields_own_open(struct page *p, bool error)
{
	html_lit(&p->h, "<div class=\"utrecht-form-field kring-field");
	if (error)
		html_lit(&p->h, " utrecht-form-field--invalid");
	html_lit(&p->h, "\">");
}

void fields_own_head(struct page *p, const char *name, const char *label, const char *hint, const char *error,
		     bool required)
{
	struct html *h = &p->h;
	html_lit(h, "<label class=\"utrecht-form-label\" for=\"f-");
	html_attr(h, name);
	html_lit(h, "\">");
	html_text(h, label);
	if (required)
		required_mark(p);
	html_lit(h, "</label>");
	hint_and_error(p, name, hint, error);
}

void fields_own_attrs(struct page *p, const char *name, bool hint, bool error)
{
	struct html *h = &p->h;
	html_lit(h, " id=\"f-");
	html_attr(h, name);
	html_lit(h, "\"");
	if (error)
		html_lit(h, " aria-invalid=\"true\"");
	if (hint || error) {
		html_lit(h, " aria-describedby=\"");
		if (hint) {
			html_lit(h, "h-");
			html_attr(h, name);
		}
		if (error) {
			if (hint)
				html_lit(h, " ");
			html_lit(h, "e-");
			html_attr(h, name);
		}
		html_lit(h, "\"");
	}
}

void fields_summary_open(struct page *p)
{
	html_lit(&p->h, "<div class=\"utrecht-alert utrecht-alert--error kring-error-summary\" role=\"alert\" "
			"tabindex=\"-1\" id=\"error-summary\"><div class=\"utrecht-alert__content\">"
			"<h2 class=\"utrecht-heading-2\">");
	page_t(p, "form.errors_title");
	html_lit(&p->h, "</h2><ul class=\"utrecht-unordered-list\">");
}

void fields_summary_link(struct page *p, const char *name, const char *label, const char *msg)
{
	struct html *h = &p->h;
	html_lit(h, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\" href=\"#f-");
	html_attr(h, name);
	html_lit(h, "\">");
	html_text(h, label);
	html_lit(h, ": ");
	html_text(h, msg);
	html_lit(h, "</a></li>");
}

void fields_summary_text(struct page *p, const char *msg)
{
	html_lit(&p->h, "<li class=\"utrecht-unordered-list__item\">");
	html_text(&p->h, msg);
	html_lit(&p->h, "</li>");
}

void fields_summary_close(struct page *p)
{
	html_lit(&p->h, "</ul></div></div>");
}

void fields_own_error_summary(struct page *p, const json_t *errors, const char *const *names,
			      const char *const *label_keys)
{
	if (!errors || json_object_size(errors) == 0)
		return;
	fields_summary_open(p);
	for (size_t i = 0; names[i]; i++) {
		const char *msg = json_string_value(json_object_get(errors, names[i]));
		if (!msg)
			continue;
		if (names[i][0])
			fields_summary_link(p, names[i], T(p, label_keys[i]), msg);
		else
			fields_summary_text(p, msg);
	}
	fields_summary_close(p);
}

static void render_one(struct page *p, const struct fields *o, const struct field *f, const char *prefix)
{
	struct html *h = &p->h;
	const json_t *stored = json_object_get(o->values, f->name);
	const json_t *typed = json_object_get(o->typed, f->name);
	const char *error = json_string_value(json_object_get(o->errors, f->name));
	const char *hint = hint_of(p, prefix, f->name);
	const char *label = label_of(p, prefix, f->name);
	bool required = (f->flags & F_REQUIRED) && f->type != FT_BOOL;
	bool group = f->type == FT_ENUM_LIST || f->type == FT_LANG_LIST || f->type == FT_REF_LIST;
	char id[96], describedby[200] = "";
	snprintf(id, sizeof id, "f-%s", f->name);
	if (hint)
		snprintf(describedby, sizeof describedby, "h-%s", f->name);
	if (error) {
		size_t n = strlen(describedby);
		snprintf(describedby + n, sizeof describedby - n, "%se-%s", n ? " " : "", f->name);
	}

	fields_own_open(p, error != NULL);
	if (group || f->type == FT_BOOL) {
		/* a group of checkboxes is a fieldset with a legend */
		if (group) {
			html_lit(h, "<fieldset class=\"utrecht-form-fieldset kring-fieldset\"");
			attr_id(h, f->name);
			html_lit(h, " tabindex=\"-1\"><legend class=\"utrecht-form-fieldset__legend utrecht-form-label\">");
			html_text(h, label);
			if (required)
				required_mark(p);
			html_lit(h, "</legend>");
		}
		hint_and_error(p, f->name, hint, error);
	} else {
		fields_own_head(p, f->name, label, hint, error, required);
	}

	char text[8192];
	if (typed && json_is_string(typed))
		snprintf(text, sizeof text, "%s", json_string_value(typed));
	else
		input_text(p, f, stored, text, sizeof text);

	switch (f->type) {
	case FT_BOOL: {
		bool on = typed ? json_is_true(typed) || (json_is_string(typed) && json_string_length(typed))
				: json_is_true(stored);
		checkbox(h, f->name, "1", label, on, id, error != NULL, describedby);
		break;
	}
	case FT_ENUM:
	case FT_LANG:
	case FT_REF: {
		html_lit(h, "<select class=\"utrecht-select utrecht-select--html-select\"");
		html_attr_kv(h, "name", f->name);
		html_attr_kv(h, "id", id);
		if (required)
			html_lit(h, " required aria-required=\"true\"");
		if (error)
			html_lit(h, " aria-invalid=\"true\"");
		if (describedby[0])
			html_attr_kv(h, "aria-describedby", describedby);
		html_lit(h, "><option value=\"\">");
		page_t(p, required ? "form.choose" : "form.none");
		html_lit(h, "</option>");
		bool found = text[0] == '\0';
		if (f->type == FT_ENUM) {
			for (size_t i = 0; f->values[i]; i++) {
				bool sel = strcmp(text, f->values[i]) == 0;
				found |= sel;
				html_lit(h, "<option");
				html_attr_kv(h, "value", f->values[i]);
				if (sel)
					html_lit(h, " selected");
				html_lit(h, ">");
				html_text(h, page_enum_label(p, o->e->name, f->name, f->values[i]));
				html_lit(h, "</option>");
			}
		} else if (f->type == FT_LANG) {
			for (size_t i = 0; LANGUAGES[i]; i++) {
				bool sel = strcmp(text, LANGUAGES[i]) == 0;
				found |= sel;
				html_lit(h, "<option");
				html_attr_kv(h, "value", LANGUAGES[i]);
				if (sel)
					html_lit(h, " selected");
				html_lit(h, ">");
				html_text(h, lang_label(p, LANGUAGES[i]));
				html_lit(h, "</option>");
			}
		} else {
			size_t i;
			json_t *opt;
			json_array_foreach(json_object_get(o->options, f->ref), i, opt) {
				char v[32];
				snprintf(v, sizeof v, "%lld", (long long)json_integer_value(json_object_get(opt, "id")));
				bool sel = strcmp(text, v) == 0;
				found |= sel;
				html_lit(h, "<option");
				html_attr_kv(h, "value", v);
				if (sel)
					html_lit(h, " selected");
				html_lit(h, ">");
				html_text(h, json_string_value(json_object_get(opt, "label")));
				html_lit(h, "</option>");
			}
		}
		if (!found) {
			/* a value the list does not hold (typed, or no longer offered) */
			html_lit(h, "<option selected");
			html_attr_kv(h, "value", text);
			html_lit(h, ">");
			html_text(h, f->type == FT_LANG ? lang_label(p, text) : text);
			html_lit(h, "</option>");
		}
		html_lit(h, "</select>");
		break;
	}
	case FT_ENUM_LIST:
	case FT_LANG_LIST:
	case FT_REF_LIST: {
		html_lit(h, "<div class=\"kring-checks\">");
		if (f->type == FT_ENUM_LIST || f->type == FT_LANG_LIST) {
			const char *const *vals = f->type == FT_ENUM_LIST ? f->values : LANGUAGES;
			for (size_t i = 0; vals[i]; i++) {
				char cid[128];
				snprintf(cid, sizeof cid, "f-%s-%s", f->name, vals[i]);
				checkbox(h, f->name, vals[i],
					 f->type == FT_ENUM_LIST ? page_enum_label(p, o->e->name, f->name, vals[i])
								 : lang_label(p, vals[i]),
					 chosen(f, typed, stored, vals[i]), cid, error != NULL, i == 0 ? describedby : NULL);
			}
		} else {
			size_t i;
			json_t *opt;
			json_array_foreach(json_object_get(o->options, f->ref), i, opt) {
				char v[32], cid[128];
				snprintf(v, sizeof v, "%lld", (long long)json_integer_value(json_object_get(opt, "id")));
				snprintf(cid, sizeof cid, "f-%s-%s", f->name, v);
				checkbox(h, f->name, v, json_string_value(json_object_get(opt, "label")),
					 chosen(f, typed, stored, v), cid, error != NULL, i == 0 ? describedby : NULL);
			}
		}
		html_lit(h, "</div></fieldset>");
		break;
	}
	case FT_TEXT_LIST:
	case FT_TEXT:
		if (f->type == FT_TEXT_LIST || is_long_text(f)) {
			html_lit(h, "<textarea class=\"utrecht-textarea utrecht-textarea--html-textarea\"");
			html_attr_kv(h, "name", f->name);
			html_attr_kv(h, "id", id);
			html_lit(h, " rows=\"");
			html_int(h, f->type == FT_TEXT_LIST ? 3 : 5);
			html_lit(h, "\"");
			if (required)
				html_lit(h, " required aria-required=\"true\"");
			if (error)
				html_lit(h, " aria-invalid=\"true\"");
			if (describedby[0])
				html_attr_kv(h, "aria-describedby", describedby);
			html_lit(h, ">");
			if (f->type == FT_TEXT_LIST && !typed) {
				size_t i;
				json_t *item;
				json_array_foreach(stored, i, item) {
					if (i)
						html_lit(h, "\n");
					html_text(h, json_string_value(item));
				}
			} else {
				html_text(h, text);
			}
			html_lit(h, "</textarea>");
			break;
		}
		/* a short text is a text box */
		__attribute__((fallthrough));
	default: {
		const char *type = "text", *mode = NULL;
		/* a date picker would show a typed date it cannot read as empty:
		 * then the field stays a text box that shows what was typed */
		if (f->type == FT_DATE && (!text[0] || date_valid(text)))
			type = "date";
		else if (f->type == FT_TIME && (!text[0] || time_valid(text)))
			type = "time";
		else if (f->type == FT_INT)
			mode = "numeric";
		else if (f->type == FT_CENTS)
			mode = "decimal";
		else if (strcmp(f->name, "email") == 0)
			type = "email";
		else if (strcmp(f->name, "phone") == 0)
			type = "tel";
		html_lit(h, "<input class=\"utrecht-textbox utrecht-textbox--html-input\"");
		html_attr_kv(h, "type", type);
		html_attr_kv(h, "name", f->name);
		html_attr_kv(h, "id", id);
		html_attr_kv(h, "value", text);
		if (mode)
			html_attr_kv(h, "inputmode", mode);
		if (f->type == FT_TEXT && f->max > 0) {
			html_lit(h, " maxlength=\"");
			html_int(h, f->max);
			html_lit(h, "\"");
		}
		if (f->type == FT_INT || f->type == FT_CENTS)
			html_lit(h, " size=\"12\"");
		if (strcmp(f->name, "email") == 0)
			html_lit(h, " autocomplete=\"email\"");
		else if (strcmp(f->name, "phone") == 0)
			html_lit(h, " autocomplete=\"tel\"");
		else
			html_lit(h, " autocomplete=\"off\"");
		if (required)
			html_lit(h, " required aria-required=\"true\"");
		if (error)
			html_lit(h, " aria-invalid=\"true\"");
		if (describedby[0])
			html_attr_kv(h, "aria-describedby", describedby);
		html_lit(h, ">");
		break;
	}
	}
	html_lit(h, "</div>");
}

void fields_render(struct page *p, const struct fields *o)
{
	char buf[96];
	const char *prefix = prefix_of(o, buf, sizeof buf);
	EACH_FIELD(o, f)
		render_one(p, o, f, prefix);
}

void fields_error_summary(struct page *p, const struct fields *o)
{
	struct html *h = &p->h;
	if (!o->errors || json_object_size(o->errors) == 0)
		return;
	char buf[96];
	const char *prefix = prefix_of(o, buf, sizeof buf);
	fields_summary_open(p);
	/* the fields' own order, then what belongs to no field */
	EACH_FIELD(o, f) {
		const char *msg = json_string_value(json_object_get(o->errors, f->name));
		if (msg)
			fields_summary_link(p, f->name, label_of(p, prefix, f->name), msg);
	}
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)o->errors, key, v) {
		const struct field *f = model_field(o->e, key);
		bool shown = false;
		EACH_FIELD(o, g)
			shown |= f == g;
		if (shown)
			continue;
		html_lit(h, "<li class=\"utrecht-unordered-list__item\">");
		if (key[0] && f) {
			html_text(h, label_of(p, prefix, key));
			html_lit(h, ": ");
		}
		html_text(h, json_string_value(v));
		html_lit(h, "</li>");
	}
	fields_summary_close(p);
}

/* ---- reading a posted form ---------------------------------------------------- */

static char *trimmed(const char *s, char *out, size_t len)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	snprintf(out, len, "%s", s);
	size_t n = strlen(out);
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\t' || out[n - 1] == '\r' || out[n - 1] == '\n'))
		out[--n] = '\0';
	return out;
}

static void add_error(struct page *p, json_t *errors, const char *field, const char *code)
{
	const char *t = page_error_text(p, code);
	json_object_set_new(errors, field, json_string(t ? t : code));
}

int fields_read(struct page *p, const struct fields *o, json_t **input, json_t **typed, json_t **errors)
{
	*input = json_object();
	*typed = json_object();
	*errors = json_object();
	const struct form *fm = &p->form;
	EACH_FIELD(o, f) {
		if (!settable(f, o->create))
			continue;
		const char *raw = form_get(fm, f->name);
		char text[16384];
		json_t *val = NULL;
		switch (f->type) {
		case FT_BOOL:
			json_object_set_new(*typed, f->name, json_boolean(raw != NULL));
			val = json_boolean(raw != NULL);
			break;
		case FT_ENUM_LIST:
		case FT_LANG_LIST:
		case FT_REF_LIST: {
			json_t *arr = json_array(), *tarr = json_array();
			size_t n = form_count(fm, f->name);
			for (size_t i = 0; i < n; i++) {
				const char *v = form_get_nth(fm, f->name, i);
				json_array_append_new(tarr, json_string(v));
				if (f->type == FT_REF_LIST) {
					int64_t id;
					if (parse_int64(v, 1, INT64_MAX, &id) < 0) {
						add_error(p, *errors, f->name, "wrong_type");
						continue;
					}
					json_array_append_new(arr, json_integer(id));
				} else {
					json_array_append_new(arr, json_string(v));
				}
			}
			json_object_set_new(*typed, f->name, tarr);
			val = arr;
			break;
		}
		case FT_TEXT_LIST: {
			json_object_set_new(*typed, f->name, json_string(raw ? raw : ""));
			json_t *arr = json_array();
			const char *s = raw ? raw : "";
			while (*s) {
				const char *nl = strchr(s, '\n');
				size_t len = nl ? (size_t)(nl - s) : strlen(s);
				char line[4096], t[4096];
				if (len >= sizeof line)
					len = sizeof line - 1;
				memcpy(line, s, len);
				line[len] = '\0';
				trimmed(line, t, sizeof t);
				if (t[0])
					json_array_append_new(arr, json_string(t));
				s += nl ? (size_t)(nl - s) + 1 : strlen(s);
			}
			val = arr;
			break;
		}
		default:
			if (raw)
				json_object_set_new(*typed, f->name, json_string(raw));
			trimmed(raw ? raw : "", text, sizeof text);
			if (!text[0]) {
				/* an empty field: left out on create, cleared on change */
				val = o->create ? NULL : json_null();
				break;
			}
			if (f->type == FT_INT || f->type == FT_REF) {
				int64_t n;
				if (parse_int64(text, INT64_MIN, INT64_MAX, &n) < 0) {
					add_error(p, *errors, f->name, "wrong_type");
					break;
				}
				val = json_integer(n);
			} else if (f->type == FT_CENTS) {
				int64_t c;
				if (i18n_parse_money(text, &c) < 0) {
					add_error(p, *errors, f->name, "not_money");
					break;
				}
				val = json_integer(c);
			} else if (f->type == FT_DATE) {
				char iso[11];
				val = json_string(i18n_parse_date(text, iso) ? iso : text);
			} else if (f->type == FT_TEXT) {
				/* free text keeps its inner line breaks, loses the outer spaces */
				val = json_string(text);
			} else {
				val = json_string(text);
			}
			break;
		}
		if (val)
			json_object_set_new(*input, f->name, val);
	}
	return (int)json_object_size(*errors);
}

void fields_add_error(struct page *p, json_t *errors, const struct svc_error *err)
{
	const char *msg = page_error_text(p, err->code);
	char text[600];
	/* a rule between fields is explained by the service's sentence */
	if (!msg || strcmp(err->code, "invalid") == 0 || strcmp(err->code, "conflict") == 0)
		snprintf(text, sizeof text, "%s%s%s", msg ? msg : "", msg ? " " : "", err->detail);
	else
		snprintf(text, sizeof text, "%s", msg);
	json_object_set_new(errors, err->field, json_string(text));
}

/* ---- options of references ---------------------------------------------------- */

/* the label of a record in a list of options */
static json_t *label_for(const char *ref, const json_t *rec)
{
	const char *name = json_string_value(json_object_get(rec, "name"));
	char buf[300];
	if (strcmp(ref, "network_member") == 0) {
		const char *rel = json_string_value(json_object_get(rec, "relation"));
		snprintf(buf, sizeof buf, "%s%s%s%s", name ? name : "", rel ? " (" : "", rel ? rel : "", rel ? ")" : "");
		return json_string(buf);
	}
	if (strcmp(ref, "request") == 0) {
		const json_t *mp = json_array_get(json_object_get(rec, "main_persons"), 0);
		snprintf(buf, sizeof buf, "#%lld %s", (long long)json_integer_value(json_object_get(rec, "id")),
			 mp ? json_string_value(mp) : "");
		return json_string(buf);
	}
	return json_string(name ? name : "");
}

json_t *fields_options(struct page *p, const struct entity *e, const char *const *only, int64_t parent_id)
{
	json_t *out = json_object();
	for (size_t i = 0; only ? only[i] != NULL : i < e->nfields; i++) {
		const struct field *f = only ? model_field(e, only[i]) : &e->fields[i];
		if (!f || (f->type != FT_REF && f->type != FT_REF_LIST) || (f->flags & F_PARENT))
			continue;
		if (json_object_get(out, f->ref))
			continue;
		const struct entity *re = model_entity(f->ref);
		if (!re || (re->flags & E_INTERNAL))
			continue;
		bool child = model_parent(re) != NULL;
		json_t *list = json_array();
		struct svc_list_params lp = { .limit = 500 };
		const char *after = NULL;
		char cursor[64];
		for (int pages = 0; pages < 20; pages++) {
			json_t *res = NULL;
			struct svc_error err;
			lp.after = after;
			if (svc_list(&p->svc, re, child ? parent_id : 0, &lp, &res, &err) < 0)
				break;
			size_t k;
			json_t *rec;
			json_array_foreach(json_object_get(res, "items"), k, rec) {
				json_array_append_new(list, json_pack("{s:O, s:o}", "id", json_object_get(rec, "id"),
								      "label", label_for(f->ref, rec)));
			}
			const char *next = json_string_value(json_object_get(res, "next"));
			if (next)
				snprintf(cursor, sizeof cursor, "%s", next);
			json_decref(res);
			if (!next)
				break;
			after = cursor;
		}
		json_object_set_new(out, f->ref, list);
	}
	return out;
}

/* ---- a stale change ----------------------------------------------------------------- */

void fields_conflict(struct page *p, const struct fields *o, const json_t *stored)
{
	struct html *h = &p->h;
	char buf[96];
	const char *prefix = prefix_of(o, buf, sizeof buf);
	html_lit(h, "<div class=\"utrecht-table-container\"><table class=\"utrecht-table kring-conflict\">"
		    "<caption class=\"utrecht-table__caption\">");
	page_t(p, "form.conflict_caption");
	html_lit(h, "</caption><thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
		    "<th scope=\"col\" class=\"utrecht-table__header-cell\">");
	page_t(p, "form.conflict_field");
	html_lit(h, "</th><th scope=\"col\" class=\"utrecht-table__header-cell\">");
	page_t(p, "form.conflict_yours");
	html_lit(h, "</th><th scope=\"col\" class=\"utrecht-table__header-cell\">");
	page_t(p, "form.conflict_theirs");
	html_lit(h, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
	int rows = 0;
	EACH_FIELD(o, f) {
		const json_t *mine = json_object_get(o->values, f->name);
		const json_t *theirs = json_object_get(stored, f->name);
		if ((!mine && !theirs) || (mine && theirs && json_equal(mine, theirs)) ||
		    (is_empty(mine) && is_empty(theirs)))
			continue;
		rows++;
		html_lit(h, "<tr class=\"utrecht-table__row\"><th scope=\"row\" class=\"utrecht-table__header-cell\">");
		html_text(h, label_of(p, prefix, f->name));
		html_lit(h, "</th><td class=\"utrecht-table__cell\">");
		fields_value(p, o->e, f, mine, o->options);
		html_lit(h, "</td><td class=\"utrecht-table__cell\">");
		fields_value(p, o->e, f, theirs, o->options);
		html_lit(h, "</td></tr>");
	}
	if (!rows) {
		html_lit(h, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\" colspan=\"3\">");
		page_t(p, "form.conflict_none");
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table></div>");
}
