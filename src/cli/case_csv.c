/*
 * The CSV variant of kring-case/1, for people who keep their records in a
 * spreadsheet. A column is named by the dotted path of its key in the case
 * ("follow_up.satisfaction.child"); the lists of objects go to companion
 * files keyed by ref. Reading turns rows back into the same JSON objects
 * the JSON Lines variant holds, so both are checked by the one check
 * (domain/interchange.c) and imported alike.
 *
 * RFC 4180: cells separated by commas, a cell with a comma, quote, CR or LF
 * in quotes with quotes doubled, lines ending in CRLF (LF alone is read
 * too). UTF-8; a byte order mark is written (Excel needs it to read UTF-8)
 * and skipped when read. A text cell starting with = + - @ ' tab or CR is
 * written with a leading apostrophe, so that a spreadsheet does not run it
 * as a formula; reading removes that apostrophe again.
 */
#include "cli/case_csv.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum col_type {
	C_TEXT,  /* a string (also dates and enumerations) */
	C_INT,   /* a whole number */
	C_BOOL,  /* true or false */
	C_BOOL3, /* true, false or null (the plan's verdict) */
	C_LIST,  /* a list of strings joined with ';' */
};

struct col {
	const char *path; /* the key's dotted path in the object of a row */
	enum col_type type;
};

static const struct col CASE_COLS[] = {
	{ "ref", C_TEXT }, { "kind", C_TEXT }, { "track", C_TEXT }, { "region", C_TEXT },
	{ "requested_on", C_TEXT }, { "referrer.type", C_TEXT }, { "referrer.organisation", C_TEXT },
	{ "funder", C_TEXT }, { "agreement", C_TEXT }, { "topics", C_LIST }, { "minors", C_INT },
	{ "coordinator", C_TEXT }, { "outcome", C_TEXT }, { "stop_reason", C_TEXT }, { "conference_on", C_TEXT },
	{ "participants", C_INT }, { "plan.safe_and_feasible", C_BOOL3 }, { "plan.evaluation_on", C_TEXT },
	{ "plan.fallback", C_TEXT }, { "costs_cents", C_INT }, { "follow_up.on", C_TEXT },
	{ "follow_up.situation", C_TEXT }, { "follow_up.satisfaction.main_person", C_INT },
	{ "follow_up.satisfaction.child", C_INT }, { "follow_up.satisfaction.network", C_INT },
	{ "follow_up.satisfaction.professional", C_INT }, { "follow_up.actions_done_pct", C_INT },
	{ "main_persons", C_LIST },
};
static const struct col ACTION_COLS[] = {
	{ "ref", C_TEXT }, { "topic", C_TEXT }, { "by", C_TEXT }, { "substitutes_professional", C_BOOL },
	{ "what", C_TEXT }, { "due", C_TEXT }, { "done", C_BOOL },
};
static const struct col MEASURE_COLS[] = {
	{ "ref", C_TEXT }, { "measure", C_TEXT }, { "count", C_INT }, { "at_request", C_TEXT },
	{ "at_follow_up", C_TEXT },
};
static const struct col NETWORK_COLS[] = {
	{ "ref", C_TEXT }, { "name", C_TEXT }, { "relation", C_TEXT }, { "role", C_TEXT },
};

/* a companion file: its suffix, columns, and where its items go in a case */
struct companion {
	const char *suffix;
	const struct col *cols;
	size_t ncols;
	const char *key; /* "actions" (under plan), "measures", "network" */
};
static const struct companion COMPANIONS[] = {
	{ "-actions.csv", ACTION_COLS, N(ACTION_COLS), "actions" },
	{ "-measures.csv", MEASURE_COLS, N(MEASURE_COLS), "measures" },
	{ "-network.csv", NETWORK_COLS, N(NETWORK_COLS), "network" },
};

/* ---- reading cells --------------------------------------------------------------- */

/*
 * The next record of f as a new array of strings, or NULL at the end of the
 * file (*bad set when the file breaks RFC 4180 or is not UTF-8).
 */
static json_t *read_record(struct csv_file *cf, bool *bad)
{
	struct buf cell;
	json_t *row = NULL;
	bool quoted = false, any = false, after_quote = false;
	int ch;

	*bad = false;
	buf_init(&cell, 1 << 20);
	cf->line = cf->next_line;
	row = json_array();
	if (!row)
		goto fail;
	for (;;) {
		ch = getc_unlocked(cf->f);
		if (ch == EOF) {
			if (quoted || ferror(cf->f))
				goto fail;
			if (!any)
				goto end;
			break;
		}
		any = true;
		if (quoted) {
			if (ch == '"') {
				int next = getc_unlocked(cf->f);
				if (next == '"') {
					buf_addc(&cell, '"');
					continue;
				}
				if (next != EOF)
					ungetc(next, cf->f);
				quoted = false;
				after_quote = true;
				continue;
			}
			if (ch == '\n')
				cf->next_line++;
			if (buf_addc(&cell, (char)ch) < 0)
				goto fail;
			continue;
		}
		if (ch == '"' && cell.len == 0 && !after_quote) {
			quoted = true;
			continue;
		}
		if (ch == ',' || ch == '\n') {
			if (!utf8_valid(buf_str(&cell), cell.len) || json_array_append_new(row, json_stringn(buf_str(&cell), cell.len)) < 0)
				goto fail;
			cell.len = 0;
			cell.data[0] = '\0';
			after_quote = false;
			if (ch == '\n') {
				cf->next_line++;
				goto end;
			}
			continue;
		}
		if (ch == '\r')
			continue; /* CRLF, or a stray CR outside quotes */
		if (after_quote || buf_addc(&cell, (char)ch) < 0)
			goto fail; /* text after a closing quote */
	}
	if (!utf8_valid(buf_str(&cell), cell.len) || json_array_append_new(row, json_stringn(buf_str(&cell), cell.len)) < 0)
		goto fail;
end:
	buf_release(&cell);
	if (!any) {
		json_decref(row);
		return NULL;
	}
	return row;
fail:
	buf_release(&cell);
	json_decref(row);
	*bad = true;
	return NULL;
}

/* a cell as it was before writing neutralised it */
static const char *plain(const char *s)
{
	return s[0] == '\'' && s[1] && strchr("=+-@'\t\r", s[1]) ? s + 1 : s;
}

/* the value a cell holds for a column of type t: NULL for an empty cell;
 * a cell that is not of the type stays a string, for the check to name */
static json_t *cell_value(const char *s, enum col_type t)
{
	int64_t n;
	if (!s[0])
		return NULL;
	switch (t) {
	case C_INT:
		return parse_int64(s, INT64_MIN + 1, INT64_MAX, &n) == 0 ? json_integer(n) : json_string(s);
	case C_BOOL:
	case C_BOOL3:
		if (strcasecmp(s, "true") == 0)
			return json_true();
		if (strcasecmp(s, "false") == 0)
			return json_false();
		if (t == C_BOOL3 && strcasecmp(s, "null") == 0)
			return json_null();
		return json_string(s);
	case C_LIST: {
		json_t *a = json_array();
		const char *p = s;
		while (a && *p) {
			const char *end = strchr(p, ';');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			while (len && (*p == ' ')) {
				p++;
				len--;
			}
			while (len && p[len - 1] == ' ')
				len--;
			if (len)
				json_array_append_new(a, json_stringn(p, len));
			p = end ? end + 1 : p + strlen(p);
		}
		return a;
	}
	case C_TEXT:
		break;
	}
	return json_string(plain(s));
}

/* set the dotted path in o to v (consumed), making the objects on the way */
static int set_path(json_t *o, const char *path, json_t *v)
{
	char key[64];
	const char *dot;
	while ((dot = strchr(path, '.'))) {
		size_t len = (size_t)(dot - path);
		if (len >= sizeof key) {
			json_decref(v);
			return -1;
		}
		memcpy(key, path, len);
		key[len] = '\0';
		json_t *inner = json_object_get(o, key);
		if (!inner) {
			inner = json_object();
			if (json_object_set_new(o, key, inner) < 0) {
				json_decref(v);
				return -1;
			}
		}
		o = inner;
		path = dot + 1;
	}
	return json_object_set_new(o, path, v);
}

/* the header of a file: which column each cell is, -1 with a message */
static int read_header(struct csv_file *cf, const struct col *cols, size_t ncols, json_t **map,
		       struct svc_error *err)
{
	bool bad;
	json_t *h = read_record(cf, &bad), *name;
	size_t i;

	*map = NULL;
	if (!h) {
		svc_error_set(err, 422, "invalid", "", "%s: %s", cf->name, bad ? "not CSV in UTF-8" : "empty: no header");
		return -1;
	}
	*map = json_array();
	bool has_ref = false;
	json_array_foreach(h, i, name) {
		const char *s = json_string_value(name);
		if (i == 0 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3; /* the byte order mark */
		size_t c;
		for (c = 0; c < ncols && strcmp(cols[c].path, s) != 0; c++)
			;
		if (c == ncols) {
			svc_error_set(err, 422, "invalid", "", "%s: unknown column \"%s\"", cf->name, s);
			json_decref(h);
			return -1;
		}
		has_ref |= c == 0;
		json_array_append_new(*map, json_integer((json_int_t)c));
	}
	json_decref(h);
	if (!has_ref) {
		svc_error_set(err, 422, "invalid", "", "%s: the column ref is missing", cf->name);
		return -1;
	}
	return 0;
}

/* the next row as an object, NULL at the end (-1 in *rc after a message) */
static json_t *read_row(struct csv_file *cf, const struct col *cols, json_t *map, int *rc, struct svc_error *err)
{
	bool bad;
	json_t *rec, *o;
	size_t i;

	*rc = 0;
	for (;;) {
		rec = read_record(cf, &bad);
		if (!rec) {
			if (bad) {
				svc_error_set(err, 422, "invalid", "", "%s line %lld: not CSV in UTF-8 (RFC 4180)", cf->name,
					      (long long)cf->line);
				*rc = -1;
			}
			return NULL;
		}
		/* an empty line (spreadsheets leave them) */
		if (json_array_size(rec) == 1 && json_string_length(json_array_get(rec, 0)) == 0) {
			json_decref(rec);
			continue;
		}
		break;
	}
	if (json_array_size(rec) != json_array_size(map)) {
		svc_error_set(err, 422, "invalid", "", "%s line %lld: %zu cells where the header has %zu", cf->name,
			      (long long)cf->line, json_array_size(rec), json_array_size(map));
		json_decref(rec);
		*rc = -1;
		return NULL;
	}
	o = json_object();
	json_t *cellv;
	json_array_foreach(rec, i, cellv) {
		const struct col *c = &cols[json_integer_value(json_array_get(map, i))];
		json_t *v = cell_value(json_string_value(cellv), c->type);
		if (v && set_path(o, c->path, v) < 0)
			*rc = -1;
	}
	json_decref(rec);
	if (*rc < 0 || !o) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		json_decref(o);
		*rc = -1;
		return NULL;
	}
	return o;
}

static int open_file(struct csv_file *cf, const char *path, bool optional, struct svc_error *err)
{
	const char *base = strrchr(path, '/');
	snprintf(cf->name, sizeof cf->name, "%s", base ? base + 1 : path);
	cf->line = cf->next_line = 1;
	cf->f = fopen(path, "r");
	if (!cf->f) {
		if (optional && errno == ENOENT)
			return 0;
		svc_error_set(err, 500, "internal", "", "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	return 1;
}

/* every row of a companion into r->items under its ref */
static int read_companion(struct case_csv *r, const char *path, const struct companion *cp, struct svc_error *err)
{
	struct csv_file cf = { 0 };
	json_t *map = NULL, *row;
	int rc = open_file(&cf, path, true, err);
	if (rc <= 0)
		return rc;
	rc = read_header(&cf, cp->cols, cp->ncols, &map, err);
	while (rc == 0 && (row = read_row(&cf, cp->cols, map, &rc, err))) {
		json_t *ref = json_object_get(row, "ref");
		if (!json_is_string(ref)) {
			svc_error_set(err, 422, "invalid", "ref", "%s line %lld: ref: is required", cf.name,
				      (long long)cf.line);
			json_decref(row);
			rc = -1;
			break;
		}
		json_t *entry = json_object_get(r->items, json_string_value(ref));
		if (!entry) {
			char where[96];
			snprintf(where, sizeof where, "%s line %lld", cf.name, (long long)cf.line);
			entry = json_pack("{s:s}", "where", where);
			json_object_set_new(r->items, json_string_value(ref), entry);
		}
		json_t *list = json_object_get(entry, cp->key);
		if (!list) {
			list = json_array();
			json_object_set_new(entry, cp->key, list);
		}
		json_object_del(row, "ref");
		json_array_append_new(list, row);
	}
	json_decref(map);
	fclose(cf.f);
	return rc;
}

int case_csv_open(struct case_csv *r, const char *path, struct svc_error *err)
{
	char other[4096];
	size_t len = strlen(path);

	memset(r, 0, sizeof *r);
	r->items = json_object();
	if (!r->items || len < 4 || len - 4 + 20 >= sizeof other) {
		svc_error_set(err, 422, "invalid", "", "%s: name a .csv file", path);
		return -1;
	}
	for (size_t i = 0; i < N(COMPANIONS); i++) {
		snprintf(other, sizeof other, "%.*s%s", (int)(len - 4), path, COMPANIONS[i].suffix);
		if (read_companion(r, other, &COMPANIONS[i], err) < 0)
			return -1;
	}
	if (open_file(&r->cases, path, false, err) < 0)
		return -1;
	return read_header(&r->cases, CASE_COLS, N(CASE_COLS), &r->cases.header, err);
}

int case_csv_next(struct case_csv *r, json_t **c, struct svc_error *err)
{
	int rc;
	*c = read_row(&r->cases, CASE_COLS, r->cases.header, &rc, err);
	snprintf(r->where, sizeof r->where, "%s line %lld", r->cases.name, (long long)r->cases.line);
	if (!*c) {
		if (rc == 0 && json_object_size(r->items)) {
			/* a companion row whose case is not in the file */
			void *it = json_object_iter(r->items);
			svc_error_set(err, 422, "invalid", "ref", "%s: ref %s is not in %s",
				      json_string_value(json_object_get(json_object_iter_value(it), "where")),
				      json_object_iter_key(it), r->cases.name);
			return -1;
		}
		return rc;
	}
	const char *ref = json_string_value(json_object_get(*c, "ref"));
	json_t *entry = ref ? json_object_get(r->items, ref) : NULL;
	json_t *measures = json_object_get(entry, "measures");
	if (measures)
		json_object_set(*c, "measures", measures);
	else
		json_object_set_new(*c, "measures", json_array());
	if (json_object_get(entry, "network"))
		json_object_set(*c, "network", json_object_get(entry, "network"));
	if (json_object_get(entry, "actions")) {
		if (!json_object_get(*c, "plan"))
			json_object_set_new(*c, "plan", json_object());
		json_object_set(json_object_get(*c, "plan"), "actions", json_object_get(entry, "actions"));
	}
	if (!json_object_get(*c, "topics"))
		json_object_set_new(*c, "topics", json_array());
	if (entry)
		json_object_del(r->items, ref);
	return 1;
}

const char *case_csv_where(struct case_csv *r)
{
	return r->where;
}

void case_csv_close(struct case_csv *r)
{
	if (r->cases.f)
		fclose(r->cases.f);
	json_decref(r->cases.header);
	json_decref(r->items);
	memset(r, 0, sizeof *r);
}

/* ---- writing ---------------------------------------------------------------------- */

static int put_text(FILE *f, const char *s)
{
	bool neutralise = s[0] && strchr("=+-@'\t\r", s[0]);
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	int rc = 0;
	if (quote)
		rc |= putc_unlocked('"', f) == EOF;
	if (neutralise)
		rc |= putc_unlocked('\'', f) == EOF;
	for (const char *p = s; *p; p++) {
		if (*p == '"' && quote)
			rc |= putc_unlocked('"', f) == EOF;
		rc |= putc_unlocked(*p, f) == EOF;
	}
	if (quote)
		rc |= putc_unlocked('"', f) == EOF;
	return rc ? -1 : 0;
}

static const json_t *get_path(const json_t *o, const char *path)
{
	char key[64];
	const char *dot;
	while (o && (dot = strchr(path, '.'))) {
		size_t len = (size_t)(dot - path);
		if (len >= sizeof key)
			return NULL;
		memcpy(key, path, len);
		key[len] = '\0';
		o = json_object_get(o, key);
		path = dot + 1;
	}
	return o ? json_object_get(o, path) : NULL;
}

static int put_cell(FILE *f, const json_t *v, enum col_type t)
{
	char num[32];
	size_t i;
	const json_t *item;
	struct buf b;
	int rc;

	if (!v)
		return 0;
	if (json_is_null(v))
		return t == C_BOOL3 ? put_text(f, "null") : 0;
	if (json_is_boolean(v))
		return put_text(f, json_is_true(v) ? "true" : "false");
	if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		return put_text(f, num);
	}
	if (json_is_string(v))
		return put_text(f, json_string_value(v));
	buf_init(&b, 0);
	rc = 0;
	json_array_foreach(v, i, item)
		rc |= (i ? buf_addc(&b, ';') : 0) | buf_adds(&b, json_string_value(item) ? json_string_value(item) : "");
	rc |= put_text(f, buf_str(&b));
	buf_release(&b);
	return rc ? -1 : 0;
}

static int put_row(FILE *f, const json_t *o, const char *ref, const struct col *cols, size_t ncols)
{
	int rc = 0;
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			rc |= putc_unlocked(',', f) == EOF;
		rc |= i == 0 && ref ? put_text(f, ref) : put_cell(f, get_path(o, cols[i].path), cols[i].type);
	}
	rc |= fputs("\r\n", f) == EOF;
	return rc ? -1 : 0;
}

static FILE *create(const char *dir, const char *base, const char *suffix, const struct col *cols, size_t ncols,
		    char *errbuf, size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s%s", dir, base, suffix);
	FILE *f = fopen(path, "w");
	if (!f) {
		snprintf(errbuf, errlen, "cannot write %s: %s", path, strerror(errno));
		return NULL;
	}
	fputs("\xEF\xBB\xBF", f);
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			putc(',', f);
		fputs(cols[i].path, f);
	}
	fputs("\r\n", f);
	return f;
}

int case_csv_create(struct case_csv_out *w, const char *dir, const char *base, char *errbuf, size_t errlen)
{
	memset(w, 0, sizeof *w);
	w->cases = create(dir, base, ".csv", CASE_COLS, N(CASE_COLS), errbuf, errlen);
	if (w->cases)
		w->actions = create(dir, base, COMPANIONS[0].suffix, ACTION_COLS, N(ACTION_COLS), errbuf, errlen);
	if (w->actions)
		w->measures = create(dir, base, COMPANIONS[1].suffix, MEASURE_COLS, N(MEASURE_COLS), errbuf, errlen);
	if (w->measures)
		w->network = create(dir, base, COMPANIONS[2].suffix, NETWORK_COLS, N(NETWORK_COLS), errbuf, errlen);
	if (!w->network) {
		case_csv_finish(w);
		return -1;
	}
	return 0;
}

int case_csv_write(void *ctx, const json_t *c)
{
	struct case_csv_out *w = ctx;
	const char *ref = json_string_value(json_object_get(c, "ref"));
	const json_t *item;
	size_t i;
	int rc = put_row(w->cases, c, NULL, CASE_COLS, N(CASE_COLS));
	const json_t *plan = json_object_get(c, "plan");
	/* a plan with nothing in its own columns shows as plan.safe_and_feasible "null" */
	json_array_foreach(json_object_get(plan, "actions"), i, item)
		rc |= put_row(w->actions, item, ref, ACTION_COLS, N(ACTION_COLS));
	json_array_foreach(json_object_get(c, "measures"), i, item)
		rc |= put_row(w->measures, item, ref, MEASURE_COLS, N(MEASURE_COLS));
	json_array_foreach(json_object_get(c, "network"), i, item)
		rc |= put_row(w->network, item, ref, NETWORK_COLS, N(NETWORK_COLS));
	return rc ? -1 : 0;
}

int case_csv_finish(struct case_csv_out *w)
{
	int rc = 0;
	FILE *files[] = { w->cases, w->actions, w->measures, w->network };
	for (size_t i = 0; i < N(files); i++)
		if (files[i] && fclose(files[i]) != 0)
			rc = -1;
	memset(w, 0, sizeof *w);
	return rc;
}
