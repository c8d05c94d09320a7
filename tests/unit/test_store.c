/*
 * The store interface (store/store.h) on every backend: the same tests run
 * on SQLite (a database file in a fresh temporary directory per test) and on
 * PostgreSQL (a fresh database per test), plus PostgreSQL's own checks:
 * the schema against the model, two handles writing one record, named locks,
 * a connection cut by the server. The SQLite-only checks are in
 * test_store_sqlite.c.
 *
 * PostgreSQL needs KRING_TEST_PG_URL: a URL such as
 * postgres://kring:PASSWORD@127.0.0.1:PORT/postgres to a throwaway cluster
 * whose user may create databases (scripts/pg-test-cluster start DIR prints
 * one). Each test gets its own database kring_u_<random>, dropped afterwards.
 * Without the variable the PostgreSQL group is skipped, says so, and the
 * program exits 77 (meson: SKIP) when nothing else failed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <libpq-fe.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "domain/model.h"
#include "store/sqlite_handle.h"
#include "store/audit.h"
#include "store/store.h"

enum backend { SQLITE, POSTGRES };

struct fixture {
	enum backend backend;
	bool skipped;       /* postgres without KRING_TEST_PG_URL */
	char dir[PATH_MAX]; /* sqlite: the temporary directory */
	char dbname[64];    /* postgres: the test database */
	char url[PATH_MAX + 64];
	struct store *st;
	PGconn *raw;        /* postgres: a direct connection to the test database, on demand */
};

/* the cluster for the postgres group: its URL and a connection that creates
 * and drops the test databases */
static const char *pg_url;
static PGconn *pg_admin;

/* ---- fixture: sqlite --------------------------------------------------- */

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[PATH_MAX + 256];

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static int sqlite_create(struct fixture *fx)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->dir, sizeof fx->dir, "%s/kring-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir)) {
		fx->dir[0] = '\0';
		return -1;
	}
	snprintf(fx->url, sizeof fx->url, "sqlite:%s/kring.db", fx->dir);
	return 0;
}

/* ---- fixture: postgres ------------------------------------------------- */

/* url with its database name replaced by name (query parameters kept) */
static int url_with_dbname(const char *url, const char *name, char *out, size_t outlen)
{
	const char *auth = strstr(url, "://");
	if (!auth)
		return -1;
	auth += 3;
	const char *path = auth + strcspn(auth, "/?#");
	const char *rest = *path == '/' ? path + 1 + strcspn(path + 1, "?#") : path;
	int n = snprintf(out, outlen, "%.*s/%s%s", (int)(path - url), url, name, rest);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

static int pg_group_setup(void **state)
{
	(void)state;
	pg_url = getenv("KRING_TEST_PG_URL");
	if (!pg_url || !*pg_url) {
		pg_url = NULL;
		return 0;
	}
	pg_admin = PQconnectdb(pg_url);
	if (PQstatus(pg_admin) != CONNECTION_OK) {
		/* libpq's message names host and user, never the password */
		fprintf(stderr, "store on postgres: cannot connect to KRING_TEST_PG_URL: %s",
			PQerrorMessage(pg_admin));
		PQfinish(pg_admin);
		pg_admin = NULL;
		return -1;
	}
	return 0;
}

static int pg_group_teardown(void **state)
{
	(void)state;
	PQfinish(pg_admin);
	pg_admin = NULL;
	return 0;
}

static int pg_command(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	return ok ? 0 : -1;
}

static int pg_create(struct fixture *fx)
{
	unsigned char rnd[8];
	char sql[128];

	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		return -1;
	int n = snprintf(fx->dbname, sizeof fx->dbname, "kring_u_");
	for (size_t i = 0; i < sizeof rnd; i++)
		n += snprintf(fx->dbname + n, sizeof fx->dbname - (size_t)n, "%02x", rnd[i]);
	if (url_with_dbname(pg_url, fx->dbname, fx->url, sizeof fx->url) < 0) {
		fprintf(stderr, "KRING_TEST_PG_URL is not a postgres:// URL\n");
		fx->dbname[0] = '\0';
		return -1;
	}
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", fx->dbname);
	if (pg_command(pg_admin, sql) < 0) {
		fx->dbname[0] = '\0';
		return -1;
	}
	return 0;
}

static int pg_drop(struct fixture *fx)
{
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", fx->dbname);
	return pg_command(pg_admin, sql);
}

/* ---- fixture: both ----------------------------------------------------- */

static int teardown(void **state)
{
	struct fixture *fx = *state;
	int ret = 0;

	if (!fx)
		return 0;
	store_close(fx->st);
	PQfinish(fx->raw);
	if (fx->dir[0])
		remove_dir(fx->dir);
	if (fx->dbname[0])
		ret = pg_drop(fx);
	free(fx);
	return ret;
}

/* an empty database, not opened yet */
static int setup_empty(void **state, enum backend backend)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	int ret;

	*state = fx;
	if (!fx)
		return -1;
	fx->backend = backend;
	if (backend == POSTGRES && !pg_url) {
		fx->skipped = true;
		return 0;
	}
	ret = backend == SQLITE ? sqlite_create(fx) : pg_create(fx);
	if (ret < 0) {
		teardown(state);
		*state = NULL;
	}
	return ret;
}

/* a migrated database, opened */
static int setup_db(void **state, enum backend backend)
{
	char err[256];
	int from, to;

	if (setup_empty(state, backend) < 0)
		return -1;
	struct fixture *fx = *state;
	if (fx->skipped)
		return 0;
	if (store_open(fx->url, &fx->st, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return fx->st->ops->migrate(fx->st, &from, &to) == STORE_OK ? 0 : -1;
}

static int setup_sqlite(void **state)
{
	return setup_db(state, SQLITE);
}

static int setup_sqlite_empty(void **state)
{
	return setup_empty(state, SQLITE);
}

static int setup_pg(void **state)
{
	return setup_db(state, POSTGRES);
}

static int setup_pg_empty(void **state)
{
	return setup_empty(state, POSTGRES);
}

/* the fixture of a test; skips the test when its backend is not available */
static struct fixture *fixture_of(void **state)
{
	struct fixture *fx = *state;
	if (fx->skipped)
		skip();
	return fx;
}

/* ---- SQL straight to the database, past the store ---------------------- */

static PGconn *raw_pg(struct fixture *fx)
{
	if (!fx->raw) {
		fx->raw = PQconnectdb(fx->url);
		if (PQstatus(fx->raw) != CONNECTION_OK)
			fail_msg("connecting to the test database: %s", PQerrorMessage(fx->raw));
		assert_int_equal(pg_command(fx->raw, "SET TimeZone = 'UTC'"), 0);
	}
	return fx->raw;
}

/* a query with text parameters that must give rows (PQclear the result) */
static PGresult *pg_query(struct fixture *fx, const char *sql, int n, const char *const *params)
{
	PGconn *conn = raw_pg(fx);
	PGresult *res = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(conn));
	return res;
}

static void db_exec(struct fixture *fx, const char *sql)
{
	if (fx->backend == SQLITE) {
		char *msg = NULL;
		if (sqlite3_exec(store_sqlite_db(fx->st), sql, NULL, NULL, &msg) != SQLITE_OK)
			fail_msg("%s: %s", sql, msg);
	} else {
		assert_int_equal(pg_command(raw_pg(fx), sql), 0);
	}
}

/* the one integer a query answers */
static int64_t db_int(struct fixture *fx, const char *sql)
{
	int64_t v;
	if (fx->backend == SQLITE) {
		sqlite3 *db = store_sqlite_db(fx->st);
		sqlite3_stmt *stmt = NULL;
		if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(db));
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		v = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	} else {
		PGresult *res = pg_query(fx, sql, 0, NULL);
		assert_int_equal(PQntuples(res), 1);
		v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	return v;
}

/* ---- helpers ----------------------------------------------------------- */

/* rec with the model's default set for every field it lacks that has one,
 * as validation fills them in before a service inserts (the store itself
 * leaves defaults to the validator); so a field added later with a default
 * needs no change to the records written here */
static json_t *with_defaults(const struct entity *e, json_t *rec)
{
	assert_non_null(rec);
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if (f->dflt && !json_object_get(rec, f->name))
			json_object_set_new(rec, f->name, json_loads(f->dflt, JSON_DECODE_ANY, NULL));
	}
	return rec;
}

static json_t *must_insert(struct store *st, const struct entity *e, json_t *rec)
{
	json_t *out = NULL;
	with_defaults(e, rec);
	int rc = st->ops->insert(st, e, rec, &out);
	json_decref(rec);
	assert_int_equal(rc, STORE_OK);
	assert_non_null(out);
	return out;
}

static int64_t id_of(const json_t *rec)
{
	return json_integer_value(json_object_get(rec, "id"));
}

static int64_t version_of(const json_t *rec)
{
	return json_integer_value(json_object_get(rec, "version"));
}

static int64_t add_region(struct store *st, const char *name)
{
	json_t *r = must_insert(st, &ENTITY_REGION, json_pack("{s:s}", "name", name));
	int64_t id = id_of(r);
	json_decref(r);
	return id;
}

/* a request as the validator would hand it over: defaults filled in */
static int64_t add_request(struct store *st, int64_t region)
{
	json_t *r = must_insert(st, &ENTITY_REQUEST,
				json_pack("{s:s, s:I, s:s, s:s, s:s, s:[], s:[s], s:i, s:b, s:b, s:s}",
					  "requested_on", "2024-03-01", "region_id", (json_int_t)region,
					  "referrer_type", "professional", "kind", "family", "track", "adult",
					  "topics", "main_persons", "Fatima", "minors", 0, "consent", 0,
					  "interpreter_needed", 0, "state", "requested"));
	int64_t id = id_of(r);
	json_decref(r);
	return id;
}

static int64_t add_organisation(struct store *st, const char *name, const char *type, int64_t region)
{
	json_t *rec = json_pack("{s:s, s:s}", "name", name, "type", type);
	json_object_set_new(rec, "region_id", region ? json_integer(region) : json_null());
	json_t *r = must_insert(st, &ENTITY_ORGANISATION, rec);
	int64_t id = id_of(r);
	json_decref(r);
	return id;
}

static void assert_timestamp(const json_t *v)
{
	const char *s = json_string_value(v);
	assert_non_null(s);
	assert_int_equal(strlen(s), 20);
	assert_int_equal(s[10], 'T');
	assert_int_equal(s[19], 'Z');
}

/* every field of e is present (null when unset), plus the system fields */
static void assert_complete(const struct entity *e, const json_t *rec)
{
	assert_int_equal(json_object_size(rec), e->nfields + 4);
	for (size_t i = 0; i < e->nfields; i++)
		assert_non_null(json_object_get(rec, e->fields[i].name));
	assert_true(id_of(rec) > 0);
	assert_true(version_of(rec) >= 1);
	assert_timestamp(json_object_get(rec, "created_at"));
	assert_timestamp(json_object_get(rec, "updated_at"));
}

static void assert_json_equal(const char *what, const json_t *want, const json_t *got)
{
	if (!json_equal(want, got)) {
		char *w = json_dumps(want, JSON_ENCODE_ANY | JSON_SORT_KEYS);
		char *g = json_dumps(got, JSON_ENCODE_ANY | JSON_SORT_KEYS);
		fail_msg("%s: got %s, expected %s", what, g ? g : "NULL", w ? w : "NULL");
	}
}

/* the stored record has exactly the values given, and null elsewhere */
static void assert_stored_as_given(const struct entity *e, const json_t *given, const json_t *stored)
{
	assert_complete(e, stored);
	for (size_t i = 0; i < e->nfields; i++) {
		const char *name = e->fields[i].name;
		const json_t *want = json_object_get(given, name);
		char what[128];
		snprintf(what, sizeof what, "%s.%s", e->name, name);
		assert_json_equal(what, want ? want : json_null(), json_object_get(stored, name));
	}
}

/* ---- schema ------------------------------------------------------------ */

static void migrate_twice_applies_once_and_reports_versions(void **state)
{
	struct fixture *fx = fixture_of(state);
	char err[256];
	int from = -1, to = -1, version = -1;
	int latest = store_latest_version();

	assert_int_equal(latest, store_migrations[store_nmigrations - 1].version);
	assert_int_equal(store_open(fx->url, &fx->st, err, sizeof err), 0);
	assert_int_equal(fx->st->ops->schema_version(fx->st, &version), STORE_OK);
	assert_int_equal(version, 0);
	assert_int_equal(fx->st->ops->migrate(fx->st, &from, &to), STORE_OK);
	assert_int_equal(from, 0);
	assert_int_equal(to, latest);
	assert_int_equal(fx->st->ops->migrate(fx->st, &from, &to), STORE_OK);
	assert_int_equal(from, latest);
	assert_int_equal(to, latest);
	assert_int_equal(fx->st->ops->schema_version(fx->st, &version), STORE_OK);
	assert_int_equal(version, latest);
	assert_int_equal(db_int(fx, "SELECT COUNT(*) FROM schema_migrations"), store_nmigrations);

	/* and again from another connection, as after a restart */
	store_close(fx->st);
	fx->st = NULL;
	assert_int_equal(store_open(fx->url, &fx->st, err, sizeof err), 0);
	assert_int_equal(fx->st->ops->migrate(fx->st, &from, &to), STORE_OK);
	assert_int_equal(from, latest);
	assert_int_equal(to, latest);
	assert_int_equal(db_int(fx, "SELECT COUNT(*) FROM schema_migrations"), store_nmigrations);
	assert_int_equal(fx->st->ops->ping(fx->st), STORE_OK);
}

static void database_from_a_newer_kring_is_refused(void **state)
{
	struct fixture *fx = fixture_of(state);
	int from, to, version = -1;

	db_exec(fx, "INSERT INTO schema_migrations (version, name, applied_at) "
		    "VALUES (999, 'future', '2030-01-01T00:00:00Z')");
	assert_int_equal(fx->st->ops->migrate(fx->st, &from, &to), STORE_ERROR);
	if (!strstr(store_last_error(), "999"))
		fail_msg("the reason does not name the version: %s", store_last_error());
	assert_int_equal(fx->st->ops->schema_version(fx->st, &version), STORE_OK);
	assert_int_equal(version, 999);
}

/* ---- constraints ------------------------------------------------------- */

static void reference_to_a_missing_record_is_refused(void **state)
{
	struct fixture *fx = fixture_of(state);
	json_t *out = (json_t *)1;
	json_t *rec = json_pack("{s:s, s:s, s:i}", "name", "Wijkteam", "type", "social_work", "region_id", 42);

	assert_int_equal(fx->st->ops->insert(fx->st, &ENTITY_ORGANISATION, rec, &out), STORE_ERROR);
	assert_null(out);
	json_decref(rec);
}

static void missing_required_value_is_refused(void **state)
{
	struct fixture *fx = fixture_of(state);
	json_t *out = NULL;
	json_t *rec = json_object();

	assert_int_equal(fx->st->ops->insert(fx->st, &ENTITY_REGION, rec, &out), STORE_ERROR);
	assert_null(out);
	json_decref(rec);
}

/* a refused write is logged with what was done, never with the values it
 * carried (names, safety notes) */
static void a_refused_write_logs_none_of_its_values(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t region = add_region(st, "Noord");
	json_t *out = NULL;
	/* kind is required: the database refuses the row */
	json_t *rec = json_pack("{s:s, s:I, s:s, s:n, s:s, s:[], s:[s], s:i, s:b, s:b, s:s, s:s}",
				"requested_on", "2024-03-01", "region_id", (json_int_t)region, "referrer_type",
				"professional", "kind", "track", "adult", "topics", "main_persons",
				"Geheime Persoon", "minors", 0, "consent", 0, "interpreter_needed", 0, "state",
				"requested", "safety_notes", "Vertrouwelijk adres");

	int rc = st->ops->insert(st, &ENTITY_REQUEST, rec, &out);
	json_decref(rec);
	assert_int_equal(rc, STORE_ERROR);
	assert_null(out);
	if (strstr(store_last_error(), "Geheime") || strstr(store_last_error(), "Vertrouwelijk"))
		fail_msg("the fault names values of the record: %s", store_last_error());
}

/* ---- records ----------------------------------------------------------- */

static void insert_and_get_round_trip_every_field_type(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t region = add_region(st, "Noord");
	json_t *got = NULL;

	/* text, enum, lists (language, text with non-ASCII, reference, empty),
	 * true, cents, explicit and implicit null */
	json_t *coord = json_pack("{s:s, s:s, s:[s,s], s:[s,s], s:[I], s:b, s:n, s:i}", "name", "Anna de Vries",
				  "gender", "female", "languages", "nl", "ar", "backgrounds",
				  "Marokkaans", "Fries \"ü\" \\ ok", "region_ids", (json_int_t)region, "active", 1,
				  "phone", "fee_cents", 123456);
	json_t *c = must_insert(st, &ENTITY_COORDINATOR, json_incref(coord));
	assert_stored_as_given(&ENTITY_COORDINATOR, coord, c);
	assert_int_equal(version_of(c), 1);
	assert_true(json_equal(json_object_get(c, "created_at"), json_object_get(c, "updated_at")));
	assert_true(json_is_true(json_object_get(c, "active")));
	assert_true(json_is_null(json_object_get(c, "email")));
	assert_int_equal(st->ops->get(st, &ENTITY_COORDINATOR, id_of(c), &got), STORE_OK);
	assert_json_equal("coordinator read back", c, got);
	json_decref(got);
	json_decref(coord);
	json_decref(c);

	/* dates, int, false, enum list, empty list, language, reference */
	int64_t request = add_request(st, region);
	assert_int_equal(st->ops->get(st, &ENTITY_REQUEST, request, &got), STORE_OK);
	assert_complete(&ENTITY_REQUEST, got);
	assert_true(json_is_false(json_object_get(got, "consent")));
	assert_int_equal(json_array_size(json_object_get(got, "topics")), 0);
	assert_true(json_is_array(json_object_get(got, "topics")));
	assert_true(json_is_null(json_object_get(got, "follow_up_of")));
	json_decref(got);
	json_t *req = json_pack("{s:s, s:I, s:s, s:s, s:s, s:[s,s], s:[s,s], s:i, s:b, s:s, s:s, s:b, s:I}",
				"requested_on", "2024-02-29", "region_id", (json_int_t)region, "referrer_type",
				"self", "kind", "restoration", "track", "eviction", "topics", "money", "housing",
				"main_persons", "Jan", "Piet", "minors", 3, "consent", 1, "consent_on", "2024-03-02",
				"preferred_language", "tr", "interpreter_needed", 0, "follow_up_of",
				(json_int_t)request);
	json_t *r = must_insert(st, &ENTITY_REQUEST, json_incref(req));
	assert_stored_as_given(&ENTITY_REQUEST, req, r);
	assert_int_equal(st->ops->get(st, &ENTITY_REQUEST, id_of(r), &got), STORE_OK);
	assert_json_equal("request read back", r, got);
	json_decref(got);
	json_decref(req);
	json_decref(r);

	/* times */
	json_t *conf = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i}", "request_id", (json_int_t)request,
				 "scheduled_on", "2024-04-01", "place", "Buurthuis", "phase1_start", "19:00",
				 "ended_at", "22:30", "participants_present", 12);
	json_t *cf = must_insert(st, &ENTITY_CONFERENCE, json_incref(conf));
	assert_stored_as_given(&ENTITY_CONFERENCE, conf, cf);
	assert_int_equal(st->ops->get(st, &ENTITY_CONFERENCE, id_of(cf), &got), STORE_OK);
	assert_json_equal("conference read back", cf, got);
	json_decref(got);
	json_decref(conf);
	json_decref(cf);

	/* timestamp */
	json_t *tr = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "request_id", (json_int_t)request,
			       "action", "decide-funding", "from_state", "requested", "to_state",
			       "funding_decided", "actor", "api", "at", "2024-03-05T10:11:12Z", "happened_on",
			       "2024-03-04");
	json_t *t = must_insert(st, &ENTITY_TRANSITION, json_incref(tr));
	assert_stored_as_given(&ENTITY_TRANSITION, tr, t);
	assert_int_equal(st->ops->get(st, &ENTITY_TRANSITION, id_of(t), &got), STORE_OK);
	assert_json_equal("transition read back", t, got);
	json_decref(got);
	json_decref(tr);
	json_decref(t);
}

static void insert_with_a_key_that_is_not_a_field_is_refused(void **state)
{
	struct fixture *fx = fixture_of(state);
	json_t *out = NULL;
	json_t *rec = json_pack("{s:s, s:i}", "name", "Oost", "id", 7);

	assert_int_equal(fx->st->ops->insert(fx->st, &ENTITY_REGION, rec, &out), STORE_ERROR);
	assert_null(out);
	json_decref(rec);
	int64_t n = -1;
	assert_int_equal(fx->st->ops->count(fx->st, &ENTITY_REGION, NULL, 0, &n), STORE_OK);
	assert_int_equal(n, 0);
}

static void update_with_the_current_version_changes_fields_and_bumps_version(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t region = add_region(st, "Zuid");
	int64_t org = add_organisation(st, "Veilig Thuis", "child_protection", region);
	json_t *before = NULL, *after = NULL, *again = NULL;

	assert_int_equal(st->ops->get(st, &ENTITY_ORGANISATION, org, &before), STORE_OK);
	json_t *changes = json_pack("{s:s, s:n}", "name", "Veilig Thuis Zuid", "region_id");
	assert_int_equal(st->ops->update(st, &ENTITY_ORGANISATION, org, 1, changes, &after), STORE_OK);
	json_decref(changes);
	assert_int_equal(version_of(after), 2);
	assert_string_equal(json_string_value(json_object_get(after, "name")), "Veilig Thuis Zuid");
	assert_true(json_is_null(json_object_get(after, "region_id")));
	assert_string_equal(json_string_value(json_object_get(after, "type")), "child_protection");
	assert_true(json_equal(json_object_get(after, "created_at"), json_object_get(before, "created_at")));
	assert_complete(&ENTITY_ORGANISATION, after);
	assert_int_equal(st->ops->get(st, &ENTITY_ORGANISATION, org, &again), STORE_OK);
	assert_json_equal("organisation read back", after, again);
	json_decref(again);
	json_decref(after);

	/* without an expected version the update always applies */
	changes = json_pack("{s:s}", "type", "police");
	assert_int_equal(st->ops->update(st, &ENTITY_ORGANISATION, org, -1, changes, &after), STORE_OK);
	json_decref(changes);
	assert_int_equal(version_of(after), 3);
	json_decref(after);
	json_decref(before);
}

static void update_with_a_stale_version_conflicts_and_changes_nothing(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t region = add_region(st, "West");
	json_t *out = NULL, *changes = json_pack("{s:s}", "name", "Westland");

	assert_int_equal(st->ops->update(st, &ENTITY_REGION, region, 1, changes, &out), STORE_OK);
	json_decref(out);
	out = (json_t *)1;
	json_t *stale = json_pack("{s:s}", "name", "Overwritten");
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, region, 1, stale, &out), STORE_CONFLICT);
	assert_null(out);
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, region, 3, stale, &out), STORE_CONFLICT);
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, region, &out), STORE_OK);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "Westland");
	assert_int_equal(version_of(out), 2);
	json_decref(out);
	json_decref(stale);
	json_decref(changes);
}

static void unknown_id_is_not_found(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	json_t *out = (json_t *)1, *changes = json_pack("{s:s}", "name", "Nergens");

	assert_int_equal(st->ops->get(st, &ENTITY_REGION, 12345, &out), STORE_NOT_FOUND);
	assert_null(out);
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, 12345, 1, changes, &out), STORE_NOT_FOUND);
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, 12345, -1, changes, &out), STORE_NOT_FOUND);
	assert_int_equal(st->ops->remove(st, &ENTITY_MEASURE, 12345, 1), STORE_NOT_FOUND);
	assert_int_equal(st->ops->remove(st, &ENTITY_MEASURE, 12345, -1), STORE_NOT_FOUND);
	assert_int_equal(st->ops->get_by_parent(st, &ENTITY_PLAN, 12345, &out), STORE_NOT_FOUND);
	assert_null(out);
	json_decref(changes);
}

static void update_with_a_key_that_is_not_a_field_is_refused(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t region = add_region(st, "Oost");
	json_t *out = NULL;
	json_t *typo = json_pack("{s:s}", "nmae", "Oosterhout");
	json_t *system = json_pack("{s:i}", "version", 9);

	assert_int_equal(st->ops->update(st, &ENTITY_REGION, region, 1, typo, &out), STORE_ERROR);
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, region, 1, system, &out), STORE_ERROR);
	assert_null(out);
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, region, &out), STORE_OK);
	assert_int_equal(version_of(out), 1);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "Oost");
	json_decref(out);
	json_decref(typo);
	json_decref(system);
}

static void remove_follows_the_version_like_update(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t request = add_request(st, add_region(st, "Midden"));
	json_t *m = must_insert(st, &ENTITY_MEASURE,
				json_pack("{s:I, s:s, s:i, s:s}", "request_id", (json_int_t)request, "measure",
					  "eviction", "count", 2, "at_request", "threatened"));
	json_t *out = NULL;

	assert_int_equal(st->ops->remove(st, &ENTITY_MEASURE, id_of(m), 2), STORE_CONFLICT);
	assert_int_equal(st->ops->get(st, &ENTITY_MEASURE, id_of(m), &out), STORE_OK);
	json_decref(out);
	assert_int_equal(st->ops->remove(st, &ENTITY_MEASURE, id_of(m), 1), STORE_OK);
	assert_int_equal(st->ops->get(st, &ENTITY_MEASURE, id_of(m), &out), STORE_NOT_FOUND);
	assert_int_equal(st->ops->remove(st, &ENTITY_MEASURE, id_of(m), 1), STORE_NOT_FOUND);
	json_decref(m);

	/* without an expected version */
	m = must_insert(st, &ENTITY_MEASURE,
			json_pack("{s:I, s:s, s:i, s:s}", "request_id", (json_int_t)request, "measure",
				  "admission", "count", 1, "at_request", "in_place"));
	assert_int_equal(st->ops->remove(st, &ENTITY_MEASURE, id_of(m), -1), STORE_OK);
	assert_int_equal(st->ops->get(st, &ENTITY_MEASURE, id_of(m), &out), STORE_NOT_FOUND);
	json_decref(m);
}

static void id_of_a_deleted_record_is_never_given_again(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t request = add_request(st, add_region(st, "Midden"));
	json_t *rec = json_pack("{s:I, s:s, s:i, s:s}", "request_id", (json_int_t)request, "measure",
				"admission", "count", 1, "at_request", "in_place");
	json_t *first = must_insert(st, &ENTITY_MEASURE, json_incref(rec));

	assert_int_equal(st->ops->remove(st, &ENTITY_MEASURE, id_of(first), 1), STORE_OK);
	json_t *second = must_insert(st, &ENTITY_MEASURE, json_incref(rec));
	assert_true(id_of(second) > id_of(first));

	/* also after a restart */
	char err[256];
	assert_int_equal(st->ops->remove(st, &ENTITY_MEASURE, id_of(second), 1), STORE_OK);
	store_close(fx->st);
	fx->st = NULL;
	assert_int_equal(store_open(fx->url, &fx->st, err, sizeof err), 0);
	json_t *third = must_insert(fx->st, &ENTITY_MEASURE, rec);
	assert_true(id_of(third) > id_of(second));
	json_decref(first);
	json_decref(second);
	json_decref(third);
}

/* ---- lists ------------------------------------------------------------- */

/* field IN (values): lists and counts; an empty set matches nothing */
static void list_filters_by_a_set_of_values(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t ids[4];
	json_t *page = NULL;
	int64_t n = -1;

	for (int i = 0; i < 4; i++) {
		char name[32];
		snprintf(name, sizeof name, "Regio %d", i);
		ids[i] = add_region(st, name);
	}
	json_t *some = json_pack("[I, I, I]", (json_int_t)ids[0], (json_int_t)ids[2], (json_int_t)999999);
	struct store_filter by_id_like = { model_field(&ENTITY_REGION, "name"),
					   json_pack("[s, s]", "Regio 1", "Regio 3"), STORE_IN };
	assert_int_equal(st->ops->list(st, &ENTITY_REGION, &by_id_like, 1, 0, 10, &page), STORE_OK);
	assert_int_equal(json_array_size(page), 2);
	assert_int_equal(id_of(json_array_get(page, 0)), ids[1]);
	assert_int_equal(id_of(json_array_get(page, 1)), ids[3]);
	json_decref(page);
	assert_int_equal(st->ops->count(st, &ENTITY_REGION, &by_id_like, 1, &n), STORE_OK);
	assert_int_equal(n, 2);
	json_decref(by_id_like.value);

	/* integers (references) in a set, combined with another filter */
	int64_t org0 = add_organisation(st, "A", "school", ids[0]);
	add_organisation(st, "B", "school", ids[1]);
	int64_t org2 = add_organisation(st, "C", "school", ids[2]);
	add_organisation(st, "D", "police", ids[2]);
	struct store_filter two[2] = {
		{ model_field(&ENTITY_ORGANISATION, "region_id"), some, STORE_IN },
		{ model_field(&ENTITY_ORGANISATION, "type"), json_string("school"), STORE_EQ },
	};
	assert_int_equal(st->ops->list(st, &ENTITY_ORGANISATION, two, 2, 0, 10, &page), STORE_OK);
	assert_int_equal(json_array_size(page), 2);
	assert_int_equal(id_of(json_array_get(page, 0)), org0);
	assert_int_equal(id_of(json_array_get(page, 1)), org2);
	json_decref(page);
	json_decref(two[1].value);

	/* the empty set */
	struct store_filter none = { model_field(&ENTITY_ORGANISATION, "region_id"), json_array(), STORE_IN };
	assert_int_equal(st->ops->list(st, &ENTITY_ORGANISATION, &none, 1, 0, 10, &page), STORE_OK);
	assert_int_equal(json_array_size(page), 0);
	json_decref(page);
	assert_int_equal(st->ops->count(st, &ENTITY_ORGANISATION, &none, 1, &n), STORE_OK);
	assert_int_equal(n, 0);
	json_decref(none.value);
	json_decref(some);
}

static void list_filters_by_equality_and_pages_by_id(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t north = add_region(st, "Noord"), south = add_region(st, "Zuid");
	int64_t care[5];
	size_t ncare = 0;
	json_t *page = NULL;

	for (int i = 0; i < 8; i++) {
		char name[32];
		snprintf(name, sizeof name, "org %d", i);
		int64_t id = add_organisation(st, name, i % 2 ? "school" : "youth_care",
					      i % 3 == 0 ? 0 : i % 3 == 1 ? north : south);
		if (i % 2 == 0)
			care[ncare++] = id;
	}
	struct store_filter youth = { model_field(&ENTITY_ORGANISATION, "type"), json_string("youth_care"), STORE_EQ };

	/* pages of two, continuing after the last id seen */
	int64_t after = 0;
	size_t seen = 0;
	for (int round = 0; round < 3; round++) {
		assert_int_equal(st->ops->list(st, &ENTITY_ORGANISATION, &youth, 1, after, 2, &page), STORE_OK);
		assert_int_equal(json_array_size(page), round < 2 ? 2 : 1);
		for (size_t i = 0; i < json_array_size(page); i++) {
			json_t *it = json_array_get(page, i);
			assert_complete(&ENTITY_ORGANISATION, it);
			assert_string_equal(json_string_value(json_object_get(it, "type")), "youth_care");
			assert_int_equal(id_of(it), care[seen++]);
			after = id_of(it);
		}
		json_decref(page);
		/* a record added meanwhile comes at the end, not in the middle */
		if (round == 0)
			care[ncare++] = add_organisation(st, "late", "youth_care", 0);
	}
	assert_int_equal(seen, 5);
	assert_int_equal(st->ops->list(st, &ENTITY_ORGANISATION, &youth, 1, after, 2, &page), STORE_OK);
	assert_int_equal(json_array_size(page), 0);
	json_decref(page);

	int64_t n = 0;
	assert_int_equal(st->ops->count(st, &ENTITY_ORGANISATION, &youth, 1, &n), STORE_OK);
	assert_int_equal(n, 5);
	assert_int_equal(st->ops->count(st, &ENTITY_ORGANISATION, NULL, 0, &n), STORE_OK);
	assert_int_equal(n, 9);

	/* a listed record is the record get gives */
	json_t *got = NULL;
	assert_int_equal(st->ops->list(st, &ENTITY_ORGANISATION, NULL, 0, 0, 1, &page), STORE_OK);
	assert_int_equal(json_array_size(page), 1);
	assert_int_equal(st->ops->get(st, &ENTITY_ORGANISATION, id_of(json_array_get(page, 0)), &got), STORE_OK);
	assert_json_equal("listed organisation", got, json_array_get(page, 0));
	json_decref(got);
	json_decref(page);

	/* a scalar field without F_FILTER serves internal look-ups */
	struct store_filter named = { model_field(&ENTITY_ORGANISATION, "name"), json_string("org 5"), STORE_EQ };
	assert_int_equal(st->ops->count(st, &ENTITY_ORGANISATION, &named, 1, &n), STORE_OK);
	assert_int_equal(n, 1);
	json_decref(named.value);

	/* two filters together; a null filter matches unset values */
	struct store_filter two[2] = { youth, { model_field(&ENTITY_ORGANISATION, "region_id"), json_integer(north), STORE_EQ } };
	assert_int_equal(st->ops->list(st, &ENTITY_ORGANISATION, two, 2, 0, 50, &page), STORE_OK);
	assert_int_equal(json_array_size(page), 1); /* org 4 */
	assert_int_equal(id_of(json_array_get(page, 0)), care[2]);
	json_decref(page);
	json_decref(two[1].value);
	struct store_filter unset = { model_field(&ENTITY_ORGANISATION, "region_id"), json_null(), STORE_EQ };
	assert_int_equal(st->ops->count(st, &ENTITY_ORGANISATION, &unset, 1, &n), STORE_OK);
	assert_int_equal(n, 4); /* org 0, 3, 6 and the late one */
	struct store_filter school_south[2] = {
		{ model_field(&ENTITY_ORGANISATION, "type"), json_string("school"), STORE_EQ },
		{ model_field(&ENTITY_ORGANISATION, "region_id"), json_integer(south), STORE_EQ },
	};
	assert_int_equal(st->ops->count(st, &ENTITY_ORGANISATION, school_south, 2, &n), STORE_OK);
	assert_int_equal(n, 1); /* org 5 */
	json_decref(school_south[0].value);
	json_decref(school_south[1].value);
	json_decref(youth.value);
}

static void list_filters_dates_by_range_inclusive(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t region = add_region(st, "Midden");
	static const char *const days[] = { "2024-12-31", "2025-01-01", "2025-06-30", "2025-12-31",
					    "2026-01-01" };
	int64_t ids[5];
	for (int i = 0; i < 5; i++) {
		ids[i] = add_request(st, region);
		json_t *ch = json_pack("{s:s}", "requested_on", days[i]), *out = NULL;
		assert_int_equal(st->ops->update(st, &ENTITY_REQUEST, ids[i], 1, ch, &out), STORE_OK);
		json_decref(ch);
		json_decref(out);
	}
	const struct field *on = model_field(&ENTITY_REQUEST, "requested_on");
	struct store_filter year[2] = { { on, json_string("2025-01-01"), STORE_GE },
					{ on, json_string("2025-12-31"), STORE_LE } };
	json_t *page = NULL;
	int64_t n = 0;
	assert_int_equal(st->ops->list(st, &ENTITY_REQUEST, year, 2, 0, 50, &page), STORE_OK);
	assert_int_equal(json_array_size(page), 3);
	assert_int_equal(id_of(json_array_get(page, 0)), ids[1]);
	assert_int_equal(id_of(json_array_get(page, 1)), ids[2]);
	assert_int_equal(id_of(json_array_get(page, 2)), ids[3]);
	json_decref(page);
	assert_int_equal(st->ops->count(st, &ENTITY_REQUEST, &year[0], 1, &n), STORE_OK);
	assert_int_equal(n, 4);
	assert_int_equal(st->ops->count(st, &ENTITY_REQUEST, &year[1], 1, &n), STORE_OK);
	assert_int_equal(n, 4);
	/* a range with an equality filter besides it, paged */
	struct store_filter three[3] = { year[0], year[1],
					 { model_field(&ENTITY_REQUEST, "region_id"), json_integer(region), STORE_EQ } };
	assert_int_equal(st->ops->list(st, &ENTITY_REQUEST, three, 3, ids[1], 1, &page), STORE_OK);
	assert_int_equal(json_array_size(page), 1);
	assert_int_equal(id_of(json_array_get(page, 0)), ids[2]);
	json_decref(page);
	json_decref(three[2].value);
	/* a range with a null bound matches nothing */
	struct store_filter open_end = { on, json_null(), STORE_LE };
	assert_int_equal(st->ops->count(st, &ENTITY_REQUEST, &open_end, 1, &n), STORE_OK);
	assert_int_equal(n, 0);
	json_decref(year[0].value);
	json_decref(year[1].value);
}

static void list_filters_on_booleans(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	json_t *page = NULL;
	int64_t ids[3], n = -1;

	for (int i = 0; i < 3; i++) {
		json_t *c = must_insert(st, &ENTITY_COORDINATOR,
					json_pack("{s:s, s:[], s:[], s:[], s:b}", "name", "C", "languages",
						  "backgrounds", "region_ids", "active", i != 1));
		ids[i] = id_of(c);
		json_decref(c);
	}
	struct store_filter inactive = { model_field(&ENTITY_COORDINATOR, "active"), json_false(), STORE_EQ };
	assert_int_equal(st->ops->list(st, &ENTITY_COORDINATOR, &inactive, 1, 0, 10, &page), STORE_OK);
	assert_int_equal(json_array_size(page), 1);
	assert_int_equal(id_of(json_array_get(page, 0)), ids[1]);
	assert_true(json_is_false(json_object_get(json_array_get(page, 0), "active")));
	json_decref(page);
	struct store_filter active = { model_field(&ENTITY_COORDINATOR, "active"), json_true(), STORE_EQ };
	assert_int_equal(st->ops->count(st, &ENTITY_COORDINATOR, &active, 1, &n), STORE_OK);
	assert_int_equal(n, 2);
}

static void filter_on_a_field_of_another_entity_is_refused(void **state)
{
	struct fixture *fx = fixture_of(state);
	json_t *page = (json_t *)1;
	int64_t n = -1;
	struct store_filter wrong = { model_field(&ENTITY_FUNDER, "type"), json_string("other"), STORE_EQ };

	assert_int_equal(fx->st->ops->list(fx->st, &ENTITY_ORGANISATION, &wrong, 1, 0, 10, &page), STORE_ERROR);
	assert_null(page);
	assert_int_equal(fx->st->ops->count(fx->st, &ENTITY_ORGANISATION, &wrong, 1, &n), STORE_ERROR);
	json_decref(wrong.value);

	/* a list field is no filter either */
	struct store_filter list = { model_field(&ENTITY_COORDINATOR, "languages"), json_string("nl"), STORE_EQ };
	page = (json_t *)1;
	assert_int_equal(fx->st->ops->list(fx->st, &ENTITY_COORDINATOR, &list, 1, 0, 10, &page), STORE_ERROR);
	assert_null(page);
	json_decref(list.value);
}

/* more distinct statements than the cache keeps still work and leak nothing */
static void many_distinct_statements_work_beyond_the_cache(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	struct store_filter fl[16];
	size_t nf = 0;

	add_request(st, add_region(st, "Noord"));
	for (size_t i = 0; i < ENTITY_REQUEST.nfields && nf < 11; i++) {
		const struct field *f = &ENTITY_REQUEST.fields[i];
		if (!(f->flags & F_FILTER) || (f->type != FT_ENUM && f->type != FT_REF))
			continue;
		fl[nf].field = f;
		fl[nf].cmp = STORE_EQ;
		if (f->type == FT_ENUM)
			fl[nf].value = json_string(f->values[0]);
		else
			fl[nf].value = json_integer(1);
		nf++;
	}
	assert_int_equal(nf, 11);
	for (unsigned mask = 0; mask < (1u << nf); mask++) {
		struct store_filter sel[16];
		size_t n = 0;
		for (size_t i = 0; i < nf; i++)
			if (mask & (1u << i))
				sel[n++] = fl[i];
		int64_t count = -1;
		assert_int_equal(st->ops->count(st, &ENTITY_REQUEST, sel, n, &count), STORE_OK);
		/* one request exists: each combination matches it or not */
		assert_true(count == 0 || count == 1);
	}
	/* the statements kept in the cache still answer afterwards */
	int64_t all = -1;
	assert_int_equal(st->ops->count(st, &ENTITY_REQUEST, NULL, 0, &all), STORE_OK);
	assert_int_equal(all, 1);
	for (size_t i = 0; i < nf; i++)
		json_decref(fl[i].value);
}

/* ---- uniqueness -------------------------------------------------------- */

static void second_plan_for_a_request_is_a_duplicate(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t region = add_region(st, "Noord");
	int64_t request = add_request(st, region), other = add_request(st, region);
	json_t *out = NULL;

	json_t *plan = must_insert(st, &ENTITY_PLAN, json_pack("{s:I, s:s}", "request_id", (json_int_t)request,
								 "notes", "eerste plan"));
	json_t *again = json_pack("{s:I, s:s}", "request_id", (json_int_t)request, "notes", "tweede");
	assert_int_equal(st->ops->insert(st, &ENTITY_PLAN, again, &out), STORE_DUPLICATE);
	assert_null(out);
	json_decref(again);

	assert_int_equal(st->ops->get_by_parent(st, &ENTITY_PLAN, request, &out), STORE_OK);
	assert_json_equal("plan by request", plan, out);
	json_decref(out);
	assert_int_equal(st->ops->get_by_parent(st, &ENTITY_PLAN, other, &out), STORE_NOT_FOUND);
	assert_null(out);
	assert_int_equal(st->ops->get_by_parent(st, &ENTITY_MEASURE, request, &out), STORE_ERROR);
	json_decref(plan);
}

static void region_names_are_unique(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	json_t *out = NULL, *rec = json_pack("{s:s}", "name", "Noord");

	add_region(st, "Noord");
	int64_t south = add_region(st, "Zuid");
	assert_int_equal(st->ops->insert(st, &ENTITY_REGION, rec, &out), STORE_DUPLICATE);
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, south, 1, rec, &out), STORE_DUPLICATE);
	assert_null(out);
	/* inside a transaction, which stays usable for a rollback */
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	assert_int_equal(st->ops->insert(st, &ENTITY_REGION, rec, &out), STORE_DUPLICATE);
	st->ops->rollback(st);
	int64_t n = -1;
	assert_int_equal(st->ops->count(st, &ENTITY_REGION, NULL, 0, &n), STORE_OK);
	assert_int_equal(n, 2);
	json_decref(rec);
}

static void insert_id_stores_the_record_and_gives_only_its_id(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	json_t *rec = json_pack("{s:s}", "name", "Noord"), *got = NULL;
	int64_t id = -1, next = -1;

	assert_int_equal(st->ops->insert_id(st, &ENTITY_REGION, rec, &id), STORE_OK);
	assert_true(id > 0);
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, id, &got), STORE_OK);
	assert_string_equal(json_string_value(json_object_get(got, "name")), "Noord");
	assert_int_equal(version_of(got), 1);
	json_decref(got);
	/* the same rules as insert: a duplicate, a key that is not a field */
	assert_int_equal(st->ops->insert_id(st, &ENTITY_REGION, rec, &next), STORE_DUPLICATE);
	json_object_set_new(rec, "colour", json_string("blauw"));
	assert_int_equal(st->ops->insert_id(st, &ENTITY_REGION, rec, &next), STORE_ERROR);
	assert_int_equal(next, 0);
	json_decref(rec);
	/* without a place for the id */
	rec = json_pack("{s:s}", "name", "Zuid");
	assert_int_equal(st->ops->insert_id(st, &ENTITY_REGION, rec, NULL), STORE_OK);
	json_decref(rec);
	assert_int_equal(st->ops->count(st, &ENTITY_REGION, NULL, 0, &next), STORE_OK);
	assert_int_equal(next, 2);
}

/* the names of the database's indexes, in order */
static json_t *index_names(struct fixture *fx)
{
	const char *sql = fx->backend == SQLITE
				  ? "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name"
				  : "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1";
	json_t *params = json_array(), *rows = NULL;
	assert_int_equal(fx->st->ops->query(fx->st, sql, params, &rows), STORE_OK);
	json_decref(params);
	assert_true(json_array_size(rows) > 10);
	return rows;
}

static void a_bulk_load_keeps_the_rules_and_leaves_the_indexes_as_they_were(void **state)
{
	static const struct entity *const loaded[] = { &ENTITY_REQUEST, &ENTITY_PLAN };
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	json_t *before = index_names(fx), *after, *items = NULL;
	int64_t region = add_region(st, "Noord"), n = -1;

	/* rolled back: nothing stays, the indexes are back */
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	assert_int_equal(st->ops->bulk_load(st, loaded, 2), STORE_OK);
	add_request(st, region);
	st->ops->rollback(st);
	after = index_names(fx);
	assert_json_equal("indexes after a rolled back bulk load", before, after);
	json_decref(after);
	assert_int_equal(st->ops->count(st, &ENTITY_REQUEST, NULL, 0, &n), STORE_OK);
	assert_int_equal(n, 0);

	/* committed: the records and the indexes */
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	assert_int_equal(st->ops->bulk_load(st, loaded, 2), STORE_OK);
	int64_t request = add_request(st, region);
	add_request(st, region);
	json_decref(must_insert(st, &ENTITY_PLAN, json_pack("{s:I}", "request_id", (json_int_t)request)));
	assert_int_equal(st->ops->commit(st), STORE_OK);
	after = index_names(fx);
	assert_json_equal("indexes after a committed bulk load", before, after);
	json_decref(after);
	json_t *v = json_string("adult");
	struct store_filter f = { .field = model_field(&ENTITY_REQUEST, "track"), .value = v, .cmp = STORE_EQ };
	assert_int_equal(st->ops->list(st, &ENTITY_REQUEST, &f, 1, 0, 10, &items), STORE_OK);
	assert_int_equal(json_array_size(items), 2);
	json_decref(items);
	json_decref(v);

	/* the unique rules hold during a load (PostgreSQL then has to roll back) */
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	assert_int_equal(st->ops->bulk_load(st, loaded, 2), STORE_OK);
	json_t *again = json_pack("{s:I}", "request_id", (json_int_t)request);
	assert_int_equal(st->ops->insert_id(st, &ENTITY_PLAN, again, NULL), STORE_DUPLICATE);
	json_decref(again);
	st->ops->rollback(st);
	after = index_names(fx);
	assert_json_equal("indexes after a refused row in a bulk load", before, after);
	json_decref(after);
	json_decref(before);
	/* only inside a write transaction */
	if (fx->backend == SQLITE)
		assert_int_equal(st->ops->bulk_load(st, loaded, 2), STORE_ERROR);
}

/* ---- transactions ------------------------------------------------------ */

static void rollback_leaves_nothing(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	json_t *out = NULL;
	int64_t n = -1;

	st->ops->rollback(st); /* none open: harmless */
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	int64_t region = add_region(st, "Kortstondig");
	int64_t request = add_request(st, region);
	st->ops->rollback(st);
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, region, &out), STORE_NOT_FOUND);
	assert_int_equal(st->ops->get(st, &ENTITY_REQUEST, request, &out), STORE_NOT_FOUND);
	assert_int_equal(st->ops->count(st, &ENTITY_REGION, NULL, 0, &n), STORE_OK);
	assert_int_equal(n, 0);
	st->ops->rollback(st);

	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	region = add_region(st, "Blijvend");
	assert_int_equal(st->ops->commit(st), STORE_OK);
	assert_int_equal(st->ops->begin(st, false), STORE_OK);
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, region, &out), STORE_OK);
	assert_int_equal(st->ops->commit(st), STORE_OK);
	json_decref(out);

	/* a change and its rollback, seen from another handle */
	struct store *other = NULL;
	char err[256];
	json_t *ch = json_pack("{s:s}", "name", "Vluchtig");
	assert_int_equal(store_open(fx->url, &other, err, sizeof err), 0);
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, region, 1, ch, &out), STORE_OK);
	json_decref(out);
	st->ops->rollback(st);
	assert_int_equal(other->ops->get(other, &ENTITY_REGION, region, &out), STORE_OK);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "Blijvend");
	assert_int_equal(version_of(out), 1);
	json_decref(out);
	store_close(other);
	json_decref(ch);
}

/* ---- idempotency keys -------------------------------------------------- */

static void idempotency_key_keeps_the_first_answer(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	char *fp = (char *)1, *body = (char *)1;
	int status = -1;

	assert_int_equal(st->ops->idem_get(st, "k1", "POST /api/v1/regions", &fp, &status, &body),
			 STORE_NOT_FOUND);
	assert_null(fp);
	assert_null(body);
	assert_int_equal(st->ops->idem_put(st, "k1", "POST /api/v1/regions", "sha-a", 201, "{\"id\":1}"),
			 STORE_OK);
	assert_int_equal(st->ops->idem_put(st, "k1", "POST /api/v1/regions", "sha-b", 500, "{}"),
			 STORE_DUPLICATE);
	assert_int_equal(st->ops->idem_get(st, "k1", "POST /api/v1/regions", &fp, &status, &body), STORE_OK);
	assert_string_equal(fp, "sha-a");
	assert_int_equal(status, 201);
	assert_string_equal(body, "{\"id\":1}");
	free(fp);
	free(body);

	/* the same key in another scope is another key */
	assert_int_equal(st->ops->idem_get(st, "k1", "POST /api/v1/funders", &fp, &status, &body),
			 STORE_NOT_FOUND);
	assert_int_equal(st->ops->idem_put(st, "k1", "POST /api/v1/funders", "sha-c", 201, "{}"), STORE_OK);
}

/* a named lock is taken before the transaction and given back after it */
static void lock_name_wraps_a_transaction(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	json_t *out = NULL;

	assert_int_equal(st->ops->lock_name(st, "POST /api/v1/regions k1"), STORE_OK);
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	int64_t region = add_region(st, "Noord");
	assert_int_equal(st->ops->commit(st), STORE_OK);
	st->ops->unlock_name(st, "POST /api/v1/regions k1");
	/* again, with a rollback in between */
	assert_int_equal(st->ops->lock_name(st, "POST /api/v1/regions k1"), STORE_OK);
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	st->ops->rollback(st);
	st->ops->unlock_name(st, "POST /api/v1/regions k1");
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, region, &out), STORE_OK);
	json_decref(out);
}

/* ---- moving a database: insert_row, reset_ids, idem_list, idem_insert_row */

/* row with every field of e that it lacks set to its default, or null */
static json_t *complete_row(const struct entity *e, json_t *row)
{
	with_defaults(e, row);
	for (size_t i = 0; i < e->nfields; i++)
		if (!json_object_get(row, e->fields[i].name))
			json_object_set_new(row, e->fields[i].name, json_null());
	return row;
}

static json_t *copied_row(const struct entity *e, json_int_t id, json_int_t version, json_t *fields)
{
	json_t *row = complete_row(e, fields);
	json_object_set_new(row, "id", json_integer(id));
	json_object_set_new(row, "version", json_integer(version));
	json_object_set_new(row, "created_at", json_string("2023-01-02T03:04:05Z"));
	json_object_set_new(row, "updated_at", json_string("2024-11-30T23:59:58Z"));
	return row;
}

/* insert_row, then get gives the row back exactly */
static void copy_and_compare(struct store *st, const struct entity *e, json_t *row)
{
	json_t *got = NULL;
	char what[64];

	assert_int_equal(st->ops->insert_row(st, e, row), STORE_OK);
	assert_int_equal(st->ops->get(st, e, id_of(row), &got), STORE_OK);
	snprintf(what, sizeof what, "%s %lld copied", e->name, (long long)id_of(row));
	assert_json_equal(what, row, got);
	json_decref(got);
}

static void rows_copied_with_insert_row_read_back_identical(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	json_t *out = NULL;

	json_t *region = copied_row(&ENTITY_REGION, 7, 3, json_pack("{s:s}", "name", "Noord"));
	json_t *org = copied_row(&ENTITY_ORGANISATION, 4, 1,
				 json_pack("{s:s, s:s, s:i}", "name", "Wijkteam", "type", "social_work",
					   "region_id", 7));
	json_t *coord = copied_row(&ENTITY_COORDINATOR, 12, 2,
				   json_pack("{s:s, s:s, s:[s,s], s:[s], s:[i], s:b, s:s, s:i}", "name", "Anna",
					     "gender", "female", "languages", "nl", "ar", "backgrounds",
					     "Fries \"ü\" \\ ok", "region_ids", 7, "active", 0, "phone",
					     "+31 6 1234 5678", "fee_cents", 123456));
	json_t *req = copied_row(&ENTITY_REQUEST, 20, 5,
				 json_pack("{s:s, s:i, s:s, s:i, s:s, s:s, s:[s,s], s:[s], s:i, s:s, s:b, "
					   "s:s, s:s, s:b, s:s, s:s, s:i, s:s}",
					   "requested_on", "2024-02-29", "region_id", 7, "referrer_type",
					   "professional", "referrer_organisation_id", 4, "kind", "family", "track",
					   "adult", "topics", "money", "housing", "main_persons", "Jan", "minors", 2,
					   "minors_ages", "3 en 5", "consent", 1, "consent_on", "2024-03-01",
					   "preferred_language", "tr", "interpreter_needed", 1,
					   "interpreter_language", "ar", "state", "conference_held", "coordinator_id",
					   12, "closed_on", "2025-01-31"));
	json_t *follow = copied_row(&ENTITY_REQUEST, 21, 1,
				    json_pack("{s:s, s:i, s:s, s:s, s:s, s:[], s:[s], s:i, s:b, s:b, s:i, s:s}",
					      "requested_on", "2025-02-01", "region_id", 7, "referrer_type", "self",
					      "kind", "restoration", "track", "other", "topics", "main_persons",
					      "Jan", "minors", 0, "consent", 0, "interpreter_needed", 0,
					      "follow_up_of", 20, "state", "requested"));
	json_t *conf = copied_row(&ENTITY_CONFERENCE, 5, 4,
				  json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "request_id", 20,
					    "scheduled_on", "2024-04-01", "place", "Buurthuis", "held_on",
					    "2024-04-02", "phase1_start", "19:00", "phase2_start", "20:15",
					    "phase3_start", "21:05", "ended_at", "23:59", "participants_present", 12,
					    "outcome", "plan"));
	json_t *tr = copied_row(&ENTITY_TRANSITION, 9, 1,
				json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "request_id", 20, "action",
					  "decide-funding", "from_state", "requested", "to_state", "funding_decided",
					  "actor", "api", "at", "2024-03-05T10:11:12Z", "happened_on", "2024-03-04"));

	copy_and_compare(st, &ENTITY_REGION, region);
	copy_and_compare(st, &ENTITY_ORGANISATION, org);
	copy_and_compare(st, &ENTITY_COORDINATOR, coord);
	copy_and_compare(st, &ENTITY_REQUEST, req);
	copy_and_compare(st, &ENTITY_REQUEST, follow);
	copy_and_compare(st, &ENTITY_CONFERENCE, conf);
	copy_and_compare(st, &ENTITY_TRANSITION, tr);
	assert_int_equal(st->ops->get_by_parent(st, &ENTITY_CONFERENCE, 20, &out), STORE_OK);
	assert_json_equal("conference by request", conf, out);
	json_decref(out);

	/* an id that is taken is a duplicate */
	assert_int_equal(st->ops->insert_row(st, &ENTITY_REGION, region), STORE_DUPLICATE);

	/* the copy keeps versions: a stale one conflicts, the copied one applies */
	json_t *ch = json_pack("{s:s}", "name", "Noord-Holland");
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, 7, 1, ch, &out), STORE_CONFLICT);
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, 7, 3, ch, &out), STORE_OK);
	assert_int_equal(version_of(out), 4);
	json_decref(out);
	json_decref(ch);

	json_decref(region);
	json_decref(org);
	json_decref(coord);
	json_decref(req);
	json_decref(follow);
	json_decref(conf);
	json_decref(tr);
}

static void after_reset_ids_new_records_get_ids_above_the_copied_ones(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;

	json_t *region = copied_row(&ENTITY_REGION, 41, 1, json_pack("{s:s}", "name", "Noord"));
	json_t *req = copied_row(&ENTITY_REQUEST, 300, 1,
				 json_pack("{s:s, s:i, s:s, s:s, s:s, s:[], s:[s], s:i, s:b, s:b, s:s}",
					   "requested_on", "2024-03-01", "region_id", 41, "referrer_type", "self",
					   "kind", "family", "track", "adult", "topics", "main_persons", "Jan",
					   "minors", 0, "consent", 0, "interpreter_needed", 0, "state", "requested"));
	json_t *low = copied_row(&ENTITY_REGION, 2, 1, json_pack("{s:s}", "name", "Zuid"));
	assert_int_equal(st->ops->insert_row(st, &ENTITY_REGION, region), STORE_OK);
	assert_int_equal(st->ops->insert_row(st, &ENTITY_REGION, low), STORE_OK);
	assert_int_equal(st->ops->insert_row(st, &ENTITY_REQUEST, req), STORE_OK);
	for (size_t i = 0; i < model_nentities; i++)
		assert_int_equal(st->ops->reset_ids(st, model_entities[i]), STORE_OK);

	int64_t r = add_region(st, "Oost");
	assert_true(r > 41);
	int64_t q = add_request(st, r);
	assert_true(q > 300);
	/* an entity with nothing copied starts from the beginning */
	json_t *f = must_insert(st, &ENTITY_FUNDER, json_pack("{s:s, s:s}", "name", "Gemeente", "type",
							       "municipality"));
	assert_true(id_of(f) >= 1);
	json_decref(f);
	/* resetting again (a second run) changes nothing */
	assert_int_equal(st->ops->reset_ids(st, &ENTITY_REGION), STORE_OK);
	assert_true(add_region(st, "West") > r);
	json_decref(region);
	json_decref(low);
	json_decref(req);
}

static void a_kept_answer_can_be_forgotten(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	char *fp = NULL, *body = NULL;
	int status = 0;

	assert_int_equal(st->ops->idem_put(st, "k", "POST /api/v1/requests by a", "sha", 201, "{\"id\":1}"), STORE_OK);
	assert_int_equal(st->ops->idem_put(st, "k", "POST /api/v1/requests by b", "sha", 201, "{\"id\":2}"), STORE_OK);
	assert_int_equal(st->ops->idem_remove(st, "k", "POST /api/v1/requests by a"), STORE_OK);
	assert_int_equal(st->ops->idem_get(st, "k", "POST /api/v1/requests by a", &fp, &status, &body),
			 STORE_NOT_FOUND);
	/* the same key in another scope stays */
	assert_int_equal(st->ops->idem_get(st, "k", "POST /api/v1/requests by b", &fp, &status, &body), STORE_OK);
	assert_string_equal(body, "{\"id\":2}");
	free(fp);
	free(body);
	assert_int_equal(st->ops->idem_remove(st, "k", "POST /api/v1/requests by a"), STORE_NOT_FOUND);
	assert_int_equal(st->ops->idem_remove(st, "nothing", "here"), STORE_NOT_FOUND);
}

static void idempotency_keys_copy_through_idem_list_and_idem_insert_row(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	json_t *items = (json_t *)1;
	char *fp = NULL, *body = NULL;
	int status = 0;

	assert_int_equal(st->ops->idem_list(st, &items), STORE_OK);
	assert_true(json_is_array(items));
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);

	assert_int_equal(st->ops->idem_put(st, "b-key", "POST /api/v1/regions", "sha-b", 201, "{\"id\":1}"),
			 STORE_OK);
	assert_int_equal(st->ops->idem_put(st, "a-key", "POST /api/v1/funders", "sha-a", 200, "{}"), STORE_OK);
	assert_int_equal(st->ops->idem_list(st, &items), STORE_OK);
	assert_int_equal(json_array_size(items), 2);
	json_t *a = json_array_get(items, 0), *b = json_array_get(items, 1);
	assert_int_equal(json_object_size(a), 6);
	assert_string_equal(json_string_value(json_object_get(a, "key")), "a-key");
	assert_string_equal(json_string_value(json_object_get(a, "scope")), "POST /api/v1/funders");
	assert_string_equal(json_string_value(json_object_get(a, "fingerprint")), "sha-a");
	assert_true(json_is_integer(json_object_get(a, "status")));
	assert_int_equal(json_integer_value(json_object_get(a, "status")), 200);
	assert_string_equal(json_string_value(json_object_get(a, "body")), "{}");
	assert_timestamp(json_object_get(a, "created_at"));
	assert_string_equal(json_string_value(json_object_get(b, "key")), "b-key");
	assert_string_equal(json_string_value(json_object_get(b, "body")), "{\"id\":1}");
	json_decref(items);

	json_t *row = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s}", "key", "0-key", "scope",
				"POST /api/v1/requests/3/stop", "fingerprint", "sha-0", "status", 422, "body",
				"{\"type\":\"https://kring/x\",\"detail\":\"ü\"}", "created_at",
				"2023-06-07T08:09:10Z");
	assert_int_equal(st->ops->idem_insert_row(st, row), STORE_OK);
	assert_int_equal(st->ops->idem_list(st, &items), STORE_OK);
	assert_int_equal(json_array_size(items), 3);
	assert_json_equal("copied key", row, json_array_get(items, 0));
	json_decref(items);
	assert_int_equal(st->ops->idem_get(st, "0-key", "POST /api/v1/requests/3/stop", &fp, &status, &body),
			 STORE_OK);
	assert_string_equal(fp, "sha-0");
	assert_int_equal(status, 422);
	assert_string_equal(body, "{\"type\":\"https://kring/x\",\"detail\":\"ü\"}");
	free(fp);
	free(body);

	/* the first answer stays; an incomplete row is refused */
	assert_int_equal(st->ops->idem_insert_row(st, row), STORE_DUPLICATE);
	json_object_del(row, "created_at");
	json_object_set_new(row, "key", json_string("1-key"));
	assert_int_equal(st->ops->idem_insert_row(st, row), STORE_ERROR);
	json_object_set_new(row, "created_at", json_string("2023-06-07T08:09:10Z"));
	json_object_set_new(row, "status", json_string("422"));
	assert_int_equal(st->ops->idem_insert_row(st, row), STORE_ERROR);
	json_decref(row);
}

/* ---- PostgreSQL: schema ------------------------------------------------ */

static const char *pg_type(const struct field *f)
{
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_LANG:
		return "text";
	case FT_DATE:
		return "date";
	case FT_TIME:
		return "time without time zone";
	case FT_TIMESTAMP:
		return "timestamp with time zone";
	case FT_INT:
	case FT_CENTS:
	case FT_REF:
		return "bigint";
	case FT_BOOL:
		return "boolean";
	case FT_TEXT_LIST:
	case FT_ENUM_LIST:
	case FT_LANG_LIST:
	case FT_REF_LIST:
		return "jsonb";
	}
	return "?";
}

static bool field_not_null(const struct field *f)
{
	return (f->flags & (F_REQUIRED | F_PARENT)) || f->dflt;
}

static const struct field system_columns[] = {
	{ .name = "id", .type = FT_INT, .flags = F_REQUIRED },
	{ .name = "version", .type = FT_INT, .flags = F_REQUIRED },
	{ .name = "created_at", .type = FT_TIMESTAMP, .flags = F_REQUIRED },
	{ .name = "updated_at", .type = FT_TIMESTAMP, .flags = F_REQUIRED },
};

static void pg_every_table_has_the_system_columns_then_the_model_fields(void **state)
{
	struct fixture *fx = fixture_of(state);
	static const char sql[] = "SELECT column_name, data_type, is_nullable, is_identity, "
				  "COALESCE(identity_generation, '') FROM information_schema.columns "
				  "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
	static const char pk_sql[] = "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON "
				     "a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
				     "WHERE i.indrelid = $1::regclass AND i.indisprimary";

	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		const char *params[1] = { e->table };
		PGresult *res = pg_query(fx, sql, 1, params);
		int rows = PQntuples(res);
		if (rows != (int)e->nfields + 4)
			fail_msg("%s: %d columns, the model has %zu fields + 4", e->table, rows, e->nfields);
		for (int col = 0; col < rows; col++) {
			const struct field *f = col < 4 ? &system_columns[col] : &e->fields[col - 4];
			const char *name = PQgetvalue(res, col, 0), *type = PQgetvalue(res, col, 1);
			bool notnull = strcmp(PQgetvalue(res, col, 2), "NO") == 0;
			bool identity = strcmp(PQgetvalue(res, col, 3), "YES") == 0;
			if (strcmp(name, f->name) != 0)
				fail_msg("%s: column %d is %s, expected %s", e->table, col, name, f->name);
			if (strcmp(type, pg_type(f)) != 0)
				fail_msg("%s.%s: type %s, expected %s", e->table, name, type, pg_type(f));
			if (notnull != field_not_null(f))
				fail_msg("%s.%s: NOT NULL is %d, expected %d", e->table, name, notnull,
					 field_not_null(f));
			if (identity != (col == 0))
				fail_msg("%s.%s: identity is %d", e->table, name, identity);
			if (col == 0 && strcmp(PQgetvalue(res, col, 4), "ALWAYS") != 0)
				fail_msg("%s.id: generated %s, expected ALWAYS", e->table, PQgetvalue(res, col, 4));
		}
		PQclear(res);
		res = pg_query(fx, pk_sql, 1, params);
		assert_int_equal(PQntuples(res), 1);
		assert_string_equal(PQgetvalue(res, 0, 0), "id");
		PQclear(res);
	}
}

static void pg_every_reference_is_a_foreign_key_to_the_referenced_table(void **state)
{
	struct fixture *fx = fixture_of(state);
	static const char sql[] = "SELECT rt.relname, ra.attname FROM pg_constraint c "
				  "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
				  "JOIN pg_class rt ON rt.oid = c.confrelid "
				  "JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1] "
				  "WHERE c.contype = 'f' AND c.conrelid = $1::regclass AND a.attname = $2 "
				  "AND cardinality(c.conkey) = 1";

	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		for (size_t j = 0; j < e->nfields; j++) {
			const struct field *f = &e->fields[j];
			if (f->type != FT_REF)
				continue;
			const char *params[2] = { e->table, f->name };
			PGresult *res = pg_query(fx, sql, 2, params);
			if (PQntuples(res) != 1)
				fail_msg("%s.%s is not a foreign key", e->table, f->name);
			assert_string_equal(PQgetvalue(res, 0, 0), model_entity(f->ref)->table);
			assert_string_equal(PQgetvalue(res, 0, 1), "id");
			PQclear(res);
		}
	}
}

static void pg_every_filter_and_parent_column_leads_an_index(void **state)
{
	struct fixture *fx = fixture_of(state);
	static const char sql[] = "SELECT COUNT(*) FROM pg_index i JOIN pg_attribute a ON "
				  "a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
				  "WHERE i.indrelid = $1::regclass AND a.attname = $2";

	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		for (size_t j = 0; j < e->nfields; j++) {
			const struct field *f = &e->fields[j];
			if (!(f->flags & (F_FILTER | F_PARENT)))
				continue;
			const char *params[2] = { e->table, f->name };
			PGresult *res = pg_query(fx, sql, 2, params);
			if (strtol(PQgetvalue(res, 0, 0), NULL, 10) < 1)
				fail_msg("%s.%s is filterable but no index starts with it", e->table, f->name);
			PQclear(res);
		}
	}
}

static void pg_idempotency_keys_table_has_its_columns(void **state)
{
	struct fixture *fx = fixture_of(state);
	assert_int_equal(db_int(fx, "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = "
				    "current_schema() AND table_name = 'idempotency_keys'"),
			 6);
	assert_int_equal(db_int(fx, "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = "
				    "current_schema() AND table_name = 'idempotency_keys' AND column_name IN "
				    "('key', 'scope', 'fingerprint', 'status', 'body', 'created_at')"),
			 6);
	assert_int_equal(db_int(fx, "SELECT COUNT(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = "
				    "i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indrelid = "
				    "'idempotency_keys'::regclass AND i.indisprimary AND a.attname IN ('key', 'scope')"),
			 2);
}

/* ---- PostgreSQL: connections ------------------------------------------- */

static void pg_store_open_names_the_backend_and_keeps_the_password_out_of_errors(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = NULL;
	char url[sizeof fx->url + 32], err[512], redacted[sizeof fx->url];

	assert_string_equal(fx->st->ops->name, "postgres");
	assert_null(store_sqlite_db(fx->st));
	assert_int_equal(fx->st->ops->ping(fx->st), STORE_OK);

	/* the same URL with a wrong password */
	const char *auth = strstr(fx->url, "://") + 3;
	const char *at = strchr(auth, '@');
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (!colon)
		skip(); /* KRING_TEST_PG_URL has no password to get wrong */
	snprintf(url, sizeof url, "%.*s:wrongsecret%s", (int)(colon - fx->url), fx->url, at);
	assert_int_equal(store_open(url, &st, err, sizeof err), -1);
	assert_null(st);
	assert_true(err[0] != '\0');
	assert_null(strchr(err, '\n'));
	assert_null(strstr(err, "wrongsecret"));

	store_url_redact(fx->url, redacted, sizeof redacted);
	char password[256];
	snprintf(password, sizeof password, "%.*s", (int)(at - colon - 1), colon + 1);
	assert_null(strstr(redacted, password));
	assert_non_null(strstr(redacted, ":***@"));
}

/* ---- PostgreSQL: concurrency ------------------------------------------- */

static void pg_concurrent_updates_of_one_version_never_both_succeed(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *a = fx->st, *b = NULL;
	char err[256];
	int64_t region = add_region(a, "Noord");
	json_t *out = NULL;
	json_t *ca = json_pack("{s:s}", "name", "Noord A"), *cb = json_pack("{s:s}", "name", "Noord B");

	assert_int_equal(store_open(fx->url, &b, err, sizeof err), 0);

	/* B reads in its transaction; A changes the record and commits; then B
	 * writes the version it read */
	assert_int_equal(b->ops->begin(b, true), STORE_OK);
	assert_int_equal(b->ops->get(b, &ENTITY_REGION, region, &out), STORE_OK);
	assert_int_equal(version_of(out), 1);
	json_decref(out);
	out = NULL;
	assert_int_equal(a->ops->begin(a, true), STORE_OK);
	assert_int_equal(a->ops->update(a, &ENTITY_REGION, region, 1, ca, &out), STORE_OK);
	json_decref(out);
	out = NULL;
	assert_int_equal(a->ops->commit(a), STORE_OK);
	int rc = b->ops->update(b, &ENTITY_REGION, region, 1, cb, &out);
	if (rc != STORE_BUSY && rc != STORE_CONFLICT)
		fail_msg("the second update of version 1 gave %d, expected STORE_BUSY (%d) or STORE_CONFLICT (%d)",
			 rc, STORE_BUSY, STORE_CONFLICT);
	assert_null(out);
	b->ops->rollback(b);

	/* B starts after A committed: the version has moved on */
	assert_int_equal(b->ops->begin(b, true), STORE_OK);
	assert_int_equal(b->ops->update(b, &ENTITY_REGION, region, 1, cb, &out), STORE_CONFLICT);
	assert_null(out);
	b->ops->rollback(b);

	/* the handle that got the error works on */
	assert_int_equal(b->ops->begin(b, true), STORE_OK);
	assert_int_equal(b->ops->update(b, &ENTITY_REGION, region, 2, cb, &out), STORE_OK);
	assert_int_equal(version_of(out), 3);
	json_decref(out);
	assert_int_equal(b->ops->commit(b), STORE_OK);
	store_close(b);

	assert_int_equal(a->ops->get(a, &ENTITY_REGION, region, &out), STORE_OK);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "Noord B");
	assert_int_equal(version_of(out), 3);
	json_decref(out);
	json_decref(ca);
	json_decref(cb);
}

/* ---- PostgreSQL: a cut connection ------------------------------------- */

/* end the server side of every store connection to the test database, and
 * wait until they are gone */
static void cut_store_connections(struct fixture *fx)
{
	static const char alive[] = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
				    "AND pid <> pg_backend_pid() AND application_name = 'kring'";
	assert_true(db_int(fx, "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
			       "WHERE datname = current_database() AND pid <> pg_backend_pid() AND "
			       "application_name = 'kring') AS t") >= 1);
	for (int i = 0; i < 500 && db_int(fx, alive) > 0; i++) {
		struct timespec pause = { 0, 10 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
	assert_int_equal(db_int(fx, alive), 0);
}

static void pg_a_cut_connection_gives_busy_then_is_opened_again(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t region = add_region(st, "Noord");
	json_t *out = NULL;

	/* at the start of a transaction: busy, and the retry works */
	cut_store_connections(fx);
	assert_int_equal(st->ops->begin(st, true), STORE_BUSY);
	st->ops->rollback(st);
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, region, &out), STORE_OK);
	json_decref(out);
	add_region(st, "Zuid");
	assert_int_equal(st->ops->commit(st), STORE_OK);

	/* inside a transaction: the work is lost, busy until the transaction
	 * ends; the next one runs on a new connection */
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	add_region(st, "Oost");
	cut_store_connections(fx);
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, region, &out), STORE_BUSY);
	assert_null(out);
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, region, &out), STORE_BUSY);
	st->ops->rollback(st);
	assert_int_equal(st->ops->begin(st, false), STORE_OK);
	int64_t n = -1;
	assert_int_equal(st->ops->count(st, &ENTITY_REGION, NULL, 0, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(st->ops->commit(st), STORE_OK);

	/* outside a transaction, and ping */
	cut_store_connections(fx);
	int rc = st->ops->ping(st);
	if (rc != STORE_OK && rc != STORE_BUSY)
		fail_msg("ping on a cut connection gave %d", rc);
	assert_int_equal(st->ops->ping(st), STORE_OK);
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, region, &out), STORE_OK);
	json_decref(out);
}

/* ---- PostgreSQL: named locks ------------------------------------------ */

struct locker {
	struct store *st;
	const char *name;
	int done;
	int rc;
};

static void *lock_in_thread(void *arg)
{
	struct locker *l = arg;
	l->rc = l->st->ops->lock_name(l->st, l->name);
	__atomic_store_n(&l->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void pg_lock_name_holds_another_handle_until_unlock(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *a = fx->st, *b = NULL, *c = NULL;
	char err[256];
	pthread_t thread;

	assert_int_equal(store_open(fx->url, &b, err, sizeof err), 0);
	assert_int_equal(store_open(fx->url, &c, err, sizeof err), 0);
	assert_int_equal(a->ops->lock_name(a, "key-1"), STORE_OK);
	struct locker l = { b, "key-1", 0, -99 };
	assert_int_equal(pthread_create(&thread, NULL, lock_in_thread, &l), 0);

	/* another name is free meanwhile, and the holder can still write */
	assert_int_equal(c->ops->lock_name(c, "key-2"), STORE_OK);
	c->ops->unlock_name(c, "key-2");
	assert_int_equal(a->ops->begin(a, true), STORE_OK);
	add_region(a, "Noord");
	assert_int_equal(a->ops->commit(a), STORE_OK);

	struct timespec pause = { 0, 300 * 1000 * 1000 };
	nanosleep(&pause, NULL);
	int waited = !__atomic_load_n(&l.done, __ATOMIC_SEQ_CST);
	a->ops->unlock_name(a, "key-1");
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_true(waited);
	assert_int_equal(l.rc, STORE_OK);
	b->ops->unlock_name(b, "key-1");
	/* free again */
	assert_int_equal(c->ops->lock_name(c, "key-1"), STORE_OK);
	c->ops->unlock_name(c, "key-1");
	store_close(b);
	store_close(c);
}

/* ---- the access log ------------------------------------------------------ */

/* entry n as svc_audit makes it, about request_id (0: none) */
static json_t *log_entry(unsigned n, int64_t request_id)
{
	char event[AUDIT_EVENT_ID_HEX + 1], at[21];
	snprintf(event, sizeof event, "%032x", n);
	snprintf(at, sizeof at, "2025-03-01T09:%02u:%02uZ", (n / 60) % 60, n % 60);
	json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:n, s:o, s:s, s:o, s:s}", "event_id", event,
			      "at", at, "action", "read", "outcome", "success", "user_name", "zo\xc3\xab",
			      "role", "coordinator", "on_behalf_of", "request_id",
			      request_id ? json_integer(request_id) : json_null(), "object_type", "request",
			      "object_id", request_id ? json_integer(request_id) : json_null(), "address",
			      "192.0.2.7");
	assert_non_null(e);
	return e;
}

/* append entry n in a transaction of its own; its id */
static int64_t append_entry(struct store *st, unsigned n, int64_t request_id)
{
	json_t *e = log_entry(n, request_id);
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	assert_int_equal(st->ops->audit_lock(st), STORE_OK);
	assert_int_equal(st->ops->audit_append(st, e), STORE_OK);
	assert_int_equal(st->ops->commit(st), STORE_OK);
	json_decref(e);
	json_t *all = NULL;
	assert_int_equal(st->ops->audit_list(st, 0, 100000, 0, &all), STORE_OK);
	int64_t id = id_of(json_array_get(all, json_array_size(all) - 1));
	json_decref(all);
	return id;
}

static json_t *log_all(struct store *st)
{
	json_t *all = NULL;
	assert_int_equal(st->ops->audit_list(st, 0, 100000, 0, &all), STORE_OK);
	return all;
}

static const char *hash_of(const json_t *entry)
{
	return json_string_value(json_object_get(entry, "hash"));
}

static void assert_chain(struct store *st, enum audit_state state, int64_t bad_id, int64_t prev_id)
{
	struct audit_report rep;
	char err[256];
	assert_int_equal(audit_verify(st, &rep, err, sizeof err), 0);
	if (rep.state != state || (state != AUDIT_INTACT && (rep.bad_id != bad_id || rep.prev_id != prev_id)))
		fail_msg("verify: state %d at entry %lld after %lld, expected %d at %lld after %lld", rep.state,
			 (long long)rep.bad_id, (long long)rep.prev_id, state, (long long)bad_id, (long long)prev_id);
}

/* SQL on the access log past the triggers that refuse it */
static void log_tamper(struct fixture *fx, const char *sql)
{
	char all[1536];
	if (fx->backend == SQLITE)
		snprintf(all, sizeof all, "DROP TRIGGER IF EXISTS access_log_no_update; "
					  "DROP TRIGGER IF EXISTS access_log_no_delete; %s", sql);
	else
		snprintf(all, sizeof all, "ALTER TABLE access_log DISABLE TRIGGER USER; %s; "
					  "ALTER TABLE access_log ENABLE TRIGGER USER", sql);
	db_exec(fx, all);
}

/* sql must be refused, with a message that holds want */
static void db_refuses(struct fixture *fx, const char *sql, const char *want)
{
	if (fx->backend == SQLITE) {
		char *msg = NULL;
		if (sqlite3_exec(store_sqlite_db(fx->st), sql, NULL, NULL, &msg) == SQLITE_OK)
			fail_msg("%s was allowed", sql);
		if (!msg || !strstr(msg, want))
			fail_msg("%s: %s", sql, msg ? msg : "no message");
		sqlite3_free(msg);
	} else {
		PGresult *res = PQexec(raw_pg(fx), sql);
		if (PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK)
			fail_msg("%s was allowed", sql);
		if (!strstr(PQresultErrorMessage(res), want))
			fail_msg("%s: %s", sql, PQresultErrorMessage(res));
		PQclear(res);
	}
}

static void appended_entries_form_a_chain_that_verifies(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	char want[AUDIT_HASH_HEX + 1];
	struct audit_report rep;
	char err[256];

	assert_chain(st, AUDIT_INTACT, 0, 0); /* an empty log is intact */
	json_t *given = log_entry(1, 7);
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	assert_int_equal(st->ops->audit_lock(st), STORE_OK);
	assert_int_equal(st->ops->audit_append(st, given), STORE_OK);
	/* two in one transaction */
	json_t *second = log_entry(2, 0);
	assert_int_equal(st->ops->audit_append(st, second), STORE_OK);
	assert_int_equal(st->ops->commit(st), STORE_OK);
	append_entry(st, 3, 8);

	json_t *all = log_all(st);
	assert_int_equal(json_array_size(all), 3);
	const char *prev = audit_genesis;
	for (size_t i = 0; i < 3; i++) {
		const json_t *e = json_array_get(all, i);
		assert_int_equal(json_object_size(e), audit_ncolumns);
		assert_string_equal(json_string_value(json_object_get(e, "prev_hash")), prev);
		assert_int_equal(audit_hash(e, want), 0);
		assert_string_equal(hash_of(e), want);
		if (i)
			assert_true(id_of(e) > id_of(json_array_get(all, i - 1)));
		prev = hash_of(e);
	}
	/* read back as given, with the hashes the append set in the entry */
	json_t *first = json_deep_copy(json_array_get(all, 0));
	json_object_del(first, "id");
	assert_json_equal("first entry", given, first);
	assert_true(json_is_null(json_object_get(json_array_get(all, 1), "request_id")));
	json_decref(first);
	json_decref(given);
	json_decref(second);

	assert_int_equal(audit_verify(st, &rep, err, sizeof err), 0);
	assert_int_equal(rep.state, AUDIT_INTACT);
	assert_int_equal(rep.entries, 3);
	assert_int_equal(rep.last_id, id_of(json_array_get(all, 2)));
	assert_string_equal(rep.last_hash, hash_of(json_array_get(all, 2)));

	/* one request's entries, and pages by id */
	json_t *some = NULL;
	assert_int_equal(st->ops->audit_list(st, 0, 10, 7, &some), STORE_OK);
	assert_int_equal(json_array_size(some), 1);
	assert_int_equal(id_of(json_array_get(some, 0)), id_of(json_array_get(all, 0)));
	json_decref(some);
	assert_int_equal(st->ops->audit_list(st, id_of(json_array_get(all, 0)), 1, 0, &some), STORE_OK);
	assert_int_equal(json_array_size(some), 1);
	assert_int_equal(id_of(json_array_get(some, 0)), id_of(json_array_get(all, 1)));
	json_decref(some);
	json_decref(all);
}

static void an_altered_entry_is_found(void **state)
{
	struct fixture *fx = fixture_of(state);
	char sql[128];
	append_entry(fx->st, 1, 7);
	int64_t id = append_entry(fx->st, 2, 7);
	append_entry(fx->st, 3, 7);
	snprintf(sql, sizeof sql, "UPDATE access_log SET role = 'admin' WHERE id = %lld", (long long)id);
	log_tamper(fx, sql);
	assert_chain(fx->st, AUDIT_ALTERED, id, id - 1);
}

static void a_removed_entry_is_found(void **state)
{
	struct fixture *fx = fixture_of(state);
	char sql[128];
	int64_t first = append_entry(fx->st, 1, 7);
	int64_t middle = append_entry(fx->st, 2, 7);
	int64_t last = append_entry(fx->st, 3, 7);
	snprintf(sql, sizeof sql, "DELETE FROM access_log WHERE id = %lld", (long long)middle);
	log_tamper(fx, sql);
	assert_chain(fx->st, AUDIT_UNLINKED, last, first);
	/* the first one too */
	snprintf(sql, sizeof sql, "DELETE FROM access_log WHERE id = %lld", (long long)first);
	log_tamper(fx, sql);
	assert_chain(fx->st, AUDIT_UNLINKED, last, 0);
}

/* a hand-made entry with a hash computed right: in the place of a removed
 * one (the entry after it no longer follows), or at the end after an entry
 * that is not the last (the database refuses a second entry after one) */
static void an_entry_inserted_by_hand_is_found(void **state)
{
	struct fixture *fx = fixture_of(state);
	char hash[AUDIT_HASH_HEX + 1], sql[1024];
	int64_t first = append_entry(fx->st, 1, 7);
	int64_t middle = append_entry(fx->st, 2, 7);
	int64_t last = append_entry(fx->st, 3, 7);
	json_t *all = log_all(fx->st);

	json_t *forged = log_entry(99, 7);
	json_object_set_new(forged, "prev_hash", json_string(hash_of(json_array_get(all, 0))));
	json_object_set_new(forged, "role", json_string("admin"));
	assert_int_equal(audit_hash(forged, hash), 0);
	snprintf(sql, sizeof sql,
		 "DELETE FROM access_log WHERE id = %lld; INSERT INTO access_log (id, event_id, at, action, "
		 "outcome, user_name, role, request_id, object_type, object_id, address, prev_hash, hash) %s "
		 "VALUES (%lld, '%032x', '2025-03-01T09:01:39Z', 'read', 'success', 'zo\xc3\xab', 'admin', 7, "
		 "'request', 7, '192.0.2.7', '%s', '%s')",
		 (long long)middle, fx->backend == POSTGRES ? "OVERRIDING SYSTEM VALUE" : "", (long long)middle,
		 99u, hash_of(json_array_get(all, 0)), hash);
	log_tamper(fx, sql);
	assert_chain(fx->st, AUDIT_UNLINKED, last, middle);
	(void)first;

	/* after the first entry again, at the end: refused */
	snprintf(sql, sizeof sql,
		 "INSERT INTO access_log (event_id, at, action, outcome, user_name, role, object_type, address, "
		 "prev_hash, hash) VALUES ('%032x', '2025-03-01T09:01:40Z', 'read', 'success', 'x', 'admin', "
		 "'request', '', '%s', '%s')",
		 100u, hash_of(json_array_get(all, 0)), hash);
	db_refuses(fx, sql, "prev_hash");
	json_decref(forged);
	json_decref(all);
}

/* a made-up entry at the end: its prev_hash is not the last hash */
static void an_entry_appended_by_hand_is_found(void **state)
{
	struct fixture *fx = fixture_of(state);
	char sql[1024];
	append_entry(fx->st, 1, 7);
	int64_t last = append_entry(fx->st, 2, 7);
	snprintf(sql, sizeof sql,
		 "INSERT INTO access_log (event_id, at, action, outcome, user_name, role, object_type, address, "
		 "prev_hash, hash) VALUES ('%032x', '2025-03-01T09:01:40Z', 'read', 'success', 'x', 'admin', "
		 "'request', '', '%064x', '%064x')",
		 100u, 1u, 2u);
	log_tamper(fx, sql);
	json_t *all = log_all(fx->st);
	int64_t forged = id_of(json_array_get(all, 2));
	json_decref(all);
	assert_chain(fx->st, AUDIT_ALTERED, forged, last);
}

static void the_database_refuses_to_change_or_remove_entries(void **state)
{
	struct fixture *fx = fixture_of(state);
	append_entry(fx->st, 1, 7);
	append_entry(fx->st, 2, 7);
	db_refuses(fx, "UPDATE access_log SET role = 'admin'", "append-only");
	db_refuses(fx, "DELETE FROM access_log", "append-only");
	db_refuses(fx, "DELETE FROM access_log WHERE id = (SELECT MAX(id) FROM access_log)", "append-only");
	if (fx->backend == POSTGRES)
		db_refuses(fx, "TRUNCATE access_log", "append-only");
	assert_int_equal(db_int(fx, "SELECT COUNT(*) FROM access_log"), 2);
	assert_chain(fx->st, AUDIT_INTACT, 0, 0);
}

static void malformed_entries_are_refused_and_leave_nothing(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	static const char *const columns[] = { "event_id", "at", "action", "outcome", "user_name" };
	static const char *const values[] = { "ABC", "2025-03-01", "peek", "maybe", NULL };

	store_set_quiet(true);
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
		json_t *e = log_entry(1, 7);
		json_object_set_new(e, columns[i], values[i] ? json_string(values[i]) : json_null());
		assert_int_equal(st->ops->begin(st, true), STORE_OK);
		assert_int_equal(st->ops->audit_append(st, e), STORE_ERROR);
		st->ops->rollback(st);
		json_decref(e);
	}
	store_set_quiet(false);
	assert_int_equal(db_int(fx, "SELECT COUNT(*) FROM access_log"), 0);
}

/* moving a database: the entries as they are, ids and hashes included; new
 * ones continue the chain after them */
static void entries_copied_with_audit_insert_row_still_verify(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	char hash[AUDIT_HASH_HEX + 1];
	json_t *rows = json_array();
	const char *prev = audit_genesis;
	static const json_int_t ids[] = { 5, 9, 40 };

	for (size_t i = 0; i < 3; i++) {
		json_t *e = log_entry((unsigned)i + 1, i == 1 ? 0 : 12);
		json_object_set_new(e, "id", json_integer(ids[i]));
		json_object_set_new(e, "prev_hash", json_string(prev));
		assert_int_equal(audit_hash(e, hash), 0);
		json_object_set_new(e, "hash", json_string(hash));
		json_array_append_new(rows, e);
		prev = hash_of(e);
	}
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(st->ops->audit_insert_row(st, json_array_get(rows, i)), STORE_OK);
	assert_int_equal(st->ops->reset_ids(st, &audit_table), STORE_OK);
	assert_int_equal(st->ops->commit(st), STORE_OK);
	json_t *all = log_all(st);
	assert_json_equal("copied entries", rows, all);
	json_decref(all);
	assert_chain(st, AUDIT_INTACT, 0, 0);

	int64_t next = append_entry(st, 4, 12);
	assert_true(next > 40);
	all = log_all(st);
	assert_string_equal(json_string_value(json_object_get(json_array_get(all, 3), "prev_hash")), prev);
	json_decref(all);
	assert_chain(st, AUDIT_INTACT, 0, 0);
	json_decref(rows);
}

/* ---- PostgreSQL: the chain under concurrency ----------------------------- */

struct appender {
	const char *url;
	unsigned first;
	int n;
	int busy; /* appends that had to be retried */
	int failed;
};

/* n transactions: lock the chain, read a record (as a use case does), append */
static void *append_in_thread(void *arg)
{
	struct appender *a = arg;
	struct store *st = NULL;
	char err[256];
	if (store_open(a->url, &st, err, sizeof err) < 0) {
		a->failed = a->n;
		return NULL;
	}
	for (int i = 0; i < a->n; i++) {
		json_t *e = log_entry(a->first + (unsigned)i, 7), *out = NULL;
		int rc = st->ops->begin(st, true);
		if (rc == STORE_OK)
			rc = st->ops->audit_lock(st);
		if (rc == STORE_OK) {
			rc = st->ops->get(st, &ENTITY_REGION, 1, &out);
			rc = rc == STORE_NOT_FOUND ? STORE_OK : rc;
		}
		if (rc == STORE_OK)
			rc = st->ops->audit_append(st, e);
		if (rc == STORE_OK)
			rc = st->ops->commit(st);
		else
			st->ops->rollback(st);
		if (rc == STORE_BUSY) {
			a->busy++;
			i--; /* as svc_retry does */
		} else if (rc != STORE_OK) {
			a->failed++;
		}
		json_decref(out);
		json_decref(e);
	}
	store_close(st);
	return NULL;
}

static void pg_concurrent_appends_queue_on_the_chain_lock(void **state)
{
	struct fixture *fx = fixture_of(state);
	enum { THREADS = 4, EACH = 25 };
	struct appender a[THREADS];
	pthread_t threads[THREADS];

	for (int t = 0; t < THREADS; t++) {
		a[t] = (struct appender){ fx->url, (unsigned)(t * 1000 + 1), EACH, 0, 0 };
		assert_int_equal(pthread_create(&threads[t], NULL, append_in_thread, &a[t]), 0);
	}
	for (int t = 0; t < THREADS; t++) {
		assert_int_equal(pthread_join(threads[t], NULL), 0);
		assert_int_equal(a[t].failed, 0);
		/* the lock is taken before the snapshot: nobody reads a stale head */
		assert_int_equal(a[t].busy, 0);
	}
	assert_int_equal(db_int(fx, "SELECT COUNT(*) FROM access_log"), THREADS * EACH);
	assert_chain(fx->st, AUDIT_INTACT, 0, 0);
}

/* a transaction that appends without having locked the chain first may
 * hold a snapshot without the last entry: its append is refused as busy
 * (the chain never forks), and the retry succeeds */
static void pg_an_append_on_a_stale_snapshot_is_busy_not_a_fork(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct store *a = fx->st, *b = NULL;
	char err[256];
	json_t *out = NULL, *e = log_entry(2, 7);

	append_entry(a, 1, 7);
	assert_int_equal(store_open(fx->url, &b, err, sizeof err), 0);
	assert_int_equal(b->ops->begin(b, true), STORE_OK);
	assert_int_equal(b->ops->get(b, &ENTITY_REGION, 1, &out), STORE_NOT_FOUND); /* B's snapshot */
	append_entry(a, 3, 7);
	assert_int_equal(b->ops->audit_append(b, e), STORE_BUSY);
	b->ops->rollback(b);
	assert_chain(a, AUDIT_INTACT, 0, 0);
	assert_int_equal(b->ops->begin(b, true), STORE_OK);
	assert_int_equal(b->ops->audit_lock(b), STORE_OK);
	assert_int_equal(b->ops->audit_append(b, e), STORE_OK);
	assert_int_equal(b->ops->commit(b), STORE_OK);
	assert_int_equal(db_int(fx, "SELECT COUNT(*) FROM access_log"), 3);
	assert_chain(a, AUDIT_INTACT, 0, 0);
	json_decref(e);
	store_close(b);
}

/* ---- main -------------------------------------------------------------- */

/* the tests every backend must pass: T(test) on a migrated database,
 * T_EMPTY(test) on an empty one that the test opens itself */
/* the reports' aggregate queries: '?' parameters of every scalar kind, and
 * the rows' scalars alike on both backends (a SUM of BIGINT, a NUMERIC on
 * PostgreSQL, is an integer; booleans compare with a bound true) */
static void a_report_query_binds_in_order_and_answers_alike_on_both_backends(void **state)
{
	static const char sql[] = "SELECT r.track, COUNT(*), SUM(r.minors + 2), SUM(CASE WHEN r.interpreter_needed = ? "
				  "THEN 1 ELSE 0 END), MAX(r.outcome), 'a ''?'' stays' FROM requests r "
				  "WHERE r.requested_on >= ? AND r.region_id = ? GROUP BY r.track";
	struct fixture *fx = fixture_of(state);
	struct store *st = fx->st;
	int64_t region = add_region(st, "Noord");
	add_request(st, region);
	add_request(st, region);
	json_t *rows = NULL;
	/* three marks outside the quotes, two values */
	json_t *params = json_pack("[b, s]", 0, "2024-01-01");
	assert_int_equal(st->ops->query(st, sql, params, &rows), STORE_ERROR);
	assert_null(rows);
	json_decref(params);
	params = json_pack("[b, s, I]", 0, "2024-01-01", (json_int_t)region);
	assert_int_equal(st->ops->query(st, sql, params, &rows), STORE_OK);
	json_t *want = json_pack("[[s, i, i, i, n, s]]", "adult", 2, 4, 2, "a '?' stays");
	assert_json_equal("rows", want, rows);
	json_decref(want);
	json_decref(rows);
	json_decref(params);
	/* a later date: no group, no row */
	params = json_pack("[b, s, I]", 1, "2025-01-01", (json_int_t)region);
	assert_int_equal(st->ops->query(st, sql, params, &rows), STORE_OK);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	json_decref(params);
	/* a parameter that is no scalar is refused */
	params = json_pack("[[]]");
	rows = NULL;
	assert_int_equal(st->ops->query(st, "SELECT COUNT(*) FROM regions WHERE id = ?", params, &rows), STORE_ERROR);
	assert_null(rows);
	json_decref(params);
}

#define STORE_TESTS(T, T_EMPTY)                                                   \
	T_EMPTY(migrate_twice_applies_once_and_reports_versions),                 \
	T(database_from_a_newer_kring_is_refused),                                \
	T(reference_to_a_missing_record_is_refused),                              \
	T(missing_required_value_is_refused),                                     \
	T(a_refused_write_logs_none_of_its_values),                               \
	T(insert_and_get_round_trip_every_field_type),                            \
	T(a_report_query_binds_in_order_and_answers_alike_on_both_backends),       \
	T(insert_with_a_key_that_is_not_a_field_is_refused),                      \
	T(update_with_the_current_version_changes_fields_and_bumps_version),      \
	T(update_with_a_stale_version_conflicts_and_changes_nothing),             \
	T(unknown_id_is_not_found),                                               \
	T(update_with_a_key_that_is_not_a_field_is_refused),                      \
	T(remove_follows_the_version_like_update),                                \
	T(id_of_a_deleted_record_is_never_given_again),                           \
	T(list_filters_by_equality_and_pages_by_id),                              \
	T(list_filters_by_a_set_of_values),                                       \
	T(list_filters_dates_by_range_inclusive),                                 \
	T(list_filters_on_booleans),                                              \
	T(filter_on_a_field_of_another_entity_is_refused),                        \
	T(many_distinct_statements_work_beyond_the_cache),                        \
	T(second_plan_for_a_request_is_a_duplicate),                              \
	T(region_names_are_unique),                                               \
	T(insert_id_stores_the_record_and_gives_only_its_id),                     \
	T(a_bulk_load_keeps_the_rules_and_leaves_the_indexes_as_they_were),       \
	T(rollback_leaves_nothing),                                               \
	T(idempotency_key_keeps_the_first_answer),                                \
	T(lock_name_wraps_a_transaction),                                         \
	T(rows_copied_with_insert_row_read_back_identical),                       \
	T(after_reset_ids_new_records_get_ids_above_the_copied_ones),             \
	T(idempotency_keys_copy_through_idem_list_and_idem_insert_row),           \
	T(a_kept_answer_can_be_forgotten),                                         \
	T(appended_entries_form_a_chain_that_verifies),                           \
	T(an_altered_entry_is_found),                                             \
	T(a_removed_entry_is_found),                                              \
	T(an_entry_inserted_by_hand_is_found),                                    \
	T(an_entry_appended_by_hand_is_found),                                    \
	T(the_database_refuses_to_change_or_remove_entries),                      \
	T(malformed_entries_are_refused_and_leave_nothing),                       \
	T(entries_copied_with_audit_insert_row_still_verify)

int main(void)
{
#define SQ(f) cmocka_unit_test_setup_teardown(f, setup_sqlite, teardown)
#define SQ_EMPTY(f) cmocka_unit_test_setup_teardown(f, setup_sqlite_empty, teardown)
#define PG(f) cmocka_unit_test_setup_teardown(f, setup_pg, teardown)
#define PG_EMPTY(f) cmocka_unit_test_setup_teardown(f, setup_pg_empty, teardown)
	const struct CMUnitTest sqlite_tests[] = { STORE_TESTS(SQ, SQ_EMPTY) };
	const struct CMUnitTest pg_tests[] = {
		STORE_TESTS(PG, PG_EMPTY),
		PG(pg_every_table_has_the_system_columns_then_the_model_fields),
		PG(pg_every_reference_is_a_foreign_key_to_the_referenced_table),
		PG(pg_every_filter_and_parent_column_leads_an_index),
		PG(pg_idempotency_keys_table_has_its_columns),
		PG(pg_store_open_names_the_backend_and_keeps_the_password_out_of_errors),
		PG(pg_concurrent_updates_of_one_version_never_both_succeed),
		PG(pg_lock_name_holds_another_handle_until_unlock),
		PG(pg_a_cut_connection_gives_busy_then_is_opened_again),
		PG(pg_concurrent_appends_queue_on_the_chain_lock),
		PG(pg_an_append_on_a_stale_snapshot_is_busy_not_a_fork),
	};
#undef SQ
#undef SQ_EMPTY
#undef PG
#undef PG_EMPTY
	const char *url = getenv("KRING_TEST_PG_URL");
	bool pg_skipped = !url || !*url;
	int failed;

	printf("store on sqlite: a database file in a new temporary directory per test\n");
	fflush(stdout);
	failed = cmocka_run_group_tests_name("store on sqlite", sqlite_tests, NULL, NULL);
	if (pg_skipped)
		printf("store on postgres: SKIPPED, KRING_TEST_PG_URL is not set (give it the URL that "
		       "scripts/pg-test-cluster start DIR prints)\n");
	else
		printf("store on postgres: a new database per test on KRING_TEST_PG_URL\n");
	fflush(stdout);
	failed += cmocka_run_group_tests_name("store on postgres", pg_tests, pg_group_setup, pg_group_teardown);
	if (failed)
		return 1;
	return pg_skipped ? 77 : 0;
}
