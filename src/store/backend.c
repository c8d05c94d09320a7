/* What the storage backends share (see store/backend.h). */
#include "store/backend.h"

#include <stdarg.h>
#include <stdio.h>

const struct field store_system_fields[STORE_NSYSTEM] = {
	{ .name = "id", .type = FT_INT },
	{ .name = "version", .type = FT_INT },
	{ .name = "created_at", .type = FT_TIMESTAMP },
	{ .name = "updated_at", .type = FT_TIMESTAMP },
};

const struct field *store_column(const struct entity *e, int i)
{
	return i < STORE_NSYSTEM ? &store_system_fields[i] : &e->fields[i - STORE_NSYSTEM];
}

bool store_is_list(enum field_type t)
{
	return t == FT_TEXT_LIST || t == FT_ENUM_LIST || t == FT_LANG_LIST || t == FT_REF_LIST;
}

int store_check_keys(const struct entity *e, const json_t *obj, const char *op)
{
	if (!json_is_object(obj)) {
		store_log("%s %s: the record is not a JSON object", op, e->name);
		return STORE_ERROR;
	}
	for (void *it = json_object_iter((json_t *)obj); it; it = json_object_iter_next((json_t *)obj, it)) {
		const char *key = json_object_iter_key(it);
		if (!model_field(e, key)) {
			store_log("%s %s: %s is not a field of %s", op, e->name, key, e->name);
			return STORE_ERROR;
		}
	}
	return STORE_OK;
}

int store_check_filters(const struct entity *e, const struct store_filter *filters, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct field *f = filters[i].field;
		bool search = filters[i].cmp == STORE_CONTAINS;
		if (!f || model_field(e, f->name) != f || (store_is_list(f->type) && !(search && f->type == FT_TEXT_LIST))) {
			store_log("filter on %s is not a scalar field of %s", f ? f->name : "(null)", e->name);
			return STORE_ERROR;
		}
		if (search && (!json_is_string(filters[i].value) || (f->type != FT_TEXT && f->type != FT_TEXT_LIST))) {
			store_log("filter on %s: a text search needs a text field and a string", f->name);
			return STORE_ERROR;
		}
		if (filters[i].cmp == STORE_IN && !json_is_array(filters[i].value)) {
			store_log("filter on %s: IN needs an array of values", f->name);
			return STORE_ERROR;
		}
	}
	return STORE_OK;
}

bool store_filter_is_null(const struct store_filter *f)
{
	return !f->value || json_is_null(f->value);
}

char *store_like_pattern(const json_t *value)
{
	const char *s = json_string_value(value);
	size_t len = s ? json_string_length(value) : 0;
	char *out = malloc(2 * len + 3);
	if (!out)
		return NULL;
	size_t w = 0;
	out[w++] = '%';
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' || s[i] == '%' || s[i] == '_')
			out[w++] = '\\';
		out[w++] = s[i];
	}
	out[w++] = '%';
	out[w] = '\0';
	return out;
}

int store_add_ident(struct buf *b, const char *name)
{
	int r = buf_addc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			r |= buf_addc(b, '"');
		r |= buf_addc(b, *p);
	}
	return r | buf_addc(b, '"');
}

uint32_t store_sql_hash(const char *sql)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	return h;
}

int store_out_of_memory(const char *op)
{
	store_log("%s: out of memory", op);
	return STORE_ERROR;
}

void store_set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	char *w = err;
	bool space = false;
	for (const char *r = err; *r; r++) {
		if (*r == '\n' || *r == '\r' || *r == '\t' || *r == ' ') {
			space = w != err;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *r;
	}
	*w = '\0';
}
