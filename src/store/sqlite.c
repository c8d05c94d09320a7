/*
 * The SQLite backend of the storage interface (store/store.h).
 *
 * One connection per store handle, used by one thread at a time (opened with
 * SQLITE_OPEN_NOMUTEX). SQL text is built only from the static model: table
 * and column names from domain/model.c, never from input; every value is
 * bound with sqlite3_bind_*. Prepared statements are kept per connection in
 * a small hash table keyed by their SQL text, so each distinct statement is
 * compiled once and then only reset and rebound.
 */
#include "store/audit.h"
#include "store/sqlite_handle.h"
#include "store/store.h"
#include "store/backend.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/text.h"

/* More distinct statements than this are prepared, used and finalized
 * instead of kept: updates build one statement per set of changed columns,
 * and the cache must stay bounded whatever callers do. */
#define STMT_CACHE_MAX 1024

struct stmt_slot {
	uint32_t hash;
	sqlite3_stmt *stmt; /* NULL: empty slot; its SQL text is the key */
};

struct sqlite_store {
	struct store base; /* first, so a struct store * is a struct sqlite_store * */
	sqlite3 *db;
	struct stmt_slot *slots; /* open addressing, nslots a power of two */
	size_t nslots;
	size_t nused;
	/* reading one record by id is the hottest path: its statements (also
	 * held by the cache above) by entity, in model_entities order */
	sqlite3_stmt *by_id[32];
	/* inserting is the hottest path of an import: the INSERT of each
	 * entity (also held by the cache), in model_entities order */
	sqlite3_stmt *ins[32];
	/* bulk_load: the CREATE INDEX statements of the indexes dropped for
	 * the open transaction, run again at its commit; and the page cache
	 * size to return to (0: not changed) */
	char **deferred;
	size_t ndeferred;
	char cache_size[16];
};


static const struct store_ops sqlite_ops;

static struct sqlite_store *as_sqlite(struct store *st)
{
	return (struct sqlite_store *)st;
}

sqlite3 *store_sqlite_db(struct store *st)
{
	return st && st->ops == &sqlite_ops ? as_sqlite(st)->db : NULL;
}

/* Map an SQLite result code to a store outcome. Busy and duplicate are normal
 * outcomes the caller handles; everything else is a fault and is logged with
 * what was being done (SQL text or a name, never bound values). */
static int fail(struct sqlite_store *s, int rc, const char *what)
{
	int primary = rc & 0xff;

	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		return STORE_BUSY;
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return STORE_DUPLICATE;
	store_log("sqlite error %d: %s; in: %s", rc, sqlite3_errmsg(s->db), what);
	return STORE_ERROR;
}


/* ---- statement cache ------------------------------------------------- */


/* the slot holding sql, or the empty slot where it belongs; the table is
 * never more than half full, so an empty slot always ends the probe */
static struct stmt_slot *slot_find(struct stmt_slot *slots, size_t nslots, uint32_t h,
				   const char *sql)
{
	size_t mask = nslots - 1;
	size_t i = h & mask;
	while (slots[i].stmt &&
	       (slots[i].hash != h || strcmp(sqlite3_sql(slots[i].stmt), sql) != 0))
		i = (i + 1) & mask;
	return &slots[i];
}

static int cache_grow(struct sqlite_store *s)
{
	size_t n = s->nslots ? s->nslots * 2 : 64;
	struct stmt_slot *ns = calloc(n, sizeof *ns);
	if (!ns)
		return -1;
	for (size_t i = 0; i < s->nslots; i++)
		if (s->slots[i].stmt)
			*slot_find(ns, n, s->slots[i].hash, sqlite3_sql(s->slots[i].stmt)) = s->slots[i];
	free(s->slots);
	s->slots = ns;
	s->nslots = n;
	return 0;
}

/* The prepared statement for sql, ready to bind. Hand it back with stmt_put
 * whatever happens, which resets it for the next use. */
static int stmt_get(struct sqlite_store *s, const char *sql, sqlite3_stmt **out)
{
	uint32_t h = store_sql_hash(sql);
	struct stmt_slot *sl;
	bool keep;
	int rc;

	*out = NULL;
	if (s->nslots) {
		sl = slot_find(s->slots, s->nslots, h, sql);
		if (sl->stmt) {
			*out = sl->stmt;
			return STORE_OK;
		}
	}
	keep = s->nused < STMT_CACHE_MAX && ((s->nused + 1) * 2 <= s->nslots || cache_grow(s) == 0);
	rc = sqlite3_prepare_v3(s->db, sql, -1, keep ? SQLITE_PREPARE_PERSISTENT : 0, out, NULL);
	if (rc != SQLITE_OK) {
		*out = NULL;
		return fail(s, rc, sql);
	}
	if (keep) {
		sl = slot_find(s->slots, s->nslots, h, sql);
		sl->hash = h;
		sl->stmt = *out;
		s->nused++;
	}
	return STORE_OK;
}

static void stmt_put(struct sqlite_store *s, sqlite3_stmt *stmt)
{
	const char *sql;

	if (!stmt)
		return;
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	sql = sqlite3_sql(stmt);
	if (!s->nslots || slot_find(s->slots, s->nslots, store_sql_hash(sql), sql)->stmt != stmt)
		sqlite3_finalize(stmt);
}

/* run a statement without parameters that returns no rows */
static int exec_cached(struct sqlite_store *s, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int ret = stmt_get(s, sql, &stmt);
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = fail(s, rc, sql);
cleanup:
	stmt_put(s, stmt);
	return ret;
}

/* ---- values: JSON <-> SQLite ---------------------------------------- */

/* Bind v (NULL or json null: SQL NULL) as the value of field f. The caller's
 * JSON outlives the statement's use, so strings are bound without copying. */
static int bind_field(struct sqlite_store *s, sqlite3_stmt *stmt, int idx, const struct field *f,
		      const json_t *v)
{
	int rc = SQLITE_MISUSE;
	char *text;

	if (!v || json_is_null(v)) {
		rc = sqlite3_bind_null(stmt, idx);
		goto bound;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_DATE:
	case FT_TIME:
	case FT_LANG:
	case FT_TIMESTAMP:
		if (!json_is_string(v))
			goto wrong;
		rc = sqlite3_bind_text64(stmt, idx, json_string_value(v), json_string_length(v),
					 SQLITE_STATIC, SQLITE_UTF8);
		break;
	case FT_INT:
	case FT_CENTS:
	case FT_REF:
		if (!json_is_integer(v))
			goto wrong;
		rc = sqlite3_bind_int64(stmt, idx, json_integer_value(v));
		break;
	case FT_BOOL:
		if (!json_is_boolean(v))
			goto wrong;
		rc = sqlite3_bind_int(stmt, idx, json_is_true(v) ? 1 : 0);
		break;
	case FT_TEXT_LIST:
	case FT_ENUM_LIST:
	case FT_LANG_LIST:
	case FT_REF_LIST:
		if (!json_is_array(v))
			goto wrong;
		text = json_dumps(v, JSON_COMPACT);
		if (!text) {
			store_log("out of memory encoding %s", f->name);
			return STORE_ERROR;
		}
		/* SQLite frees text, also when binding fails */
		rc = sqlite3_bind_text64(stmt, idx, text, strlen(text), free, SQLITE_UTF8);
		break;
	}
bound:
	return rc == SQLITE_OK ? STORE_OK : fail(s, rc, f->name);
wrong:
	store_log("value of %s has the wrong JSON type", f->name);
	return STORE_ERROR;
}

/* the value in column col as JSON for field f; SQL NULL becomes json null */
static int column_json(sqlite3_stmt *stmt, int col, const struct field *f, json_t **out)
{
	int ct = sqlite3_column_type(stmt, col);
	const char *text = NULL;
	size_t len = 0;
	json_t *v = NULL;

	*out = NULL;
	if (ct == SQLITE_NULL) {
		*out = json_null();
		return STORE_OK;
	}
	if (ct == SQLITE_TEXT) {
		text = (const char *)sqlite3_column_text(stmt, col);
		len = (size_t)sqlite3_column_bytes(stmt, col);
		if (!text)
			goto bad;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_DATE:
	case FT_TIME:
	case FT_LANG:
	case FT_TIMESTAMP:
		if (ct == SQLITE_TEXT)
			v = json_stringn(text, len);
		break;
	case FT_INT:
	case FT_CENTS:
	case FT_REF:
		if (ct == SQLITE_INTEGER)
			v = json_integer(sqlite3_column_int64(stmt, col));
		break;
	case FT_BOOL:
		if (ct == SQLITE_INTEGER)
			v = json_boolean(sqlite3_column_int64(stmt, col) != 0);
		break;
	case FT_TEXT_LIST:
	case FT_ENUM_LIST:
	case FT_LANG_LIST:
	case FT_REF_LIST:
		if (ct == SQLITE_TEXT)
			v = json_loadb(text, len, 0, NULL);
		if (v && !json_is_array(v)) {
			json_decref(v);
			v = NULL;
		}
		break;
	}
	if (!v)
		goto bad;
	*out = v;
	return STORE_OK;
bad:
	/* a value kring did not write, or out of memory */
	store_log("column %s holds a value that is not a valid %s", f->name,
		  store_is_list(f->type) ? "JSON array" : "value of its type");
	return STORE_ERROR;
}

/* the current row of a whole-row SELECT (see add_select) as a new object */
static int row_json(sqlite3_stmt *stmt, const struct entity *e, json_t **out)
{
	json_t *obj = json_object(), *v = NULL;
	int ret = STORE_ERROR;

	*out = NULL;
	if (!obj)
		goto cleanup;
	for (int i = 0; i < STORE_NSYSTEM + (int)e->nfields; i++) {
		const struct field *f = store_column(e, i);
		ret = column_json(stmt, i, f, &v);
		if (ret != STORE_OK)
			goto cleanup;
		/* keys are the model's own names: no need to check them again */
		if (json_object_set_new_nocheck(obj, f->name, v) < 0) {
			ret = STORE_ERROR;
			goto cleanup;
		}
	}
	*out = obj;
	obj = NULL;
	ret = STORE_OK;
cleanup:
	json_decref(obj);
	return ret;
}


/* ---- SQL text -------------------------------------------------------- */


/* SELECT <system columns, fields in model order> FROM <table> */
static int add_select(struct buf *b, const struct entity *e)
{
	int r = buf_adds(b, "SELECT ");
	for (int i = 0; i < STORE_NSYSTEM; i++) {
		if (i)
			r |= buf_adds(b, ", ");
		r |= store_add_ident(b, store_system_fields[i].name);
	}
	for (size_t i = 0; i < e->nfields; i++) {
		r |= buf_adds(b, ", ");
		r |= store_add_ident(b, e->fields[i].name);
	}
	r |= buf_adds(b, " FROM ");
	return r | store_add_ident(b, e->table);
}



static const char *filter_sql(const struct store_filter *f)
{
	if (store_filter_is_null(f))
		return f->cmp == STORE_EQ ? " IS NULL" : " IS NULL AND 0";
	switch (f->cmp) {
	case STORE_GE: return " >= ?";
	case STORE_LE: return " <= ?";
	/* a text list is stored as JSON text: the search looks into it */
	case STORE_CONTAINS: return " LIKE ? ESCAPE '\\'";
	case STORE_IN: /* written by add_where */
	case STORE_EQ: break;
	}
	return " = ?";
}

/* " IN (?, ?, ?)" for the values of the array, or a condition that holds
 * for no record when it is empty */
static int add_in(struct buf *b, const json_t *values)
{
	size_t n = json_array_size(values);
	if (n == 0)
		return buf_adds(b, " IS NULL AND 0");
	int r = buf_adds(b, " IN (");
	for (size_t i = 0; i < n; i++)
		r |= buf_adds(b, i ? ", ?" : "?");
	return r | buf_adds(b, ")");
}

/* " WHERE a = ? AND b IS NULL AND c >= ? AND <extra>" */
static int add_where(struct buf *b, const struct store_filter *filters, size_t n, const char *extra)
{
	const char *sep = " WHERE ";
	int r = 0;
	for (size_t i = 0; i < n; i++) {
		r |= buf_adds(b, sep);
		r |= store_add_ident(b, filters[i].field->name);
		if (filters[i].cmp == STORE_IN)
			r |= add_in(b, filters[i].value);
		else
			r |= buf_adds(b, filter_sql(&filters[i]));
		sep = " AND ";
	}
	if (extra) {
		r |= buf_adds(b, sep);
		r |= buf_adds(b, extra);
	}
	return r;
}

static int bind_filters(struct sqlite_store *s, sqlite3_stmt *stmt, const struct store_filter *filters,
			size_t n, int *idx)
{
	for (size_t i = 0; i < n; i++) {
		if (filters[i].cmp == STORE_IN) {
			for (size_t k = 0; k < json_array_size(filters[i].value); k++) {
				int ret = bind_field(s, stmt, (*idx)++, filters[i].field,
						     json_array_get(filters[i].value, k));
				if (ret != STORE_OK)
					return ret;
			}
			continue;
		}
		if (store_filter_is_null(&filters[i]))
			continue;
		if (filters[i].cmp == STORE_CONTAINS) {
			char *pattern = store_like_pattern(filters[i].value);
			int rc = pattern ? sqlite3_bind_text(stmt, (*idx)++, pattern, -1, SQLITE_TRANSIENT) : SQLITE_NOMEM;
			free(pattern);
			if (rc != SQLITE_OK)
				return fail(s, rc, "bind");
			continue;
		}
		int ret = bind_field(s, stmt, (*idx)++, filters[i].field, filters[i].value);
		if (ret != STORE_OK)
			return ret;
	}
	return STORE_OK;
}


static int bind_int64(struct sqlite_store *s, sqlite3_stmt *stmt, int idx, int64_t v)
{
	int rc = sqlite3_bind_int64(stmt, idx, v);
	return rc == SQLITE_OK ? STORE_OK : fail(s, rc, "bind");
}

static int bind_text(struct sqlite_store *s, sqlite3_stmt *stmt, int idx, const char *v)
{
	int rc = sqlite3_bind_text(stmt, idx, v, -1, SQLITE_STATIC);
	return rc == SQLITE_OK ? STORE_OK : fail(s, rc, "bind");
}

/* ---- records --------------------------------------------------------- */

/* Run a whole-row SELECT whose one parameter is key; at most one row. */
static int fetch_one(struct sqlite_store *s, const struct entity *e, const char *sql, int64_t key,
		     json_t **out)
{
	sqlite3_stmt *stmt = NULL;
	int ret = stmt_get(s, sql, &stmt);
	if (ret != STORE_OK)
		goto cleanup;
	ret = bind_int64(s, stmt, 1, key);
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		ret = row_json(stmt, e, out);
	else if (rc == SQLITE_DONE)
		ret = STORE_NOT_FOUND;
	else
		ret = fail(s, rc, sql);
cleanup:
	stmt_put(s, stmt);
	return ret;
}

static int entity_index(const struct entity *e)
{
	for (size_t i = 0; i < model_nentities; i++)
		if (model_entities[i] == e)
			return (int)i;
	return -1;
}

/* the record by id with the statement kept for that entity */
static int get_by_id_fast(struct sqlite_store *s, sqlite3_stmt *stmt, const struct entity *e,
			  int64_t id, json_t **out)
{
	int ret = bind_int64(s, stmt, 1, id);
	if (ret == STORE_OK) {
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			ret = row_json(stmt, e, out);
		else if (rc == SQLITE_DONE)
			ret = STORE_NOT_FOUND;
		else
			ret = fail(s, rc, sqlite3_sql(stmt));
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return ret;
}

static int sq_get(struct store *st, const struct entity *e, int64_t id, json_t **out)
{
	struct sqlite_store *s = as_sqlite(st);
	struct buf sql;
	int ret;
	int idx = entity_index(e);

	*out = NULL;
	if (idx >= 0 && idx < (int)(sizeof(s->by_id) / sizeof(s->by_id[0])) && s->by_id[idx])
		return get_by_id_fast(s, s->by_id[idx], e, id, out);
	buf_init(&sql, 0);
	if (add_select(&sql, e) || buf_adds(&sql, " WHERE \"id\" = ?")) {
		ret = store_out_of_memory("get");
		goto cleanup;
	}
	ret = fetch_one(s, e, buf_str(&sql), id, out);
	if (ret != STORE_ERROR && idx >= 0 && idx < (int)(sizeof(s->by_id) / sizeof(s->by_id[0])) &&
	    s->nslots) {
		/* keep it only when the cache holds it (and so finalizes it) */
		struct stmt_slot *sl = slot_find(s->slots, s->nslots, store_sql_hash(buf_str(&sql)), buf_str(&sql));
		s->by_id[idx] = sl->stmt;
	}
cleanup:
	buf_release(&sql);
	return ret;
}

static int sq_get_by_parent(struct store *st, const struct entity *e, int64_t parent_id, json_t **out)
{
	struct sqlite_store *s = as_sqlite(st);
	const struct field *parent = model_parent(e);
	struct buf sql;
	int ret;

	*out = NULL;
	buf_init(&sql, 0);
	if (!(e->flags & E_ONE_PER_PARENT) || !parent) {
		store_log("get_by_parent: %s is not one per request", e->name);
		ret = STORE_ERROR;
		goto cleanup;
	}
	if (add_select(&sql, e) || buf_adds(&sql, " WHERE ") || store_add_ident(&sql, parent->name) ||
	    buf_adds(&sql, " = ?")) {
		ret = store_out_of_memory("get_by_parent");
		goto cleanup;
	}
	ret = fetch_one(s, e, buf_str(&sql), parent_id, out);
cleanup:
	buf_release(&sql);
	return ret;
}

/* 1 when a record with this id exists, 0 when not, or a negative error */
static int record_exists(struct sqlite_store *s, const struct entity *e, int64_t id)
{
	sqlite3_stmt *stmt = NULL;
	struct buf sql;
	int ret;

	buf_init(&sql, 0);
	if (buf_adds(&sql, "SELECT 1 FROM ") || store_add_ident(&sql, e->table) || buf_adds(&sql, " WHERE \"id\" = ?")) {
		ret = store_out_of_memory("exists");
		goto cleanup;
	}
	ret = stmt_get(s, buf_str(&sql), &stmt);
	if (ret != STORE_OK)
		goto cleanup;
	ret = bind_int64(s, stmt, 1, id);
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		ret = 1;
	else if (rc == SQLITE_DONE)
		ret = 0;
	else
		ret = fail(s, rc, buf_str(&sql));
cleanup:
	stmt_put(s, stmt);
	buf_release(&sql);
	return ret;
}

/* after an UPDATE or DELETE that touched no row: was the id or the version wrong? */
static int why_unchanged(struct sqlite_store *s, const struct entity *e, int64_t id,
			 int64_t expected_version)
{
	if (expected_version < 0)
		return STORE_NOT_FOUND;
	int r = record_exists(s, e, id);
	if (r < 0)
		return r;
	return r ? STORE_CONFLICT : STORE_NOT_FOUND;
}

/* INSERT INTO t (<columns>) VALUES (...): with_system (moving a database)
 * names every column, id included; without, version is 1 and the rest
 * (the timestamps, then the fields in model order) are parameters */
static int add_insert(struct buf *sql, const struct entity *e, bool with_system)
{
	int first = with_system ? 0 : 1; /* without: the store writes version and times, not id */
	int r = buf_adds(sql, "INSERT INTO ") || store_add_ident(sql, e->table) || buf_adds(sql, " (");
	for (int i = first; i < STORE_NSYSTEM + (int)e->nfields; i++)
		r |= (i > first ? buf_adds(sql, ", ") : 0) || store_add_ident(sql, store_column(e, i)->name);
	r |= buf_adds(sql, with_system ? ") VALUES (?" : ") VALUES (1");
	for (int i = first + 1; i < STORE_NSYSTEM + (int)e->nfields; i++)
		r |= buf_adds(sql, ", ?");
	return r | buf_adds(sql, ")");
}

/* The INSERT statement of e. Without with_system it is built and looked up
 * once per entity and then kept in s->ins (*kept set): hand it back with
 * sqlite3_reset and sqlite3_clear_bindings; else with stmt_put. */
static int insert_stmt(struct sqlite_store *s, const struct entity *e, bool with_system, sqlite3_stmt **out,
		       bool *kept)
{
	int idx = with_system ? -1 : entity_index(e);
	bool slot = idx >= 0 && idx < (int)(sizeof s->ins / sizeof s->ins[0]);
	struct buf sql;
	int ret;

	*kept = false;
	if (slot && s->ins[idx]) {
		*out = s->ins[idx];
		*kept = true;
		return STORE_OK;
	}
	buf_init(&sql, 0);
	if (add_insert(&sql, e, with_system)) {
		ret = store_out_of_memory("insert");
		goto cleanup;
	}
	ret = stmt_get(s, buf_str(&sql), out);
	/* keep it only when the cache holds it (and so finalizes it) */
	if (ret == STORE_OK && slot && s->nslots &&
	    slot_find(s->slots, s->nslots, store_sql_hash(buf_str(&sql)), buf_str(&sql))->stmt == *out) {
		s->ins[idx] = *out;
		*kept = true;
	}
cleanup:
	buf_release(&sql);
	return ret;
}

/*
 * INSERT of rec: one statement per entity, every field column bound, those
 * absent from rec as NULL. The store sets version 1 and the timestamps, and SQLite the
 * id, which goes to *id (when id is not NULL); with_system (moving a database) takes the id, version and timestamps
 * from rec too, and AUTOINCREMENT then continues after the highest id.
 */
static int insert_common(struct sqlite_store *s, const struct entity *e, const json_t *rec, bool with_system,
			 int64_t *id)
{
	sqlite3_stmt *stmt = NULL;
	bool kept = false;
	char now[21];
	int ret, idx = 1;

	if (id)
		*id = 0;
	ret = insert_stmt(s, e, with_system, &stmt, &kept);
	if (!with_system)
		time_now_iso(now);
	for (int i = with_system ? 0 : 2; ret == STORE_OK && i < STORE_NSYSTEM + (int)e->nfields; i++) {
		const struct field *f = store_column(e, i);
		if (!with_system && i < STORE_NSYSTEM)
			ret = bind_text(s, stmt, idx++, now); /* created_at, updated_at */
		else
			ret = bind_field(s, stmt, idx++, f, json_object_get(rec, f->name));
	}
	if (ret == STORE_OK) {
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			ret = fail(s, rc, sqlite3_sql(stmt));
		else if (id)
			*id = sqlite3_last_insert_rowid(s->db);
	}
	if (kept) {
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
	} else {
		stmt_put(s, stmt);
	}
	return ret;
}

/* defaults are the validator's business; a NOT NULL column left empty is a
 * fault (STORE_ERROR), not a silent default */
static int sq_insert(struct store *st, const struct entity *e, const json_t *rec, json_t **out)
{
	int64_t id;
	if (out)
		*out = NULL;
	int ret = store_check_keys(e, rec, "insert");
	if (ret == STORE_OK)
		ret = insert_common(as_sqlite(st), e, rec, false, &id);
	if (ret == STORE_OK && out)
		ret = sq_get(st, e, id, out);
	return ret;
}

static int sq_insert_id(struct store *st, const struct entity *e, const json_t *rec, int64_t *id)
{
	if (id)
		*id = 0;
	int ret = store_check_keys(e, rec, "insert");
	return ret == STORE_OK ? insert_common(as_sqlite(st), e, rec, false, id) : ret;
}

/*
 * UPDATE t SET <changed columns in model order>, version = version + 1,
 * updated_at = ? WHERE id = ? [AND version = ?]. Model order (not the order
 * of the keys in changes) keeps the SQL text, and so the cached statement,
 * the same for the same set of columns.
 */
static int sq_update(struct store *st, const struct entity *e, int64_t id, int64_t expected_version,
		     const json_t *changes, json_t **out)
{
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	struct buf sql;
	char now[21];
	int ret, r, idx = 1;

	if (out)
		*out = NULL;
	buf_init(&sql, 0);
	ret = store_check_keys(e, changes, "update");
	if (ret != STORE_OK)
		goto cleanup;
	r = buf_adds(&sql, "UPDATE ") || store_add_ident(&sql, e->table) || buf_adds(&sql, " SET ");
	for (size_t i = 0; i < e->nfields; i++)
		if (json_object_get(changes, e->fields[i].name))
			r |= store_add_ident(&sql, e->fields[i].name) || buf_adds(&sql, " = ?, ");
	r |= buf_adds(&sql, "\"version\" = \"version\" + 1, \"updated_at\" = ? WHERE \"id\" = ?");
	if (expected_version >= 0)
		r |= buf_adds(&sql, " AND \"version\" = ?");
	if (r) {
		ret = store_out_of_memory("update");
		goto cleanup;
	}
	ret = stmt_get(s, buf_str(&sql), &stmt);
	if (ret != STORE_OK)
		goto cleanup;
	for (size_t i = 0; ret == STORE_OK && i < e->nfields; i++) {
		const json_t *v = json_object_get(changes, e->fields[i].name);
		if (v)
			ret = bind_field(s, stmt, idx++, &e->fields[i], v);
	}
	time_now_iso(now);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, idx++, now);
	if (ret == STORE_OK)
		ret = bind_int64(s, stmt, idx++, id);
	if (ret == STORE_OK && expected_version >= 0)
		ret = bind_int64(s, stmt, idx++, expected_version);
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		ret = fail(s, rc, buf_str(&sql));
		goto cleanup;
	}
	int changed = sqlite3_changes(s->db);
	stmt_put(s, stmt);
	stmt = NULL;
	if (changed == 0)
		ret = why_unchanged(s, e, id, expected_version);
	else if (out)
		ret = sq_get(st, e, id, out);
cleanup:
	stmt_put(s, stmt);
	buf_release(&sql);
	return ret;
}

static int sq_remove(struct store *st, const struct entity *e, int64_t id, int64_t expected_version)
{
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	struct buf sql;
	int ret;

	buf_init(&sql, 0);
	if (buf_adds(&sql, "DELETE FROM ") || store_add_ident(&sql, e->table) || buf_adds(&sql, " WHERE \"id\" = ?") ||
	    (expected_version >= 0 ? buf_adds(&sql, " AND \"version\" = ?") : 0)) {
		ret = store_out_of_memory("remove");
		goto cleanup;
	}
	ret = stmt_get(s, buf_str(&sql), &stmt);
	if (ret != STORE_OK)
		goto cleanup;
	ret = bind_int64(s, stmt, 1, id);
	if (ret == STORE_OK && expected_version >= 0)
		ret = bind_int64(s, stmt, 2, expected_version);
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		ret = fail(s, rc, buf_str(&sql));
		goto cleanup;
	}
	int changed = sqlite3_changes(s->db);
	stmt_put(s, stmt);
	stmt = NULL;
	ret = changed ? STORE_OK : why_unchanged(s, e, id, expected_version);
cleanup:
	stmt_put(s, stmt);
	buf_release(&sql);
	return ret;
}

/* Keyset paging (id > after_id ORDER BY id) rather than OFFSET: pages stay
 * stable while records are added, and each page costs the same. */
static int sq_list(struct store *st, const struct entity *e, const struct store_filter *filters,
		   size_t nfilters, int64_t after_id, int limit, json_t **items)
{
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	json_t *arr = NULL, *row = NULL;
	struct buf sql;
	int ret, idx = 1, rc = SQLITE_DONE;

	*items = NULL;
	buf_init(&sql, 0);
	ret = store_check_filters(e, filters, nfilters);
	if (ret != STORE_OK)
		goto cleanup;
	if (limit < 0) {
		store_log("list %s: negative limit", e->name);
		ret = STORE_ERROR;
		goto cleanup;
	}
	if (add_select(&sql, e) || add_where(&sql, filters, nfilters, "\"id\" > ?") ||
	    buf_adds(&sql, " ORDER BY \"id\" LIMIT ?")) {
		ret = store_out_of_memory("list");
		goto cleanup;
	}
	arr = json_array();
	if (!arr) {
		ret = store_out_of_memory("list");
		goto cleanup;
	}
	ret = stmt_get(s, buf_str(&sql), &stmt);
	if (ret == STORE_OK)
		ret = bind_filters(s, stmt, filters, nfilters, &idx);
	if (ret == STORE_OK)
		ret = bind_int64(s, stmt, idx++, after_id);
	if (ret == STORE_OK)
		ret = bind_int64(s, stmt, idx++, limit);
	while (ret == STORE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ret = row_json(stmt, e, &row);
		if (ret == STORE_OK && json_array_append_new(arr, row) < 0)
			ret = store_out_of_memory("list");
		row = NULL;
	}
	if (ret != STORE_OK)
		goto cleanup;
	if (rc != SQLITE_DONE) {
		ret = fail(s, rc, buf_str(&sql));
		goto cleanup;
	}
	*items = arr;
	arr = NULL;
cleanup:
	stmt_put(s, stmt);
	json_decref(arr);
	buf_release(&sql);
	return ret;
}

static int sq_count(struct store *st, const struct entity *e, const struct store_filter *filters,
		    size_t nfilters, int64_t *n)
{
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	struct buf sql;
	int ret, idx = 1;

	*n = 0;
	buf_init(&sql, 0);
	ret = store_check_filters(e, filters, nfilters);
	if (ret != STORE_OK)
		goto cleanup;
	if (buf_adds(&sql, "SELECT COUNT(*) FROM ") || store_add_ident(&sql, e->table) ||
	    add_where(&sql, filters, nfilters, NULL)) {
		ret = store_out_of_memory("count");
		goto cleanup;
	}
	ret = stmt_get(s, buf_str(&sql), &stmt);
	if (ret == STORE_OK)
		ret = bind_filters(s, stmt, filters, nfilters, &idx);
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		ret = fail(s, rc, buf_str(&sql));
		goto cleanup;
	}
	*n = sqlite3_column_int64(stmt, 0);
cleanup:
	stmt_put(s, stmt);
	buf_release(&sql);
	return ret;
}

/* ---- idempotency keys ------------------------------------------------ */

static int sq_idem_get(struct store *st, const char *key, const char *scope, char **fingerprint,
		       int *status, char **body)
{
	static const char sql[] = "SELECT \"fingerprint\", \"status\", \"body\" FROM \"idempotency_keys\" "
				  "WHERE \"key\" = ? AND \"scope\" = ?";
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	char *fp = NULL, *b = NULL;
	int ret;

	*fingerprint = NULL;
	*body = NULL;
	*status = 0;
	ret = stmt_get(s, sql, &stmt);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 1, key);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 2, scope);
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		ret = STORE_NOT_FOUND;
		goto cleanup;
	}
	if (rc != SQLITE_ROW) {
		ret = fail(s, rc, sql);
		goto cleanup;
	}
	const char *t0 = (const char *)sqlite3_column_text(stmt, 0);
	const char *t2 = (const char *)sqlite3_column_text(stmt, 2);
	fp = t0 ? strdup(t0) : NULL;
	b = t2 ? strdup(t2) : NULL;
	if (!fp || !b) {
		ret = store_out_of_memory("idem_get");
		goto cleanup;
	}
	*status = sqlite3_column_int(stmt, 1);
	*fingerprint = fp;
	*body = b;
	fp = b = NULL;
cleanup:
	free(fp);
	free(b);
	stmt_put(s, stmt);
	return ret;
}

/* The first answer wins: a second put for the same (key, scope) gives
 * STORE_DUPLICATE and keeps the first. */
static int sq_idem_put(struct store *st, const char *key, const char *scope, const char *fingerprint,
		       int status, const char *body)
{
	static const char sql[] = "INSERT INTO \"idempotency_keys\" (\"key\", \"scope\", \"fingerprint\", "
				  "\"status\", \"body\", \"created_at\") VALUES (?, ?, ?, ?, ?, ?)";
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	char now[21];
	int ret;

	time_now_iso(now);
	ret = stmt_get(s, sql, &stmt);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 1, key);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 2, scope);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 3, fingerprint);
	if (ret == STORE_OK)
		ret = bind_int64(s, stmt, 4, status);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 5, body);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 6, now);
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		ret = fail(s, rc, sql);
cleanup:
	stmt_put(s, stmt);
	return ret;
}

static int sq_idem_remove(struct store *st, const char *key, const char *scope)
{
	static const char sql[] = "DELETE FROM \"idempotency_keys\" WHERE \"key\" = ? AND \"scope\" = ?";
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	int ret = stmt_get(s, sql, &stmt);

	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 1, key);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 2, scope);
	if (ret == STORE_OK) {
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			ret = fail(s, rc, sql);
		else if (sqlite3_changes(s->db) == 0)
			ret = STORE_NOT_FOUND;
	}
	stmt_put(s, stmt);
	return ret;
}

/* ---- moving a database ----------------------------------------------- */

/* INSERT with the id and the system columns as given; AUTOINCREMENT then
 * continues after the highest id by itself */
static int sq_insert_row(struct store *st, const struct entity *e, const json_t *row)
{
	return insert_common(as_sqlite(st), e, row, true, NULL);
}

static int sq_lock_name(struct store *st, const char *name)
{
	(void)st;
	(void)name;
	return STORE_OK;
}

static void sq_unlock_name(struct store *st, const char *name)
{
	(void)st;
	(void)name;
}

static int sq_reset_ids(struct store *st, const struct entity *e)
{
	(void)st;
	(void)e;
	return STORE_OK;
}

static int sq_idem_list(struct store *st, json_t **items)
{
	static const char sql[] = "SELECT \"key\", \"scope\", \"fingerprint\", \"status\", \"body\", "
				  "\"created_at\" FROM \"idempotency_keys\" ORDER BY \"key\", \"scope\"";
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	json_t *arr = json_array();
	int ret = arr ? stmt_get(s, sql, &stmt) : store_out_of_memory("idem_list");
	int rc = SQLITE_DONE;

	*items = NULL;
	while (ret == STORE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		json_t *row = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s}",
					"key", (const char *)sqlite3_column_text(stmt, 0),
					"scope", (const char *)sqlite3_column_text(stmt, 1),
					"fingerprint", (const char *)sqlite3_column_text(stmt, 2),
					"status", sqlite3_column_int(stmt, 3),
					"body", (const char *)sqlite3_column_text(stmt, 4),
					"created_at", (const char *)sqlite3_column_text(stmt, 5));
		if (!row || json_array_append_new(arr, row) < 0)
			ret = store_out_of_memory("idem_list");
	}
	if (ret == STORE_OK && rc != SQLITE_DONE)
		ret = fail(s, rc, sql);
	stmt_put(s, stmt);
	if (ret == STORE_OK)
		*items = arr;
	else
		json_decref(arr);
	return ret;
}

static int sq_idem_insert_row(struct store *st, const json_t *row)
{
	static const char sql[] = "INSERT INTO \"idempotency_keys\" (\"key\", \"scope\", \"fingerprint\", "
				  "\"status\", \"body\", \"created_at\") VALUES (?, ?, ?, ?, ?, ?)";
	static const char *const names[] = { "key", "scope", "fingerprint", "status", "body", "created_at" };
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	int ret = stmt_get(s, sql, &stmt);

	for (int i = 0; ret == STORE_OK && i < 6; i++) {
		json_t *v = json_object_get(row, names[i]);
		if (i == 3 && json_is_integer(v))
			ret = bind_int64(s, stmt, i + 1, json_integer_value(v));
		else if (i != 3 && json_is_string(v))
			ret = bind_text(s, stmt, i + 1, json_string_value(v));
		else {
			store_log("idem_insert_row: %s is missing or of the wrong type", names[i]);
			ret = STORE_ERROR;
		}
	}
	if (ret == STORE_OK) {
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			ret = fail(s, rc, sql);
	}
	stmt_put(s, stmt);
	return ret;
}

/* ---- the access log -------------------------------------------------- */

/* the columns of access_log from index from on (0: all, 1: all but id) */
static int add_audit_columns(struct buf *b, size_t from)
{
	int r = 0;
	for (size_t i = from; i < audit_ncolumns; i++)
		r |= (i > from ? buf_adds(b, ", ") : 0) || store_add_ident(b, audit_columns[i].name);
	return r;
}

/* INSERT INTO access_log the columns from index from on, from entry */
static int audit_insert(struct sqlite_store *s, const json_t *entry, size_t from)
{
	sqlite3_stmt *stmt = NULL;
	struct buf sql;
	int ret, r, idx = 1;

	buf_init(&sql, 0);
	r = buf_adds(&sql, "INSERT INTO \"access_log\" (") || add_audit_columns(&sql, from) ||
	    buf_adds(&sql, ") VALUES (");
	for (size_t i = from; i < audit_ncolumns; i++)
		r |= buf_adds(&sql, i > from ? ", ?" : "?");
	r |= buf_adds(&sql, ")");
	if (r) {
		ret = store_out_of_memory("access log");
		goto cleanup;
	}
	ret = stmt_get(s, buf_str(&sql), &stmt);
	for (size_t i = from; ret == STORE_OK && i < audit_ncolumns; i++)
		ret = bind_field(s, stmt, idx++, &audit_columns[i], json_object_get(entry, audit_columns[i].name));
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		ret = fail(s, rc, buf_str(&sql));
cleanup:
	stmt_put(s, stmt);
	buf_release(&sql);
	return ret;
}

/* BEGIN IMMEDIATE holds the write lock already: the last entry read inside
 * the transaction stays the last one until it commits */
static int sq_audit_lock(struct store *st)
{
	(void)st;
	return STORE_OK;
}

static int sq_audit_append(struct store *st, json_t *entry)
{
	static const char head_sql[] = "SELECT \"hash\" FROM \"access_log\" ORDER BY \"id\" DESC LIMIT 1";
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	char prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
	int ret, rc;

	if (audit_check_entry(entry) < 0)
		return STORE_ERROR;
	ret = stmt_get(s, head_sql, &stmt);
	if (ret != STORE_OK)
		goto cleanup;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(stmt, 0);
		snprintf(prev, sizeof prev, "%s", h ? h : "");
	} else if (rc == SQLITE_DONE) {
		memcpy(prev, audit_genesis, sizeof prev);
	} else {
		ret = fail(s, rc, head_sql);
		goto cleanup;
	}
	stmt_put(s, stmt);
	stmt = NULL;
	if (json_object_set_new(entry, "prev_hash", json_string(prev)) < 0 || audit_hash(entry, hash) < 0 ||
	    json_object_set_new(entry, "hash", json_string(hash)) < 0) {
		ret = store_out_of_memory("access log");
		goto cleanup;
	}
	ret = audit_insert(s, entry, 1);
	if (ret == STORE_DUPLICATE) {
		/* one writer at a time: only an entry put in by hand does this */
		store_log("access_log: the entry after the last one exists already");
		ret = STORE_ERROR;
	}
cleanup:
	stmt_put(s, stmt);
	return ret;
}

/* the current row of SELECT <every audit column> as a new object */
static int audit_row_json(sqlite3_stmt *stmt, json_t **out)
{
	json_t *obj = json_object(), *v = NULL;
	int ret = obj ? STORE_OK : store_out_of_memory("access log");

	*out = NULL;
	for (size_t i = 0; ret == STORE_OK && i < audit_ncolumns; i++) {
		ret = column_json(stmt, (int)i, &audit_columns[i], &v);
		if (ret == STORE_OK && json_object_set_new_nocheck(obj, audit_columns[i].name, v) < 0)
			ret = store_out_of_memory("access log");
	}
	if (ret == STORE_OK)
		*out = obj;
	else
		json_decref(obj);
	return ret;
}

static int sq_audit_list(struct store *st, int64_t after_id, int limit, int64_t request_id, json_t **items)
{
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	json_t *arr = NULL, *row = NULL;
	struct buf sql;
	int ret = STORE_OK, idx = 1, rc = SQLITE_DONE;

	*items = NULL;
	buf_init(&sql, 0);
	if (limit < 0) {
		store_log("list access_log: negative limit");
		ret = STORE_ERROR;
		goto cleanup;
	}
	if (buf_adds(&sql, "SELECT ") || add_audit_columns(&sql, 0) ||
	    buf_adds(&sql, " FROM \"access_log\" WHERE \"id\" > ?") ||
	    (request_id ? buf_adds(&sql, " AND \"request_id\" = ?") : 0) ||
	    buf_adds(&sql, " ORDER BY \"id\" LIMIT ?") || !(arr = json_array())) {
		ret = store_out_of_memory("access log");
		goto cleanup;
	}
	ret = stmt_get(s, buf_str(&sql), &stmt);
	if (ret == STORE_OK)
		ret = bind_int64(s, stmt, idx++, after_id);
	if (ret == STORE_OK && request_id)
		ret = bind_int64(s, stmt, idx++, request_id);
	if (ret == STORE_OK)
		ret = bind_int64(s, stmt, idx++, limit);
	while (ret == STORE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ret = audit_row_json(stmt, &row);
		if (ret == STORE_OK && json_array_append_new(arr, row) < 0)
			ret = store_out_of_memory("access log");
		row = NULL;
	}
	if (ret == STORE_OK && rc != SQLITE_DONE)
		ret = fail(s, rc, buf_str(&sql));
	if (ret == STORE_OK) {
		*items = arr;
		arr = NULL;
	}
cleanup:
	stmt_put(s, stmt);
	json_decref(arr);
	buf_release(&sql);
	return ret;
}

static int sq_audit_insert_row(struct store *st, const json_t *row)
{
	return audit_insert(as_sqlite(st), row, 0);
}

/* ---- transactions, ping ---------------------------------------------- */

/* A write transaction takes the write lock at BEGIN (waiting up to the busy
 * timeout) so that it cannot fail later on upgrading a read lock. */
/* ---- aggregate queries (the reports) ---------------------------------- */

/* bind one parameter of a report query: booleans as SQLite stores them, 0/1 */
static int bind_scalar(struct sqlite_store *s, sqlite3_stmt *stmt, int idx, const json_t *v)
{
	int rc;
	if (json_is_string(v))
		rc = sqlite3_bind_text(stmt, idx, json_string_value(v), -1, SQLITE_STATIC);
	else if (json_is_integer(v))
		rc = sqlite3_bind_int64(stmt, idx, json_integer_value(v));
	else if (json_is_boolean(v))
		rc = sqlite3_bind_int(stmt, idx, json_is_true(v));
	else if (json_is_null(v))
		rc = sqlite3_bind_null(stmt, idx);
	else {
		store_log("query: parameter %d is no scalar", idx);
		return STORE_ERROR;
	}
	return rc == SQLITE_OK ? STORE_OK : fail(s, rc, "bind");
}

static json_t *scalar_json(sqlite3_stmt *stmt, int col)
{
	switch (sqlite3_column_type(stmt, col)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(stmt, col));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(stmt, col));
	case SQLITE_NULL:
		return json_null();
	default:
		return json_stringn((const char *)sqlite3_column_text(stmt, col),
				    (size_t)sqlite3_column_bytes(stmt, col));
	}
}

static int sq_query(struct store *st, const char *sql, const json_t *params, json_t **rows)
{
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	json_t *arr = json_array(), *row = NULL, *v;
	size_t i;
	int ret, rc = SQLITE_DONE;

	*rows = NULL;
	ret = arr ? stmt_get(s, sql, &stmt) : store_out_of_memory("query");
	if (ret == STORE_OK && (size_t)sqlite3_bind_parameter_count(stmt) != json_array_size(params)) {
		store_log("query: %d parameters expected, %zu given; in: %s", sqlite3_bind_parameter_count(stmt),
			  json_array_size(params), sql);
		ret = STORE_ERROR;
	}
	json_array_foreach(params, i, v) {
		if (ret == STORE_OK)
			ret = bind_scalar(s, stmt, (int)i + 1, v);
	}
	while (ret == STORE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int n = sqlite3_column_count(stmt);
		row = json_array();
		if (!row)
			ret = store_out_of_memory("query");
		for (int c = 0; ret == STORE_OK && c < n; c++)
			if (json_array_append_new(row, scalar_json(stmt, c)) < 0)
				ret = store_out_of_memory("query");
		/* the array takes row, also when appending fails */
		if (ret == STORE_OK && json_array_append_new(arr, row) < 0)
			ret = store_out_of_memory("query");
		else if (ret != STORE_OK)
			json_decref(row);
		row = NULL;
	}
	if (ret == STORE_OK && rc != SQLITE_DONE)
		ret = fail(s, rc, sql);
	if (ret == STORE_OK) {
		*rows = arr;
		arr = NULL;
	}
	stmt_put(s, stmt);
	json_decref(arr);
	return ret;
}

static int sq_begin(struct store *st, bool write)
{
	return exec_cached(as_sqlite(st), write ? "BEGIN IMMEDIATE" : "BEGIN");
}

/* ---- bulk loading ------------------------------------------------------ */

static int pragma(sqlite3 *db, const char *sql, char value[16]);

/* the page cache of a bulk load: 256 MiB (a negative size is in KiB) */
#define BULK_CACHE "PRAGMA cache_size = -262144"

/* forget the indexes deferred (they were made again, or the transaction
 * that dropped them rolled back) and return to the usual page cache */
static void bulk_end(struct sqlite_store *s)
{
	for (size_t i = 0; i < s->ndeferred; i++)
		sqlite3_free(s->deferred[i]);
	free(s->deferred);
	s->deferred = NULL;
	s->ndeferred = 0;
	if (s->cache_size[0]) {
		char sql[48];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = %s", s->cache_size);
		(void)sqlite3_exec(s->db, sql, NULL, NULL, NULL);
		s->cache_size[0] = '\0';
	}
}

/* build the deferred indexes again, before the commit; on failure the
 * transaction is still open and the rollback forgets them */
static int bulk_build(struct sqlite_store *s)
{
	for (size_t i = 0; i < s->ndeferred; i++) {
		int rc = sqlite3_exec(s->db, s->deferred[i], NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return fail(s, rc, s->deferred[i]);
	}
	for (size_t i = 0; i < s->ndeferred; i++)
		sqlite3_free(s->deferred[i]);
	free(s->deferred);
	s->deferred = NULL;
	s->ndeferred = 0;
	return STORE_OK;
}

/* keep the SQL text of every non-unique index of e's table and drop it */
static int defer_indexes(struct sqlite_store *s, const struct entity *e)
{
	static const char *const sql = "SELECT \"name\", \"sql\" FROM sqlite_master WHERE \"type\" = 'index' "
				       "AND \"tbl_name\" = ? AND \"sql\" IS NOT NULL";
	sqlite3_stmt *stmt = NULL;
	struct buf drop;
	int ret, rc;

	buf_init(&drop, 0);
	ret = stmt_get(s, sql, &stmt);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 1, e->table);
	while (ret == STORE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(stmt, 0);
		const char *text = (const char *)sqlite3_column_text(stmt, 1);
		/* a unique index keeps its rule during the load */
		if (!name || !text || sqlite3_strnicmp(text, "CREATE UNIQUE", 13) == 0)
			continue;
		char **more = realloc(s->deferred, (s->ndeferred + 1) * sizeof *more);
		char *copy = sqlite3_mprintf("%s", text);
		if (more)
			s->deferred = more;
		if (!more || !copy || buf_adds(&drop, "DROP INDEX ") || store_add_ident(&drop, name) ||
		    buf_adds(&drop, ";")) {
			sqlite3_free(copy);
			ret = store_out_of_memory("bulk_load");
			break;
		}
		s->deferred[s->ndeferred++] = copy;
	}
	if (ret == STORE_OK && rc != SQLITE_DONE)
		ret = fail(s, rc, sql);
	stmt_put(s, stmt);
	if (ret == STORE_OK && buf_str(&drop)[0] && (rc = sqlite3_exec(s->db, buf_str(&drop), NULL, NULL, NULL)) != SQLITE_OK)
		ret = fail(s, rc, "DROP INDEX");
	buf_release(&drop);
	return ret;
}

/*
 * A bulk load into the tables of es in the open write transaction: a page
 * cache large enough to hold what the load touches, and the tables'
 * non-unique indexes dropped now and built once, sorted, at the commit
 * (row by row, each new row lands on a random page of each index). The
 * unique indexes stay, and with them their rules. DDL is transactional in
 * SQLite: a rollback brings the indexes back as they were.
 */
static int sq_bulk_load(struct store *st, const struct entity *const *es, size_t n)
{
	struct sqlite_store *s = as_sqlite(st);
	char value[16];
	int ret = STORE_OK;

	if (sqlite3_get_autocommit(s->db)) {
		store_log("bulk_load outside a transaction");
		return STORE_ERROR;
	}
	if (!s->cache_size[0] && pragma(s->db, "PRAGMA cache_size", value) == SQLITE_OK && value[0] &&
	    sqlite3_exec(s->db, BULK_CACHE, NULL, NULL, NULL) == SQLITE_OK)
		memcpy(s->cache_size, value, sizeof value);
	for (size_t i = 0; ret == STORE_OK && i < n; i++)
		ret = defer_indexes(s, es[i]);
	return ret;
}

/* On STORE_BUSY the transaction is still open: roll back and retry it. */
static int sq_commit(struct store *st)
{
	struct sqlite_store *s = as_sqlite(st);
	int ret = bulk_build(s);
	if (ret == STORE_OK)
		ret = exec_cached(s, "COMMIT");
	if (ret == STORE_OK)
		bulk_end(s);
	return ret;
}

/* safe without an open transaction, and after SQLite rolled one back itself */
static void sq_rollback(struct store *st)
{
	struct sqlite_store *s = as_sqlite(st);
	if (!sqlite3_get_autocommit(s->db))
		(void)exec_cached(s, "ROLLBACK");
	bulk_end(s);
}

static int sq_ping(struct store *st)
{
	struct sqlite_store *s = as_sqlite(st);
	sqlite3_stmt *stmt = NULL;
	int ret = stmt_get(s, "SELECT 1", &stmt);
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW)
		ret = fail(s, rc, "SELECT 1");
cleanup:
	stmt_put(s, stmt);
	return ret;
}

/* ---- migrations ------------------------------------------------------ */

static int schema_version(struct sqlite_store *s, int *version)
{
	static const char sql[] = "SELECT COALESCE(MAX(\"version\"), 0) FROM \"schema_migrations\"";
	sqlite3_stmt *stmt = NULL;
	int ret = stmt_get(s, sql, &stmt);
	*version = 0;
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		ret = fail(s, rc, sql);
		goto cleanup;
	}
	*version = sqlite3_column_int(stmt, 0);
cleanup:
	stmt_put(s, stmt);
	return ret;
}

/* Apply one migration and record it, in one write transaction. Whether it
 * is applied is checked under the write lock, so two processes migrating at
 * once apply it once. */
static int apply_migration(struct sqlite_store *s, const struct migration *m)
{
	static const char applied_sql[] = "SELECT 1 FROM \"schema_migrations\" WHERE \"version\" = ?";
	static const char record_sql[] = "INSERT INTO \"schema_migrations\" (\"version\", \"name\", "
					 "\"applied_at\") VALUES (?, ?, ?)";
	sqlite3_stmt *stmt = NULL;
	char what[128];
	char now[21];
	int ret, rc;

	snprintf(what, sizeof what, "migration %04d_%s", m->version, m->name);
	ret = exec_cached(s, "BEGIN IMMEDIATE");
	if (ret != STORE_OK)
		return ret;
	ret = stmt_get(s, applied_sql, &stmt);
	if (ret == STORE_OK)
		ret = bind_int64(s, stmt, 1, m->version);
	if (ret != STORE_OK)
		goto cleanup;
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		ret = fail(s, rc, applied_sql);
		goto cleanup;
	}
	stmt_put(s, stmt);
	stmt = NULL;
	if (rc == SQLITE_ROW)
		goto commit; /* applied meanwhile by another process */
	rc = sqlite3_exec(s->db, m->sqlite, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		ret = fail(s, rc, what);
		goto cleanup;
	}
	time_now_iso(now);
	ret = stmt_get(s, record_sql, &stmt);
	if (ret == STORE_OK)
		ret = bind_int64(s, stmt, 1, m->version);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 2, m->name);
	if (ret == STORE_OK)
		ret = bind_text(s, stmt, 3, now);
	if (ret != STORE_OK)
		goto cleanup;
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		ret = fail(s, rc, record_sql);
		goto cleanup;
	}
commit:
	ret = exec_cached(s, "COMMIT");
cleanup:
	stmt_put(s, stmt);
	if (ret != STORE_OK && !sqlite3_get_autocommit(s->db))
		(void)exec_cached(s, "ROLLBACK");
	return ret;
}

/*
 * Bring the schema up to date: each migration of store_migrations[] not yet
 * in schema_migrations is applied in its own transaction. Running it again
 * changes nothing. A database from a newer kring is refused rather than
 * used with a schema this binary does not know.
 */
static int sq_migrate(struct store *st, int *from, int *to)
{
	struct sqlite_store *s = as_sqlite(st);
	int known = store_latest_version(), ret;

	*from = *to = 0;
	ret = exec_cached(s, "CREATE TABLE IF NOT EXISTS \"schema_migrations\" ("
			     "\"version\" INTEGER PRIMARY KEY, \"name\" TEXT NOT NULL, "
			     "\"applied_at\" TEXT NOT NULL)");
	if (ret == STORE_OK)
		ret = schema_version(s, from);
	if (ret != STORE_OK)
		goto cleanup;
	if (*from > known) {
		store_log("the database is at schema version %d and this kring knows only up to %d: "
			  "upgrade kring", *from, known);
		ret = STORE_ERROR;
		goto cleanup;
	}
	for (size_t i = 0; ret == STORE_OK && i < store_nmigrations; i++)
		if (store_migrations[i].version > *from)
			ret = apply_migration(s, &store_migrations[i]);
	if (ret == STORE_OK)
		ret = schema_version(s, to);
cleanup:
	return ret;
}

/* ---- open, close ----------------------------------------------------- */

static int sq_schema_version(struct store *st, int *version)
{
	struct sqlite_store *s = as_sqlite(st);
	static const char sql[] =
		"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
	sqlite3_stmt *stmt = NULL;
	*version = 0;
	int ret = stmt_get(s, sql, &stmt);
	if (ret != STORE_OK)
		goto cleanup;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		stmt_put(s, stmt);
		stmt = NULL;
		ret = schema_version(s, version);
	} else if (rc != SQLITE_DONE) {
		ret = fail(s, rc, sql);
	}
cleanup:
	stmt_put(s, stmt);
	return ret;
}

static void sq_close(struct store *st)
{
	struct sqlite_store *s = as_sqlite(st);

	if (!s)
		return;
	bulk_end(s);
	for (size_t i = 0; i < s->nslots; i++)
		if (s->slots[i].stmt)
			sqlite3_finalize(s->slots[i].stmt);
	free(s->slots);
	/* closing rolls back an open transaction */
	if (s->db && sqlite3_close(s->db) != SQLITE_OK)
		store_log("closing the database: %s", sqlite3_errmsg(s->db));
	free(s);
}


static int first_column(void *arg, int ncols, char **values, char **names)
{
	(void)names;
	if (ncols > 0 && values[0])
		snprintf(arg, 16, "%s", values[0]);
	return 0;
}

/* run one PRAGMA and give its first value ("" when it answers nothing) */
static int pragma(sqlite3 *db, const char *sql, char value[16])
{
	value[0] = '\0';
	return sqlite3_exec(db, sql, first_column, value, NULL);
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.migrate = sq_migrate,
	.ping = sq_ping,
	.schema_version = sq_schema_version,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.insert = sq_insert,
	.insert_id = sq_insert_id,
	.bulk_load = sq_bulk_load,
	.get = sq_get,
	.get_by_parent = sq_get_by_parent,
	.update = sq_update,
	.remove = sq_remove,
	.list = sq_list,
	.count = sq_count,
	.idem_get = sq_idem_get,
	.idem_put = sq_idem_put,
	.idem_remove = sq_idem_remove,
	.lock_name = sq_lock_name,
	.unlock_name = sq_unlock_name,
	.insert_row = sq_insert_row,
	.reset_ids = sq_reset_ids,
	.idem_list = sq_idem_list,
	.idem_insert_row = sq_idem_insert_row,
	.audit_lock = sq_audit_lock,
	.audit_append = sq_audit_append,
	.audit_list = sq_audit_list,
	.audit_insert_row = sq_audit_insert_row,
	.query = sq_query,
};

/*
 * Open (creating if needed) the SQLite database at path with kring's
 * settings: WAL, so readers never wait for the writer; foreign keys
 * enforced; synchronous=FULL, so a committed write survives a power cut;
 * and a busy timeout, after which a locked database gives STORE_BUSY. The
 * schema is not touched: call migrate. ":memory:" is allowed for
 * experiments and runs without WAL.
 */
int store_sqlite_open(const char *path, struct store **out, char *err, size_t errlen)
{
	static const char *const settings[] = {
		"PRAGMA busy_timeout = 5000",
		"PRAGMA journal_mode = WAL",
		"PRAGMA foreign_keys = ON",
		"PRAGMA synchronous = FULL",
	};
	static const char *const expected[] = { "5000", "wal", "", "" };
	struct sqlite_store *s;
	char value[16];
	int ret = -1, rc;

	*out = NULL;
	s = calloc(1, sizeof *s);
	if (!s) {
		store_set_err(err, errlen, "out of memory");
		goto cleanup;
	}
	s->base.ops = &sqlite_ops;
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		store_set_err(err, errlen, "cannot open database %s: %s", path,
			s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto cleanup;
	}
	sqlite3_extended_result_codes(s->db, 1);
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		rc = pragma(s->db, settings[i], value);
		if (rc != SQLITE_OK) {
			store_set_err(err, errlen, "database %s: %s: %s", path, settings[i], sqlite3_errmsg(s->db));
			goto cleanup;
		}
		if (expected[i][0] && strcmp(value, expected[i]) != 0 &&
		    !(strcmp(path, ":memory:") == 0 && strcmp(value, "memory") == 0)) {
			store_set_err(err, errlen, "database %s: %s answered \"%s\"", path, settings[i], value);
			goto cleanup;
		}
	}
	/* a build without foreign key support ignores the PRAGMA silently */
	rc = pragma(s->db, "PRAGMA foreign_keys", value);
	if (rc != SQLITE_OK || strcmp(value, "1") != 0) {
		store_set_err(err, errlen, "database %s: foreign keys cannot be enforced", path);
		goto cleanup;
	}
	*out = &s->base;
	s = NULL;
	ret = 0;
cleanup:
	if (s)
		sq_close(&s->base);
	return ret;
}
