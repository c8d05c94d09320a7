/*
 * The PostgreSQL backend of the storage interface (store/store.h), on libpq.
 *
 * One connection per store handle, used by one thread at a time; the server
 * opens one per worker thread. SQL text is built only from the static model
 * (table and column names from domain/model.c, quoted), never from input;
 * every value travels as a separate parameter of a named prepared
 * statement. Statements are prepared once per connection and kept in a
 * small hash table keyed by their SQL text.
 *
 * Types (see migrations/0001_initial.postgres.sql): dates are DATE, times
 * TIME, timestamps TIMESTAMPTZ, lists JSONB, booleans BOOLEAN, numbers
 * BIGINT. Every connection sets TimeZone UTC and DateStyle ISO, so values
 * come back in one known text form, which this file turns into the JSON the
 * services expect (the same as the SQLite backend gives).
 *
 * Transactions that write run SERIALIZABLE: whatever a use case read stays
 * true until it commits, across every node on the database, or PostgreSQL
 * aborts one of the transactions (SQLSTATE 40001) and the store answers
 * STORE_BUSY, on which the service retries the whole use case. Reading
 * transactions run REPEATABLE READ READ ONLY: one snapshot, never aborted.
 */
#include "store/audit.h"
#include "store/store.h"
#include "store/backend.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/text.h"

/* beyond this many distinct statements, new ones run unnamed */
#define STMT_CACHE_MAX 1024
/* serialises kring init runs on one database (pg_advisory_xact_lock) */
#define MIGRATION_LOCK "7013402931"

struct stmt_slot {
	uint32_t hash;
	char *sql; /* NULL: empty slot */
	char name[16];
};

struct pg_store {
	struct store base; /* first, so a struct store * is a struct pg_store * */
	PGconn *conn;
	bool in_tx; /* between begin and commit/rollback */
	struct stmt_slot *slots; /* open addressing, nslots a power of two */
	size_t nslots;
	size_t nused;
	unsigned next_name;
	/* the access log in the open transaction: the chain is locked, and the
	 * hash of the last entry is known (the lock keeps it the last one) */
	bool chain_locked;
	bool head_known;
	char head[AUDIT_HASH_HEX + 1];
};


static const struct store_ops pg_ops;
static int ensure_connected(struct pg_store *s);

static struct pg_store *as_pg(struct store *st)
{
	return (struct pg_store *)st;
}



/* ---- results and errors ----------------------------------------------- */

/*
 * Map a failed result to a store outcome. Serialization failures, deadlocks
 * and lock time-outs mean "retry the transaction"; a unique violation is
 * STORE_DUPLICATE; everything else is a fault and is logged with what was
 * being done (SQL text or a name, never parameter values).
 */
static int fail(struct pg_store *s, const PGresult *res, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	/* the primary message and the names involved, never the DETAIL line:
	 * PostgreSQL puts the values of a refused row there */
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *column = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) : NULL;
	const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;

	/* a lost connection: the transaction is gone, a retry reconnects */
	if (PQstatus(s->conn) != CONNECTION_OK) {
		store_log("the connection to PostgreSQL was lost during: %s", what);
		return STORE_BUSY;
	}
	if (state) {
		if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		    strcmp(state, "55P03") == 0)
			return STORE_BUSY;
		if (strcmp(state, "23505") == 0)
			return STORE_DUPLICATE;
	}
	store_log("postgres error %s: %s%s%s%s%s; in: %s", state ? state : "(none)",
		  msg ? msg : "no message", column ? "; column " : "", column ? column : "",
		  constraint ? "; constraint " : "", constraint ? constraint : "", what);
	return STORE_ERROR;
}

/* ---- statement cache -------------------------------------------------- */


static struct stmt_slot *slot_find(struct stmt_slot *slots, size_t nslots, uint32_t h, const char *sql)
{
	size_t mask = nslots - 1;
	size_t i = h & mask;
	while (slots[i].sql && (slots[i].hash != h || strcmp(slots[i].sql, sql) != 0))
		i = (i + 1) & mask;
	return &slots[i];
}

static int cache_grow(struct pg_store *s)
{
	size_t n = s->nslots ? s->nslots * 2 : 64;
	struct stmt_slot *ns = calloc(n, sizeof *ns);
	if (!ns)
		return -1;
	for (size_t i = 0; i < s->nslots; i++)
		if (s->slots[i].sql)
			*slot_find(ns, n, s->slots[i].hash, s->slots[i].sql) = s->slots[i];
	free(s->slots);
	s->slots = ns;
	s->nslots = n;
	return 0;
}

/* forget every prepared statement (a new connection has none) */
static void cache_clear(struct pg_store *s)
{
	for (size_t i = 0; i < s->nslots; i++)
		free(s->slots[i].sql);
	free(s->slots);
	s->slots = NULL;
	s->nslots = s->nused = 0;
}

/*
 * Run sql with n text parameters (NULL: SQL NULL). The statement is
 * prepared under a name on first use and only executed afterwards. *out
 * gets the result when the caller wants rows (PQclear it), else NULL.
 */
static int run(struct pg_store *s, const char *sql, int n, const char *const *values, PGresult **out)
{
	uint32_t h = store_sql_hash(sql);
	struct stmt_slot *sl = NULL;
	PGresult *res = NULL;
	int ret = STORE_OK;

	if (out)
		*out = NULL;
	if (PQstatus(s->conn) != CONNECTION_OK) {
		/* inside a transaction the work so far is lost: retry it all */
		if (s->in_tx)
			return STORE_BUSY;
		ret = ensure_connected(s);
		if (ret != STORE_OK)
			return ret;
	}
	if (s->nslots) {
		sl = slot_find(s->slots, s->nslots, h, sql);
		if (!sl->sql)
			sl = NULL;
	}
	if (!sl && s->nused < STMT_CACHE_MAX && ((s->nused + 1) * 2 <= s->nslots || cache_grow(s) == 0)) {
		char name[16];
		snprintf(name, sizeof name, "k%u", s->next_name);
		res = PQprepare(s->conn, name, sql, n, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			ret = fail(s, res, sql);
			goto cleanup;
		}
		PQclear(res);
		res = NULL;
		char *copy = strdup(sql);
		if (!copy) {
			ret = store_out_of_memory("prepare");
			goto cleanup;
		}
		sl = slot_find(s->slots, s->nslots, h, sql);
		sl->hash = h;
		sl->sql = copy;
		memcpy(sl->name, name, sizeof name);
		s->nused++;
		s->next_name++;
	}
	if (sl)
		res = PQexecPrepared(s->conn, sl->name, n, values, NULL, NULL, 0);
	else
		res = PQexecParams(s->conn, sql, n, NULL, values, NULL, NULL, 0);
	ExecStatusType status = PQresultStatus(res);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		ret = fail(s, res, sql);
		goto cleanup;
	}
	if (out) {
		*out = res;
		res = NULL;
	}
cleanup:
	PQclear(res);
	return ret;
}

/* a statement without parameters or rows (BEGIN, COMMIT, SET ...) */
static int exec_simple(struct pg_store *s, const char *sql)
{
	PGresult *res = PQexec(s->conn, sql);
	int ret = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK
			  ? STORE_OK
			  : fail(s, res, sql);
	PQclear(res);
	return ret;
}

/* ---- parameters -------------------------------------------------------- */

/* the text parameters of one statement; those owned are freed together */
struct params {
	const char **values;
	char **owned;
	int n, cap;
};

static int params_init(struct params *p, int cap)
{
	p->n = 0;
	p->cap = cap;
	p->values = calloc((size_t)cap, sizeof *p->values);
	p->owned = calloc((size_t)cap, sizeof *p->owned);
	return p->values && p->owned ? STORE_OK : store_out_of_memory("parameters");
}

static void params_release(struct params *p)
{
	for (int i = 0; p->owned && i < p->n; i++)
		free(p->owned[i]);
	free(p->owned);
	free((void *)p->values);
	p->values = NULL;
	p->owned = NULL;
}

/* add a parameter: borrowed text (may be NULL for SQL NULL), or owned */
static int param_add(struct params *p, const char *borrowed, char *owned)
{
	if (p->n >= p->cap) {
		free(owned);
		store_log("too many statement parameters");
		return STORE_ERROR;
	}
	p->owned[p->n] = owned;
	p->values[p->n++] = owned ? owned : borrowed;
	return STORE_OK;
}

static int param_int(struct params *p, int64_t v)
{
	char *t = malloc(24);
	if (!t)
		return store_out_of_memory("parameter");
	snprintf(t, 24, "%lld", (long long)v);
	return param_add(p, NULL, t);
}

/* v (NULL or json null: SQL NULL) as the text of field f */
static int param_field(struct params *p, const struct field *f, const json_t *v)
{
	char *text;

	if (!v || json_is_null(v))
		return param_add(p, NULL, NULL);
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_DATE:
	case FT_TIME:
	case FT_LANG:
	case FT_TIMESTAMP:
		if (!json_is_string(v))
			break;
		return param_add(p, json_string_value(v), NULL);
	case FT_INT:
	case FT_CENTS:
	case FT_REF:
		if (!json_is_integer(v))
			break;
		return param_int(p, json_integer_value(v));
	case FT_BOOL:
		if (!json_is_boolean(v))
			break;
		return param_add(p, json_is_true(v) ? "t" : "f", NULL);
	case FT_TEXT_LIST:
	case FT_ENUM_LIST:
	case FT_LANG_LIST:
	case FT_REF_LIST:
		if (!json_is_array(v))
			break;
		text = json_dumps(v, JSON_COMPACT);
		if (!text)
			return store_out_of_memory(f->name);
		return param_add(p, NULL, text);
	}
	store_log("value of %s has the wrong JSON type", f->name);
	return STORE_ERROR;
}

/* ---- values: PostgreSQL text -> JSON ---------------------------------- */

/* "2026-11-23 15:04:05+00" (TimeZone UTC, DateStyle ISO) -> ISO 8601 with Z */
static json_t *timestamp_json(const char *t, size_t len)
{
	char iso[21];
	if (len != 22 || t[10] != ' ' || strcmp(t + 19, "+00") != 0)
		return NULL;
	memcpy(iso, t, 19);
	iso[10] = 'T';
	iso[19] = 'Z';
	iso[20] = '\0';
	return json_string(iso);
}

static int column_json(const PGresult *res, int row, int col, const struct field *f, json_t **out)
{
	const char *t;
	size_t len;
	int64_t n;
	json_t *v = NULL;

	*out = NULL;
	if (PQgetisnull(res, row, col)) {
		*out = json_null();
		return STORE_OK;
	}
	t = PQgetvalue(res, row, col);
	len = (size_t)PQgetlength(res, row, col);
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_LANG:
		v = json_stringn(t, len);
		break;
	case FT_DATE:
		if (len == 10)
			v = json_stringn(t, len);
		break;
	case FT_TIME: /* HH:MM:SS, kring keeps HH:MM */
		if (len == 8 && t[5] == ':')
			v = json_stringn(t, 5);
		break;
	case FT_TIMESTAMP:
		v = timestamp_json(t, len);
		break;
	case FT_INT:
	case FT_CENTS:
	case FT_REF:
		if (parse_int64(t, INT64_MIN, INT64_MAX, &n) == 0)
			v = json_integer(n);
		break;
	case FT_BOOL:
		if (len == 1 && (t[0] == 't' || t[0] == 'f'))
			v = json_boolean(t[0] == 't');
		break;
	case FT_TEXT_LIST:
	case FT_ENUM_LIST:
	case FT_LANG_LIST:
	case FT_REF_LIST:
		v = json_loadb(t, len, 0, NULL);
		if (v && !json_is_array(v)) {
			json_decref(v);
			v = NULL;
		}
		break;
	}
	if (!v) {
		store_log("column %s holds a value that is not a valid %s", f->name,
			  store_is_list(f->type) ? "JSON array" : "value of its type");
		return STORE_ERROR;
	}
	*out = v;
	return STORE_OK;
}

/* row of a whole-row result (system columns, then the fields) as an object */
static int row_json(const PGresult *res, int row, const struct entity *e, json_t **out)
{
	json_t *obj = json_object(), *v = NULL;
	int ret = STORE_ERROR;

	*out = NULL;
	if (!obj || PQnfields(res) != STORE_NSYSTEM + (int)e->nfields)
		goto cleanup;
	for (int i = 0; i < STORE_NSYSTEM + (int)e->nfields; i++) {
		const struct field *f = store_column(e, i);
		ret = column_json(res, row, i, f, &v);
		if (ret != STORE_OK)
			goto cleanup;
		if (json_object_set_new_nocheck(obj, f->name, v) < 0) {
			ret = store_out_of_memory("row");
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


/* ---- SQL text ----------------------------------------------------------- */


/* "id", "version", ..., then the fields in model order */
static int add_columns(struct buf *b, const struct entity *e)
{
	int r = 0;
	for (int i = 0; i < STORE_NSYSTEM + (int)e->nfields; i++) {
		const struct field *f = store_column(e, i);
		if (i)
			r |= buf_adds(b, ", ");
		r |= store_add_ident(b, f->name);
	}
	return r;
}

static int add_select(struct buf *b, const struct entity *e)
{
	return buf_adds(b, "SELECT ") || add_columns(b, e) || buf_adds(b, " FROM ") || store_add_ident(b, e->table);
}

static int add_param(struct buf *b, int *idx)
{
	return buf_printf(b, "$%d", (*idx)++);
}



/* " WHERE a = $1 AND b IS NULL AND c >= $2 AND <extra>"; extra may use $idx */
static int add_where(struct buf *b, const struct store_filter *filters, size_t n, int *idx, bool extra)
{
	const char *sep = " WHERE ";
	int r = 0;
	for (size_t i = 0; i < n; i++) {
		r |= buf_adds(b, sep) || store_add_ident(b, filters[i].field->name);
		if (filters[i].cmp == STORE_IN) {
			size_t k = json_array_size(filters[i].value);
			if (k == 0)
				r |= buf_adds(b, " IS NULL AND FALSE");
			else {
				r |= buf_adds(b, " IN (");
				for (size_t j = 0; j < k; j++)
					r |= (j ? buf_adds(b, ", ") : 0) || add_param(b, idx);
				r |= buf_adds(b, ")");
			}
		} else if (store_filter_is_null(&filters[i]))
			r |= buf_adds(b, filters[i].cmp == STORE_EQ ? " IS NULL" : " IS NULL AND FALSE");
		else if (filters[i].cmp == STORE_CONTAINS)
			/* a text list is JSONB: the search looks into its text; ILIKE
			 * ignores case as SQLite's LIKE does for ASCII letters (and
			 * beyond, with the database's collation) */
			r |= buf_adds(b, "::text ILIKE ") || add_param(b, idx) || buf_adds(b, " ESCAPE '\\'");
		else
			r |= buf_adds(b, filters[i].cmp == STORE_GE   ? " >= "
					 : filters[i].cmp == STORE_LE ? " <= "
								      : " = ") ||
			     add_param(b, idx);
		sep = " AND ";
	}
	if (extra)
		r |= buf_adds(b, sep) || buf_adds(b, "\"id\" > ") || add_param(b, idx);
	return r;
}

/* how many parameters the filters take */
static int filter_nparams(const struct store_filter *filters, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += filters[i].cmp == STORE_IN ? json_array_size(filters[i].value) : 1;
	return (int)k;
}

static int param_filters(struct params *p, const struct store_filter *filters, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (filters[i].cmp == STORE_IN) {
			for (size_t k = 0; k < json_array_size(filters[i].value); k++) {
				int ret = param_field(p, filters[i].field, json_array_get(filters[i].value, k));
				if (ret != STORE_OK)
					return ret;
			}
			continue;
		}
		if (store_filter_is_null(&filters[i]))
			continue;
		if (filters[i].cmp == STORE_CONTAINS) {
			char *pattern = store_like_pattern(filters[i].value);
			int ret = pattern ? param_add(p, NULL, pattern) : store_out_of_memory("parameter");
			if (ret != STORE_OK)
				return ret;
			continue;
		}
		int ret = param_field(p, filters[i].field, filters[i].value);
		if (ret != STORE_OK)
			return ret;
	}
	return STORE_OK;
}

/* ---- records ------------------------------------------------------------ */

/* run a whole-row statement and give its first row (STORE_NOT_FOUND: none) */
static int fetch_one(struct pg_store *s, const struct entity *e, const char *sql, struct params *p,
		     json_t **out)
{
	PGresult *res = NULL;
	int ret = run(s, sql, p->n, p->values, &res);
	if (ret == STORE_OK)
		ret = PQntuples(res) > 0 ? row_json(res, 0, e, out) : STORE_NOT_FOUND;
	PQclear(res);
	return ret;
}

static int by_key(struct pg_store *s, const struct entity *e, const char *column, int64_t key, json_t **out)
{
	struct params p;
	struct buf sql;
	int idx = 1;
	int ret = params_init(&p, 1);

	*out = NULL;
	buf_init(&sql, 0);
	if (ret == STORE_OK && (add_select(&sql, e) || buf_adds(&sql, " WHERE ") || store_add_ident(&sql, column) ||
				buf_adds(&sql, " = ") || add_param(&sql, &idx)))
		ret = store_out_of_memory("get");
	if (ret == STORE_OK)
		ret = param_int(&p, key);
	if (ret == STORE_OK)
		ret = fetch_one(s, e, buf_str(&sql), &p, out);
	params_release(&p);
	buf_release(&sql);
	return ret;
}

static int pg_get(struct store *st, const struct entity *e, int64_t id, json_t **out)
{
	return by_key(as_pg(st), e, "id", id, out);
}

static int pg_get_by_parent(struct store *st, const struct entity *e, int64_t parent_id, json_t **out)
{
	const struct field *parent = model_parent(e);

	*out = NULL;
	if (!(e->flags & E_ONE_PER_PARENT) || !parent) {
		store_log("get_by_parent: %s is not one per request", e->name);
		return STORE_ERROR;
	}
	return by_key(as_pg(st), e, parent->name, parent_id, out);
}

/* 1 when a record with this id exists, 0 when not, or a negative error */
static int record_exists(struct pg_store *s, const struct entity *e, int64_t id)
{
	json_t *row = NULL;
	int ret = by_key(s, e, "id", id, &row);
	json_decref(row);
	return ret == STORE_OK ? 1 : ret == STORE_NOT_FOUND ? 0 : ret;
}

static int why_unchanged(struct pg_store *s, const struct entity *e, int64_t id, int64_t expected_version)
{
	if (expected_version < 0)
		return STORE_NOT_FOUND;
	int r = record_exists(s, e, id);
	if (r < 0)
		return r;
	return r ? STORE_CONFLICT : STORE_NOT_FOUND;
}

/* INSERT ... RETURNING the whole row (out), only the id (id), or nothing;
 * with_system: the id, version and timestamps come from row (moving a
 * database), else the store sets them */
static int insert_common(struct pg_store *s, const struct entity *e, const json_t *rec, bool with_system,
			 json_t **out, int64_t *id)
{
	struct params p;
	struct buf sql;
	char now[21];
	int ret, r, idx = 1;
	PGresult *res = NULL;

	buf_init(&sql, 0);
	ret = params_init(&p, STORE_NSYSTEM + (int)e->nfields);
	if (ret != STORE_OK)
		goto cleanup;
	r = buf_adds(&sql, "INSERT INTO ") || store_add_ident(&sql, e->table) || buf_adds(&sql, " (");
	if (with_system) {
		r |= add_columns(&sql, e) || buf_adds(&sql, ") OVERRIDING SYSTEM VALUE VALUES (");
		for (int i = 0; i < STORE_NSYSTEM + (int)e->nfields; i++)
			r |= (i ? buf_adds(&sql, ", ") : 0) || add_param(&sql, &idx);
	} else {
		r |= buf_adds(&sql, "\"version\", \"created_at\", \"updated_at\"");
		for (size_t i = 0; i < e->nfields; i++)
			r |= buf_adds(&sql, ", ") || store_add_ident(&sql, e->fields[i].name);
		r |= buf_adds(&sql, ") VALUES (1, ");
		for (int i = 0; i < 2 + (int)e->nfields; i++)
			r |= (i ? buf_adds(&sql, ", ") : 0) || add_param(&sql, &idx);
	}
	r |= buf_adds(&sql, ")");
	if (out)
		r |= buf_adds(&sql, " RETURNING ") || add_columns(&sql, e);
	else if (id)
		r |= buf_adds(&sql, " RETURNING \"id\"");
	if (r) {
		ret = store_out_of_memory("insert");
		goto cleanup;
	}
	if (with_system) {
		for (int i = 0; ret == STORE_OK && i < STORE_NSYSTEM; i++)
			ret = param_field(&p, &store_system_fields[i], json_object_get(rec, store_system_fields[i].name));
	} else {
		time_now_iso(now);
		ret = param_add(&p, now, NULL);
		if (ret == STORE_OK)
			ret = param_add(&p, now, NULL);
	}
	for (size_t i = 0; ret == STORE_OK && i < e->nfields; i++)
		ret = param_field(&p, &e->fields[i], json_object_get(rec, e->fields[i].name));
	if (ret != STORE_OK)
		goto cleanup;
	ret = run(s, buf_str(&sql), p.n, p.values, out || id ? &res : NULL);
	if (ret == STORE_OK && out)
		ret = PQntuples(res) == 1 ? row_json(res, 0, e, out) : STORE_ERROR;
	else if (ret == STORE_OK && id && (PQntuples(res) != 1 || parse_int64(PQgetvalue(res, 0, 0), 1, INT64_MAX, id) < 0))
		ret = STORE_ERROR;
cleanup:
	PQclear(res);
	params_release(&p);
	buf_release(&sql);
	return ret;
}

static int pg_insert(struct store *st, const struct entity *e, const json_t *rec, json_t **out)
{
	if (out)
		*out = NULL;
	int ret = store_check_keys(e, rec, "insert");
	return ret == STORE_OK ? insert_common(as_pg(st), e, rec, false, out, NULL) : ret;
}

static int pg_insert_id(struct store *st, const struct entity *e, const json_t *rec, int64_t *id)
{
	if (id)
		*id = 0;
	int ret = store_check_keys(e, rec, "insert");
	return ret == STORE_OK ? insert_common(as_pg(st), e, rec, false, NULL, id) : ret;
}

/* nothing to prepare: dropping indexes would take locks that keep every
 * reader of the tables waiting until the load commits */
static int pg_bulk_load(struct store *st, const struct entity *const *es, size_t n)
{
	(void)st;
	(void)es;
	(void)n;
	return STORE_OK;
}

/* UPDATE ... SET <changed columns in model order>, version + 1 ... RETURNING */
static int pg_update(struct store *st, const struct entity *e, int64_t id, int64_t expected_version,
		     const json_t *changes, json_t **out)
{
	struct pg_store *s = as_pg(st);
	struct params p = { 0 };
	struct buf sql;
	char now[21];
	int ret, r, idx = 1;
	PGresult *res = NULL;

	if (out)
		*out = NULL;
	buf_init(&sql, 0);
	ret = store_check_keys(e, changes, "update");
	if (ret == STORE_OK)
		ret = params_init(&p, (int)e->nfields + 3);
	if (ret != STORE_OK)
		goto cleanup;
	r = buf_adds(&sql, "UPDATE ") || store_add_ident(&sql, e->table) || buf_adds(&sql, " SET ");
	for (size_t i = 0; i < e->nfields; i++) {
		const json_t *v = json_object_get(changes, e->fields[i].name);
		if (!v)
			continue;
		r |= store_add_ident(&sql, e->fields[i].name) || buf_adds(&sql, " = ") || add_param(&sql, &idx) ||
		     buf_adds(&sql, ", ");
		if (ret == STORE_OK)
			ret = param_field(&p, &e->fields[i], v);
	}
	r |= buf_adds(&sql, "\"version\" = \"version\" + 1, \"updated_at\" = ") || add_param(&sql, &idx) ||
	     buf_adds(&sql, " WHERE \"id\" = ") || add_param(&sql, &idx);
	if (expected_version >= 0)
		r |= buf_adds(&sql, " AND \"version\" = ") || add_param(&sql, &idx);
	r |= buf_adds(&sql, " RETURNING ") || add_columns(&sql, e);
	if (r) {
		ret = store_out_of_memory("update");
		goto cleanup;
	}
	time_now_iso(now);
	if (ret == STORE_OK)
		ret = param_add(&p, now, NULL);
	if (ret == STORE_OK)
		ret = param_int(&p, id);
	if (ret == STORE_OK && expected_version >= 0)
		ret = param_int(&p, expected_version);
	if (ret == STORE_OK)
		ret = run(s, buf_str(&sql), p.n, p.values, &res);
	if (ret != STORE_OK)
		goto cleanup;
	if (PQntuples(res) == 0)
		ret = why_unchanged(s, e, id, expected_version);
	else if (out)
		ret = row_json(res, 0, e, out);
cleanup:
	PQclear(res);
	params_release(&p);
	buf_release(&sql);
	return ret;
}

static int pg_remove(struct store *st, const struct entity *e, int64_t id, int64_t expected_version)
{
	struct pg_store *s = as_pg(st);
	struct params p;
	struct buf sql;
	int ret, idx = 1;
	PGresult *res = NULL;

	buf_init(&sql, 0);
	ret = params_init(&p, 2);
	if (ret != STORE_OK)
		goto cleanup;
	if (buf_adds(&sql, "DELETE FROM ") || store_add_ident(&sql, e->table) || buf_adds(&sql, " WHERE \"id\" = ") ||
	    add_param(&sql, &idx) ||
	    (expected_version >= 0 ? buf_adds(&sql, " AND \"version\" = ") || add_param(&sql, &idx) : 0)) {
		ret = store_out_of_memory("remove");
		goto cleanup;
	}
	ret = param_int(&p, id);
	if (ret == STORE_OK && expected_version >= 0)
		ret = param_int(&p, expected_version);
	if (ret == STORE_OK)
		ret = run(s, buf_str(&sql), p.n, p.values, &res);
	if (ret != STORE_OK)
		goto cleanup;
	ret = strcmp(PQcmdTuples(res), "0") != 0 ? STORE_OK : why_unchanged(s, e, id, expected_version);
cleanup:
	PQclear(res);
	params_release(&p);
	buf_release(&sql);
	return ret;
}

/* keyset paging: id > after_id ORDER BY id LIMIT n */
static int pg_list(struct store *st, const struct entity *e, const struct store_filter *filters,
		   size_t nfilters, int64_t after_id, int limit, json_t **items)
{
	struct pg_store *s = as_pg(st);
	struct params p = { 0 };
	struct buf sql;
	json_t *arr = NULL, *row = NULL;
	PGresult *res = NULL;
	int ret, idx = 1;

	*items = NULL;
	buf_init(&sql, 0);
	ret = store_check_filters(e, filters, nfilters);
	if (ret == STORE_OK && limit < 0) {
		store_log("list %s: negative limit", e->name);
		ret = STORE_ERROR;
	}
	if (ret == STORE_OK)
		ret = params_init(&p, filter_nparams(filters, nfilters) + 2);
	if (ret != STORE_OK)
		goto cleanup;
	if (add_select(&sql, e) || add_where(&sql, filters, nfilters, &idx, true) ||
	    buf_adds(&sql, " ORDER BY \"id\" LIMIT ") || add_param(&sql, &idx)) {
		ret = store_out_of_memory("list");
		goto cleanup;
	}
	ret = param_filters(&p, filters, nfilters);
	if (ret == STORE_OK)
		ret = param_int(&p, after_id);
	if (ret == STORE_OK)
		ret = param_int(&p, limit);
	if (ret == STORE_OK)
		ret = run(s, buf_str(&sql), p.n, p.values, &res);
	if (ret != STORE_OK)
		goto cleanup;
	arr = json_array();
	if (!arr) {
		ret = store_out_of_memory("list");
		goto cleanup;
	}
	for (int i = 0; ret == STORE_OK && i < PQntuples(res); i++) {
		ret = row_json(res, i, e, &row);
		if (ret == STORE_OK && json_array_append_new(arr, row) < 0)
			ret = store_out_of_memory("list");
		row = NULL;
	}
	if (ret == STORE_OK) {
		*items = arr;
		arr = NULL;
	}
cleanup:
	json_decref(arr);
	PQclear(res);
	params_release(&p);
	buf_release(&sql);
	return ret;
}

static int pg_count(struct store *st, const struct entity *e, const struct store_filter *filters,
		    size_t nfilters, int64_t *n)
{
	struct pg_store *s = as_pg(st);
	struct params p = { 0 };
	struct buf sql;
	PGresult *res = NULL;
	int ret, idx = 1;

	*n = 0;
	buf_init(&sql, 0);
	ret = store_check_filters(e, filters, nfilters);
	if (ret == STORE_OK)
		ret = params_init(&p, filter_nparams(filters, nfilters) + 1);
	if (ret != STORE_OK)
		goto cleanup;
	if (buf_adds(&sql, "SELECT COUNT(*) FROM ") || store_add_ident(&sql, e->table) ||
	    add_where(&sql, filters, nfilters, &idx, false)) {
		ret = store_out_of_memory("count");
		goto cleanup;
	}
	ret = param_filters(&p, filters, nfilters);
	if (ret == STORE_OK)
		ret = run(s, buf_str(&sql), p.n, p.values, &res);
	if (ret == STORE_OK && (PQntuples(res) != 1 ||
				parse_int64(PQgetvalue(res, 0, 0), 0, INT64_MAX, n) < 0)) {
		store_log("count %s: unexpected answer", e->name);
		ret = STORE_ERROR;
	}
cleanup:
	PQclear(res);
	params_release(&p);
	buf_release(&sql);
	return ret;
}

/* ---- idempotency keys ------------------------------------------------- */

static int pg_idem_get(struct store *st, const char *key, const char *scope, char **fingerprint,
		       int *status, char **body)
{
	static const char sql[] = "SELECT \"fingerprint\", \"status\", \"body\" FROM \"idempotency_keys\" "
				  "WHERE \"key\" = $1 AND \"scope\" = $2";
	struct pg_store *s = as_pg(st);
	const char *values[2] = { key, scope };
	PGresult *res = NULL;
	int64_t n = 0;

	*fingerprint = NULL;
	*body = NULL;
	*status = 0;
	int ret = run(s, sql, 2, values, &res);
	if (ret != STORE_OK)
		goto cleanup;
	if (PQntuples(res) == 0) {
		ret = STORE_NOT_FOUND;
		goto cleanup;
	}
	*fingerprint = strdup(PQgetvalue(res, 0, 0));
	*body = strdup(PQgetvalue(res, 0, 2));
	if (!*fingerprint || !*body || parse_int64(PQgetvalue(res, 0, 1), 100, 599, &n) < 0) {
		free(*fingerprint);
		free(*body);
		*fingerprint = *body = NULL;
		ret = store_out_of_memory("idem_get");
		goto cleanup;
	}
	*status = (int)n;
cleanup:
	PQclear(res);
	return ret;
}

static int pg_idem_put(struct store *st, const char *key, const char *scope, const char *fingerprint,
		       int status, const char *body)
{
	static const char sql[] = "INSERT INTO \"idempotency_keys\" (\"key\", \"scope\", \"fingerprint\", "
				  "\"status\", \"body\", \"created_at\") VALUES ($1, $2, $3, $4, $5, $6)";
	char now[21], st_text[16];
	time_now_iso(now);
	snprintf(st_text, sizeof st_text, "%d", status);
	const char *values[6] = { key, scope, fingerprint, st_text, body, now };
	return run(as_pg(st), sql, 6, values, NULL);
}

static int pg_idem_remove(struct store *st, const char *key, const char *scope)
{
	static const char sql[] = "DELETE FROM \"idempotency_keys\" WHERE \"key\" = $1 AND \"scope\" = $2";
	const char *values[2] = { key, scope };
	PGresult *res = NULL;
	int ret = run(as_pg(st), sql, 2, values, &res);
	if (ret == STORE_OK && strcmp(PQcmdTuples(res), "0") == 0)
		ret = STORE_NOT_FOUND;
	PQclear(res);
	return ret;
}

static int pg_idem_list(struct store *st, json_t **items)
{
	static const char sql[] = "SELECT \"key\", \"scope\", \"fingerprint\", \"status\", \"body\", "
				  "\"created_at\" FROM \"idempotency_keys\" ORDER BY \"key\", \"scope\"";
	static const struct field created = { .name = "created_at", .type = FT_TIMESTAMP };
	PGresult *res = NULL;
	json_t *arr = json_array(), *at = NULL;
	int64_t status;

	*items = NULL;
	int ret = arr ? run(as_pg(st), sql, 0, NULL, &res) : store_out_of_memory("idem_list");
	for (int i = 0; ret == STORE_OK && i < PQntuples(res); i++) {
		ret = column_json(res, i, 5, &created, &at);
		if (ret != STORE_OK)
			break;
		if (parse_int64(PQgetvalue(res, i, 3), 100, 599, &status) < 0) {
			json_decref(at);
			store_log("idem_list: a stored status is not an HTTP status");
			ret = STORE_ERROR;
			break;
		}
		json_t *row = json_pack("{s:s, s:s, s:s, s:I, s:s, s:o}", "key", PQgetvalue(res, i, 0), "scope",
					PQgetvalue(res, i, 1), "fingerprint", PQgetvalue(res, i, 2), "status",
					(json_int_t)status, "body", PQgetvalue(res, i, 4), "created_at", at);
		if (!row || json_array_append_new(arr, row) < 0)
			ret = store_out_of_memory("idem_list");
	}
	PQclear(res);
	if (ret == STORE_OK)
		*items = arr;
	else
		json_decref(arr);
	return ret;
}

static int pg_idem_insert_row(struct store *st, const json_t *row)
{
	static const char sql[] = "INSERT INTO \"idempotency_keys\" (\"key\", \"scope\", \"fingerprint\", "
				  "\"status\", \"body\", \"created_at\") VALUES ($1, $2, $3, $4, $5, $6)";
	static const char *const names[] = { "key", "scope", "fingerprint", "status", "body", "created_at" };
	const char *values[6];
	char st_text[24];

	for (int i = 0; i < 6; i++) {
		json_t *v = json_object_get(row, names[i]);
		if (i == 3 && json_is_integer(v)) {
			snprintf(st_text, sizeof st_text, "%lld", (long long)json_integer_value(v));
			values[i] = st_text;
		} else if (i != 3 && json_is_string(v)) {
			values[i] = json_string_value(v);
		} else {
			store_log("idem_insert_row: %s is missing or of the wrong type", names[i]);
			return STORE_ERROR;
		}
	}
	return run(as_pg(st), sql, 6, values, NULL);
}

/* ---- named locks ----------------------------------------------------------- */

/* a session-level advisory lock on a 64-bit hash of the name (FNV-1a); two
 * names with the same hash only wait for each other */
static void name_key(const char *name, char out[24])
{
	uint64_t h = 14695981039346656037ull;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= 1099511628211ull;
	}
	snprintf(out, 24, "%lld", (long long)h);
}

static int pg_lock_name(struct store *st, const char *name)
{
	struct pg_store *s = as_pg(st);
	char key[24];
	name_key(name, key);
	const char *values[1] = { key };
	PGresult *res = NULL;
	int ret = run(s, "SELECT pg_advisory_lock($1::bigint)", 1, values, &res);
	PQclear(res);
	return ret;
}

static void pg_unlock_name(struct store *st, const char *name)
{
	struct pg_store *s = as_pg(st);
	char key[24];
	name_key(name, key);
	const char *values[1] = { key };
	PGresult *res = NULL;
	(void)run(s, "SELECT pg_advisory_unlock($1::bigint)", 1, values, &res);
	PQclear(res);
}

/* ---- moving a database --------------------------------------------------- */

static int pg_insert_row(struct store *st, const struct entity *e, const json_t *row)
{
	for (int i = 0; i < STORE_NSYSTEM; i++)
		if (!json_is_string(json_object_get(row, store_system_fields[i].name)) &&
		    !json_is_integer(json_object_get(row, store_system_fields[i].name))) {
			store_log("insert_row %s: %s is missing", e->name, store_system_fields[i].name);
			return STORE_ERROR;
		}
	return insert_common(as_pg(st), e, row, true, NULL, NULL);
}

/* the identity continues after the highest id (or starts at 1) */
static int pg_reset_ids(struct store *st, const struct entity *e)
{
	struct buf sql;
	int ret;

	buf_init(&sql, 0);
	if (buf_adds(&sql, "SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE(MAX(\"id\"), 0) + 1, false) "
			   "FROM ") ||
	    store_add_ident(&sql, e->table)) {
		ret = store_out_of_memory("reset_ids");
	} else {
		struct buf quoted;
		buf_init(&quoted, 0);
		if (store_add_ident(&quoted, e->table)) {
			ret = store_out_of_memory("reset_ids");
		} else {
			const char *values[1] = { buf_str(&quoted) };
			ret = run(as_pg(st), buf_str(&sql), 1, values, NULL);
		}
		buf_release(&quoted);
	}
	buf_release(&sql);
	return ret;
}

/* ---- the access log -------------------------------------------------------- */

/* the columns of access_log from index from on (0: all, 1: all but id) */
static int add_audit_columns(struct buf *b, size_t from)
{
	int r = 0;
	for (size_t i = from; i < audit_ncolumns; i++)
		r |= (i > from ? buf_adds(b, ", ") : 0) || store_add_ident(b, audit_columns[i].name);
	return r;
}

/* INSERT INTO access_log the columns from index from on, from entry (with
 * the id: OVERRIDING SYSTEM VALUE) */
static int audit_insert(struct pg_store *s, const json_t *entry, size_t from)
{
	struct params p;
	struct buf sql;
	int ret, r, idx = 1;

	buf_init(&sql, 0);
	ret = params_init(&p, (int)audit_ncolumns);
	if (ret != STORE_OK)
		goto cleanup;
	r = buf_adds(&sql, "INSERT INTO \"access_log\" (") || add_audit_columns(&sql, from) ||
	    buf_adds(&sql, from == 0 ? ") OVERRIDING SYSTEM VALUE VALUES (" : ") VALUES (");
	for (size_t i = from; i < audit_ncolumns; i++)
		r |= (i > from ? buf_adds(&sql, ", ") : 0) || add_param(&sql, &idx);
	r |= buf_adds(&sql, ")");
	if (r) {
		ret = store_out_of_memory("access log");
		goto cleanup;
	}
	for (size_t i = from; ret == STORE_OK && i < audit_ncolumns; i++)
		ret = param_field(&p, &audit_columns[i], json_object_get(entry, audit_columns[i].name));
	if (ret == STORE_OK)
		ret = run(s, buf_str(&sql), p.n, p.values, NULL);
cleanup:
	params_release(&p);
	buf_release(&sql);
	return ret;
}

/* a new transaction holds nothing of the chain */
static void chain_forget(struct pg_store *s)
{
	s->chain_locked = false;
	s->head_known = false;
}

/*
 * LOCK TABLE, unlike a SELECT pg_advisory_xact_lock(...), takes no
 * snapshot: as the first statement of a SERIALIZABLE transaction, the
 * snapshot its next statement takes comes after the lock was granted, so it
 * sees the entry the previous holder appended. (access_log_lock holds no
 * rows; see migrations/0004_access_log.postgres.sql.)
 */
static int pg_audit_lock(struct store *st)
{
	struct pg_store *s = as_pg(st);
	int ret;

	if (s->chain_locked)
		return STORE_OK;
	if (!s->in_tx) {
		store_log("audit_lock outside a transaction");
		return STORE_ERROR;
	}
	ret = exec_simple(s, "LOCK TABLE \"access_log_lock\" IN EXCLUSIVE MODE");
	s->chain_locked = ret == STORE_OK;
	return ret;
}

/* A transaction that took the lock late may have a snapshot without the
 * last entry: its entry would follow the same one as another's, which
 * UNIQUE (prev_hash) refuses, and the use case runs again (STORE_BUSY). */
static int pg_audit_append(struct store *st, json_t *entry)
{
	static const char head_sql[] = "SELECT \"hash\" FROM \"access_log\" ORDER BY \"id\" DESC LIMIT 1";
	struct pg_store *s = as_pg(st);
	char hash[AUDIT_HASH_HEX + 1];
	PGresult *res = NULL;
	int ret;

	if (audit_check_entry(entry) < 0)
		return STORE_ERROR;
	ret = pg_audit_lock(st);
	if (ret == STORE_OK && !s->head_known) {
		ret = run(s, head_sql, 0, NULL, &res);
		if (ret == STORE_OK) {
			snprintf(s->head, sizeof s->head, "%s", PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : audit_genesis);
			s->head_known = true;
		}
		PQclear(res);
	}
	if (ret != STORE_OK)
		return ret;
	if (json_object_set_new(entry, "prev_hash", json_string(s->head)) < 0 || audit_hash(entry, hash) < 0 ||
	    json_object_set_new(entry, "hash", json_string(hash)) < 0)
		return store_out_of_memory("access log");
	ret = audit_insert(s, entry, 1);
	if (ret == STORE_OK)
		memcpy(s->head, hash, sizeof s->head);
	else if (ret == STORE_DUPLICATE)
		ret = STORE_BUSY;
	return ret;
}

static int pg_audit_list(struct store *st, int64_t after_id, int limit, int64_t request_id, json_t **items)
{
	struct pg_store *s = as_pg(st);
	struct params p = { 0 };
	struct buf sql;
	json_t *arr = NULL, *row = NULL, *v = NULL;
	PGresult *res = NULL;
	int ret, idx = 1;

	*items = NULL;
	buf_init(&sql, 0);
	if (limit < 0) {
		store_log("list access_log: negative limit");
		ret = STORE_ERROR;
		goto cleanup;
	}
	ret = params_init(&p, 3);
	if (ret != STORE_OK)
		goto cleanup;
	if (buf_adds(&sql, "SELECT ") || add_audit_columns(&sql, 0) ||
	    buf_adds(&sql, " FROM \"access_log\" WHERE \"id\" > ") || add_param(&sql, &idx) ||
	    (request_id ? buf_adds(&sql, " AND \"request_id\" = ") || add_param(&sql, &idx) : 0) ||
	    buf_adds(&sql, " ORDER BY \"id\" LIMIT ") || add_param(&sql, &idx) || !(arr = json_array())) {
		ret = store_out_of_memory("access log");
		goto cleanup;
	}
	ret = param_int(&p, after_id);
	if (ret == STORE_OK && request_id)
		ret = param_int(&p, request_id);
	if (ret == STORE_OK)
		ret = param_int(&p, limit);
	if (ret == STORE_OK)
		ret = run(s, buf_str(&sql), p.n, p.values, &res);
	for (int i = 0; ret == STORE_OK && i < PQntuples(res); i++) {
		row = json_object();
		if (!row) {
			ret = store_out_of_memory("access log");
			break;
		}
		for (size_t c = 0; ret == STORE_OK && c < audit_ncolumns; c++) {
			ret = column_json(res, i, (int)c, &audit_columns[c], &v);
			if (ret == STORE_OK && json_object_set_new_nocheck(row, audit_columns[c].name, v) < 0)
				ret = store_out_of_memory("access log");
		}
		if (ret == STORE_OK && json_array_append_new(arr, row) < 0)
			ret = store_out_of_memory("access log");
		else if (ret != STORE_OK)
			json_decref(row);
		row = NULL;
	}
	if (ret == STORE_OK) {
		*items = arr;
		arr = NULL;
	}
cleanup:
	json_decref(arr);
	PQclear(res);
	params_release(&p);
	buf_release(&sql);
	return ret;
}

static int pg_audit_insert_row(struct store *st, const json_t *row)
{
	return audit_insert(as_pg(st), row, 0);
}

/* ---- connection, transactions, ping ------------------------------------- */

/* the settings every connection runs with */
/* ---- aggregate queries (the reports) ---------------------------------- */

/* sql with its '?' marks numbered $1..$n (none inside quotes); *n the count */
static int number_params(const char *sql, struct buf *out, int *n)
{
	char quote = 0;
	*n = 0;
	for (const char *c = sql; *c; c++) {
		if (quote) {
			if (*c == quote)
				quote = 0;
		} else if (*c == '\'' || *c == '"') {
			quote = *c;
		} else if (*c == '?') {
			if (buf_printf(out, "$%d", ++*n) < 0)
				return store_out_of_memory("query");
			continue;
		}
		if (buf_addc(out, *c) < 0)
			return store_out_of_memory("query");
	}
	return STORE_OK;
}

static int param_scalar(struct params *p, const json_t *v)
{
	if (json_is_string(v))
		return param_add(p, json_string_value(v), NULL);
	if (json_is_integer(v))
		return param_int(p, json_integer_value(v));
	if (json_is_boolean(v))
		return param_add(p, json_is_true(v) ? "t" : "f", NULL);
	if (json_is_null(v))
		return param_add(p, NULL, NULL);
	store_log("query: a parameter is no scalar");
	return STORE_ERROR;
}

/* one value of a result as the SQLite backend would give it */
static json_t *scalar_json(const PGresult *res, int row, int col)
{
	enum { BOOLOID = 16, INT8OID = 20, INT2OID = 21, INT4OID = 23, FLOAT4OID = 700, FLOAT8OID = 701,
	       NUMERICOID = 1700 };
	const char *t = PQgetvalue(res, row, col);
	int64_t n;

	if (PQgetisnull(res, row, col))
		return json_null();
	switch (PQftype(res, col)) {
	case BOOLOID:
		return json_boolean(t[0] == 't');
	case INT2OID:
	case INT4OID:
	case INT8OID:
	case NUMERICOID:
		/* a NUMERIC (a SUM of BIGINT) with a fraction is a real */
		return parse_int64(t, INT64_MIN, INT64_MAX, &n) == 0 ? json_integer(n) : json_real(strtod(t, NULL));
	case FLOAT4OID:
	case FLOAT8OID:
		return json_real(strtod(t, NULL));
	default:
		return json_string(t);
	}
}

static int pg_query(struct store *st, const char *sql, const json_t *params, json_t **rows)
{
	struct pg_store *s = as_pg(st);
	struct params p = { 0 };
	struct buf text;
	PGresult *res = NULL;
	json_t *arr = NULL, *row, *v;
	size_t i;
	int n = 0, ret;

	*rows = NULL;
	buf_init(&text, 0);
	ret = number_params(sql, &text, &n);
	if (ret == STORE_OK && (size_t)n != json_array_size(params)) {
		store_log("query: %d parameters expected, %zu given; in: %s", n, json_array_size(params), sql);
		ret = STORE_ERROR;
	}
	if (ret == STORE_OK)
		ret = params_init(&p, n + 1);
	json_array_foreach(params, i, v) {
		if (ret == STORE_OK)
			ret = param_scalar(&p, v);
	}
	if (ret == STORE_OK)
		ret = run(s, buf_str(&text), p.n, p.values, &res);
	if (ret == STORE_OK && !(arr = json_array()))
		ret = store_out_of_memory("query");
	for (int r = 0; ret == STORE_OK && r < PQntuples(res); r++) {
		row = json_array();
		if (!row)
			ret = store_out_of_memory("query");
		for (int c = 0; ret == STORE_OK && c < PQnfields(res); c++)
			if (json_array_append_new(row, scalar_json(res, r, c)) < 0)
				ret = store_out_of_memory("query");
		/* the array takes row, also when appending fails */
		if (ret == STORE_OK && json_array_append_new(arr, row) < 0)
			ret = store_out_of_memory("query");
		else if (ret != STORE_OK)
			json_decref(row);
	}
	if (ret == STORE_OK) {
		*rows = arr;
		arr = NULL;
	}
	json_decref(arr);
	PQclear(res);
	params_release(&p);
	buf_release(&text);
	return ret;
}

static int session_setup(struct pg_store *s)
{
	return exec_simple(s, "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; "
			      "SET IntervalStyle = 'iso_8601'; SET client_encoding = 'UTF8'");
}

/*
 * A connection that broke (the server restarted, a network cut) is opened
 * again before the next transaction; a fault inside a transaction is
 * reported as it is and the service's retry starts over on the new one.
 */
static int ensure_connected(struct pg_store *s)
{
	if (PQstatus(s->conn) == CONNECTION_OK)
		return STORE_OK;
	cache_clear(s);
	PQreset(s->conn);
	if (PQstatus(s->conn) != CONNECTION_OK) {
		store_log("the connection to PostgreSQL is lost: %s", PQerrorMessage(s->conn));
		return STORE_BUSY;
	}
	return session_setup(s);
}

static int pg_begin(struct store *st, bool write)
{
	struct pg_store *s = as_pg(st);
	int ret = ensure_connected(s);
	if (ret == STORE_OK)
		ret = exec_simple(s, write ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
					   : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
	s->in_tx = ret == STORE_OK;
	chain_forget(s);
	return ret;
}

/* a failed COMMIT ends the transaction: PostgreSQL has rolled it back */
static int pg_commit(struct store *st)
{
	struct pg_store *s = as_pg(st);
	int ret = exec_simple(s, "COMMIT");
	s->in_tx = false;
	chain_forget(s);
	return ret;
}

static void pg_rollback(struct store *st)
{
	struct pg_store *s = as_pg(st);
	PGTransactionStatusType ts = PQtransactionStatus(s->conn);
	if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR)
		(void)exec_simple(s, "ROLLBACK");
	s->in_tx = false;
	chain_forget(s);
}

static int pg_ping(struct store *st)
{
	struct pg_store *s = as_pg(st);
	int ret = ensure_connected(s);
	if (ret != STORE_OK)
		return ret;
	PGresult *res = NULL;
	ret = run(s, "SELECT 1", 0, NULL, &res);
	PQclear(res);
	return ret;
}

/* ---- migrations ------------------------------------------------------------ */

static int read_version(struct pg_store *s, int *version)
{
	PGresult *res = NULL;
	int64_t v = 0;
	int ret = run(s, "SELECT COALESCE(MAX(\"version\"), 0) FROM \"schema_migrations\"", 0, NULL, &res);
	*version = 0;
	if (ret == STORE_OK && (PQntuples(res) != 1 || parse_int64(PQgetvalue(res, 0, 0), 0, 1000000, &v) < 0)) {
		store_log("schema_migrations: unexpected answer");
		ret = STORE_ERROR;
	}
	*version = (int)v;
	PQclear(res);
	return ret;
}

static int pg_schema_version(struct store *st, int *version)
{
	struct pg_store *s = as_pg(st);
	PGresult *res = NULL;
	int ret = ensure_connected(s);

	*version = 0;
	if (ret == STORE_OK)
		ret = run(s, "SELECT to_regclass('schema_migrations') IS NOT NULL", 0, NULL, &res);
	if (ret == STORE_OK && PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0)
		ret = read_version(s, version);
	PQclear(res);
	return ret;
}

/* one migration and its record, in one transaction under the migration lock,
 * so two kring init runs at once apply it once */
static int apply_migration(struct pg_store *s, const struct migration *m)
{
	char what[128], now[21], vtext[16];
	PGresult *res = NULL;
	int ret;

	snprintf(what, sizeof what, "migration %04d_%s", m->version, m->name);
	snprintf(vtext, sizeof vtext, "%d", m->version);
	ret = exec_simple(s, "BEGIN ISOLATION LEVEL READ COMMITTED");
	if (ret == STORE_OK)
		ret = exec_simple(s, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")");
	if (ret != STORE_OK)
		goto cleanup;
	const char *v1[1] = { vtext };
	ret = run(s, "SELECT 1 FROM \"schema_migrations\" WHERE \"version\" = $1", 1, v1, &res);
	if (ret != STORE_OK || PQntuples(res) > 0)
		goto commit; /* applied meanwhile by another process */
	PQclear(res);
	res = PQexec(s->conn, m->postgres);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
		ret = fail(s, res, what);
		goto cleanup;
	}
	time_now_iso(now);
	const char *v3[3] = { vtext, m->name, now };
	ret = run(s, "INSERT INTO \"schema_migrations\" (\"version\", \"name\", \"applied_at\") VALUES ($1, $2, $3)",
		  3, v3, NULL);
commit:
	if (ret == STORE_OK)
		ret = exec_simple(s, "COMMIT");
cleanup:
	PQclear(res);
	if (ret != STORE_OK)
		pg_rollback(&s->base);
	return ret;
}

static int pg_migrate(struct store *st, int *from, int *to)
{
	struct pg_store *s = as_pg(st);
	int known = store_latest_version();
	int ret;

	*from = *to = 0;
	ret = ensure_connected(s);
	if (ret == STORE_OK)
		ret = exec_simple(s, "BEGIN");
	if (ret == STORE_OK)
		ret = exec_simple(s, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")");
	if (ret == STORE_OK)
		ret = exec_simple(s, "CREATE TABLE IF NOT EXISTS \"schema_migrations\" ("
				     "\"version\" INTEGER PRIMARY KEY, \"name\" TEXT NOT NULL, "
				     "\"applied_at\" TIMESTAMPTZ NOT NULL)");
	if (ret == STORE_OK)
		ret = exec_simple(s, "COMMIT");
	if (ret != STORE_OK) {
		pg_rollback(st);
		return ret;
	}
	ret = read_version(s, from);
	if (ret != STORE_OK)
		return ret;
	if (*from > known) {
		store_log("the database is at schema version %d and this kring knows only up to %d: "
			  "upgrade kring", *from, known);
		return STORE_ERROR;
	}
	for (size_t i = 0; ret == STORE_OK && i < store_nmigrations; i++)
		if (store_migrations[i].version > *from)
			ret = apply_migration(s, &store_migrations[i]);
	if (ret == STORE_OK)
		ret = read_version(s, to);
	return ret;
}

/* ---- open, close ------------------------------------------------------------ */

static void pg_close(struct store *st)
{
	struct pg_store *s = as_pg(st);
	if (!s)
		return;
	cache_clear(s);
	PQfinish(s->conn); /* ends an open transaction, which rolls it back */
	free(s);
}

static const struct store_ops pg_ops = {
	.name = "postgres",
	.close = pg_close,
	.migrate = pg_migrate,
	.ping = pg_ping,
	.schema_version = pg_schema_version,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.insert = pg_insert,
	.insert_id = pg_insert_id,
	.bulk_load = pg_bulk_load,
	.get = pg_get,
	.get_by_parent = pg_get_by_parent,
	.update = pg_update,
	.remove = pg_remove,
	.list = pg_list,
	.count = pg_count,
	.idem_get = pg_idem_get,
	.idem_put = pg_idem_put,
	.idem_remove = pg_idem_remove,
	.lock_name = pg_lock_name,
	.unlock_name = pg_unlock_name,
	.insert_row = pg_insert_row,
	.reset_ids = pg_reset_ids,
	.idem_list = pg_idem_list,
	.idem_insert_row = pg_idem_insert_row,
	.audit_lock = pg_audit_lock,
	.audit_append = pg_audit_append,
	.audit_list = pg_audit_list,
	.audit_insert_row = pg_audit_insert_row,
	.query = pg_query,
};

/* notices ("relation already exists, skipping") are not faults; libpq
 * would print them on stderr */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}


/*
 * Connect to the database a postgres:// URL names. libpq reads the URL and
 * fills in what it leaves out from the PG* environment variables. Unless the
 * URL says otherwise, connecting gives up after 10 seconds and the
 * connection is named "kring" in pg_stat_activity. The schema is not
 * touched: call migrate.
 */
int store_postgres_open(const char *url, struct store **out, char *err, size_t errlen)
{
	/* later keywords override earlier ones: the URL (dbname, expanded) last */
	const char *const keys[] = { "connect_timeout", "application_name", "dbname", NULL };
	const char *const values[] = { "10", "kring", url, NULL };
	struct pg_store *s = NULL;
	char *perr = NULL;
	int ret = -1;

	*out = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &perr);
	if (!opts) {
		/* libpq's reason quotes the URL, password and all: not shown */
		store_set_err(err, errlen, "the database URL is not valid (expected "
				     "postgres://user:password@host:port/dbname, with %%-escapes where needed)");
		PQfreemem(perr);
		goto cleanup;
	}
	PQconninfoFree(opts);
	s = calloc(1, sizeof *s);
	if (!s) {
		store_set_err(err, errlen, "out of memory");
		goto cleanup;
	}
	s->base.ops = &pg_ops;
	s->conn = PQconnectdbParams(keys, values, 1);
	if (!s->conn) {
		store_set_err(err, errlen, "out of memory");
		goto cleanup;
	}
	if (PQstatus(s->conn) != CONNECTION_OK) {
		store_set_err(err, errlen, "cannot connect to PostgreSQL: %s", PQerrorMessage(s->conn));
		goto cleanup;
	}
	PQsetNoticeProcessor(s->conn, ignore_notice, NULL);
	if (PQserverVersion(s->conn) < 130000) {
		store_set_err(err, errlen, "PostgreSQL %d.%d is too old: kring needs 13 or newer",
			PQserverVersion(s->conn) / 10000, PQserverVersion(s->conn) % 10000);
		goto cleanup;
	}
	if (session_setup(s) != STORE_OK) {
		store_set_err(err, errlen, "PostgreSQL refused kring's session settings: %s", store_last_error());
		goto cleanup;
	}
	*out = &s->base;
	s = NULL;
	ret = 0;
cleanup:
	if (s)
		pg_close(&s->base);
	return ret;
}
