/*
 * The SQLite store against a real database file in a fresh temporary
 * directory per test: schema and model agree, connection settings, record
 * round trips, versions, lists, uniqueness, transactions, idempotency keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/model.h"
#include "store/sqlite_handle.h"
#include "store/store.h"

struct fixture {
	char dir[PATH_MAX];
	char url[PATH_MAX + 16];
	struct store *st;
};

static const char *const system_columns[] = { "id", "version", "created_at", "updated_at" };

/* ---- fixture --------------------------------------------------------- */

static int make_dir(struct fixture *fx)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->dir, sizeof fx->dir, "%s/kring-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->url, sizeof fx->url, "sqlite:%s/kring.db", fx->dir);
	return 0;
}

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

/* an empty directory, no database opened yet */
static int setup_dir(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	if (!fx || make_dir(fx) < 0) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

/* a migrated database, opened */
static int setup_db(void **state)
{
	char err[256];
	int from, to;

	if (setup_dir(state) < 0)
		return -1;
	struct fixture *fx = *state;
	if (store_open(fx->url, &fx->st, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return fx->st->ops->migrate(fx->st, &from, &to) == STORE_OK ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	store_close(fx->st);
	remove_dir(fx->dir);
	free(fx);
	return 0;
}

/* ---- helpers --------------------------------------------------------- */

static json_t *must_insert(struct store *st, const struct entity *e, json_t *rec)
{
	json_t *out = NULL;
	assert_non_null(rec);
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

static int64_t sql_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
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

/* the stored record has exactly the values given, and null elsewhere */
static void assert_stored_as_given(const struct entity *e, const json_t *given, const json_t *stored)
{
	assert_complete(e, stored);
	for (size_t i = 0; i < e->nfields; i++) {
		const char *name = e->fields[i].name;
		const json_t *want = json_object_get(given, name);
		const json_t *got = json_object_get(stored, name);
		if (!want)
			want = json_null();
		if (!json_equal(want, got)) {
			char *w = json_dumps(want, JSON_ENCODE_ANY), *g = json_dumps(got, JSON_ENCODE_ANY);
			fail_msg("%s.%s: stored %s, given %s", e->name, name, g, w);
		}
	}
}

/* ---- schema ---------------------------------------------------------- */

static void migrate_twice_applies_once_and_reports_versions(void **state)
{
	struct fixture *fx = *state;
	char err[256];
	int from = -1, to = -1;
	int latest = store_migrations[store_nmigrations - 1].version;

	assert_int_equal(store_open(fx->url, &fx->st, err, sizeof err), 0);
	assert_int_equal(fx->st->ops->migrate(fx->st, &from, &to), STORE_OK);
	assert_int_equal(from, 0);
	assert_int_equal(to, latest);
	assert_int_equal(fx->st->ops->migrate(fx->st, &from, &to), STORE_OK);
	assert_int_equal(from, latest);
	assert_int_equal(to, latest);
	assert_int_equal(sql_int(store_sqlite_db(fx->st), "SELECT COUNT(*) FROM schema_migrations"),
			 store_nmigrations);

	/* and again from another connection, as after a restart */
	store_close(fx->st);
	fx->st = NULL;
	assert_int_equal(store_open(fx->url, &fx->st, err, sizeof err), 0);
	assert_int_equal(fx->st->ops->migrate(fx->st, &from, &to), STORE_OK);
	assert_int_equal(from, latest);
	assert_int_equal(to, latest);
}

static void database_from_a_newer_kring_is_refused(void **state)
{
	struct fixture *fx = *state;
	int from, to;
	sqlite3 *db = store_sqlite_db(fx->st);

	assert_int_equal(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (999, 'future', "
					  "'2030-01-01T00:00:00Z')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fx->st->ops->migrate(fx->st, &from, &to), STORE_ERROR);
}

static bool field_not_null(const struct field *f)
{
	return (f->flags & (F_REQUIRED | F_PARENT)) || f->dflt;
}

static const char *field_sql_type(const struct field *f)
{
	switch (f->type) {
	case FT_INT:
	case FT_CENTS:
	case FT_REF:
	case FT_BOOL:
		return "INTEGER";
	default:
		return "TEXT";
	}
}

static void every_table_has_the_system_columns_then_the_model_fields(void **state)
{
	struct fixture *fx = *state;
	sqlite3 *db = store_sqlite_db(fx->st);
	sqlite3_stmt *stmt = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) "
						"ORDER BY cid", -1, &stmt, NULL), SQLITE_OK);
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		size_t col = 0;
		sqlite3_bind_text(stmt, 1, e->table, -1, SQLITE_STATIC);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(stmt, 0);
			const char *type = (const char *)sqlite3_column_text(stmt, 1);
			int notnull = sqlite3_column_int(stmt, 2);
			int pk = sqlite3_column_int(stmt, 3);
			if (col < 4) {
				if (strcmp(name, system_columns[col]) != 0)
					fail_msg("%s: column %zu is %s, expected %s", e->table, col, name,
						 system_columns[col]);
				assert_int_equal(pk, col == 0);
			} else {
				if (col - 4 >= e->nfields)
					fail_msg("%s: column %s is not in the model", e->table, name);
				const struct field *f = &e->fields[col - 4];
				if (strcmp(name, f->name) != 0)
					fail_msg("%s: column %zu is %s, the model has %s", e->table, col, name,
						 f->name);
				if (strcmp(type, field_sql_type(f)) != 0)
					fail_msg("%s.%s: type %s, expected %s", e->table, name, type,
						 field_sql_type(f));
				if (notnull != field_not_null(f))
					fail_msg("%s.%s: NOT NULL is %d, expected %d", e->table, name, notnull,
						 field_not_null(f));
				assert_int_equal(pk, 0);
			}
			col++;
		}
		if (col != e->nfields + 4)
			fail_msg("%s: %zu columns, the model has %zu fields + 4", e->table, col, e->nfields);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
}

static void every_reference_is_a_foreign_key_to_the_referenced_table(void **state)
{
	struct fixture *fx = *state;
	sqlite3 *db = store_sqlite_db(fx->st);
	sqlite3_stmt *stmt = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT \"table\", \"to\" FROM pragma_foreign_key_list(?1) "
						"WHERE \"from\" = ?2", -1, &stmt, NULL), SQLITE_OK);
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		for (size_t j = 0; j < e->nfields; j++) {
			const struct field *f = &e->fields[j];
			if (f->type != FT_REF)
				continue;
			sqlite3_bind_text(stmt, 1, e->table, -1, SQLITE_STATIC);
			sqlite3_bind_text(stmt, 2, f->name, -1, SQLITE_STATIC);
			if (sqlite3_step(stmt) != SQLITE_ROW)
				fail_msg("%s.%s is not a foreign key", e->table, f->name);
			assert_string_equal(sqlite3_column_text(stmt, 0), model_entity(f->ref)->table);
			assert_string_equal(sqlite3_column_text(stmt, 1), "id");
			sqlite3_reset(stmt);
		}
	}
	sqlite3_finalize(stmt);
}

static void every_filter_and_parent_column_leads_an_index(void **state)
{
	struct fixture *fx = *state;
	sqlite3 *db = store_sqlite_db(fx->st);
	sqlite3_stmt *stmt = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM pragma_index_list(?1) AS il, "
						"pragma_index_info(il.name) AS ii WHERE ii.seqno = 0 AND ii.name = ?2",
					    -1, &stmt, NULL), SQLITE_OK);
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		for (size_t j = 0; j < e->nfields; j++) {
			const struct field *f = &e->fields[j];
			if (!(f->flags & (F_FILTER | F_PARENT)))
				continue;
			sqlite3_bind_text(stmt, 1, e->table, -1, SQLITE_STATIC);
			sqlite3_bind_text(stmt, 2, f->name, -1, SQLITE_STATIC);
			assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
			if (sqlite3_column_int(stmt, 0) < 1)
				fail_msg("%s.%s is filterable but no index starts with it", e->table, f->name);
			sqlite3_reset(stmt);
		}
	}
	sqlite3_finalize(stmt);
}

static void idempotency_keys_table_has_its_columns(void **state)
{
	struct fixture *fx = *state;
	sqlite3 *db = store_sqlite_db(fx->st);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM pragma_table_info('idempotency_keys') WHERE "
				     "name IN ('key', 'scope', 'fingerprint', 'status', 'body', 'created_at')"),
			 6);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM pragma_table_info('idempotency_keys')"), 6);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM pragma_table_info('idempotency_keys') WHERE pk > 0"),
			 2);
}

/* ---- connection ------------------------------------------------------ */

static void connection_uses_wal_foreign_keys_and_full_sync(void **state)
{
	struct fixture *fx = *state;
	sqlite3 *db = store_sqlite_db(fx->st);
	sqlite3_stmt *stmt = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal(sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	assert_int_equal(sql_int(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(sql_int(db, "PRAGMA synchronous"), 2); /* FULL */
	assert_int_equal(sql_int(db, "PRAGMA busy_timeout"), 5000);
	assert_int_equal(fx->st->ops->ping(fx->st), STORE_OK);
}

static void reference_to_a_missing_record_is_refused(void **state)
{
	struct fixture *fx = *state;
	json_t *out = (json_t *)1;
	json_t *rec = json_pack("{s:s, s:s, s:i}", "name", "Wijkteam", "type", "social_work", "region_id", 42);

	assert_int_equal(fx->st->ops->insert(fx->st, &ENTITY_ORGANISATION, rec, &out), STORE_ERROR);
	assert_null(out);
	json_decref(rec);
}

static void missing_required_value_is_refused(void **state)
{
	struct fixture *fx = *state;
	json_t *out = NULL;
	json_t *rec = json_object();

	assert_int_equal(fx->st->ops->insert(fx->st, &ENTITY_REGION, rec, &out), STORE_ERROR);
	assert_null(out);
	json_decref(rec);
}

static void store_open_takes_sqlite_urls_only(void **state)
{
	struct fixture *fx = *state;
	struct store *st = NULL;
	char err[256];

	assert_int_equal(store_open("postgres://kring@db/kring", &st, err, sizeof err), -1);
	assert_null(st);
	assert_non_null(strstr(err, "postgres:// is not supported"));
	assert_int_equal(store_open("mysql://x", &st, err, sizeof err), -1);
	assert_non_null(strstr(err, "sqlite:PATH"));
	assert_int_equal(store_open("sqlite:", &st, err, sizeof err), -1);
	assert_int_equal(store_open("sqlite://x.db", &st, err, sizeof err), -1);
	assert_int_equal(store_open("sqlite:/nonexistent-dir-kring/x.db", &st, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot open"));
	assert_null(st);

	/* in memory, for experiments: no WAL there, but it works */
	int from, to;
	assert_int_equal(store_open("sqlite::memory:", &st, err, sizeof err), 0);
	assert_int_equal(st->ops->migrate(st, &from, &to), STORE_OK);
	assert_int_equal(st->ops->ping(st), STORE_OK);
	store_close(st);

	assert_int_equal(store_open(fx->url, &fx->st, err, sizeof err), 0);
	assert_string_equal(fx->st->ops->name, "sqlite");
}

/* ---- records --------------------------------------------------------- */

static void insert_and_get_round_trip_every_field_type(void **state)
{
	struct fixture *fx = *state;
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
	assert_true(json_equal(got, c));
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
	json_decref(req);
	json_decref(r);

	/* times */
	json_t *conf = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i}", "request_id", (json_int_t)request,
				 "scheduled_on", "2024-04-01", "place", "Buurthuis", "phase1_start", "19:00",
				 "ended_at", "22:30", "participants_present", 12);
	json_t *cf = must_insert(st, &ENTITY_CONFERENCE, json_incref(conf));
	assert_stored_as_given(&ENTITY_CONFERENCE, conf, cf);
	json_decref(conf);
	json_decref(cf);

	/* timestamp */
	json_t *tr = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "request_id", (json_int_t)request,
			       "action", "decide-funding", "from_state", "requested", "to_state",
			       "funding_decided", "actor", "api", "at", "2024-03-05T10:11:12Z", "happened_on",
			       "2024-03-04");
	json_t *t = must_insert(st, &ENTITY_TRANSITION, json_incref(tr));
	assert_stored_as_given(&ENTITY_TRANSITION, tr, t);
	json_decref(tr);
	json_decref(t);
}

static void insert_with_a_key_that_is_not_a_field_is_refused(void **state)
{
	struct fixture *fx = *state;
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
	struct fixture *fx = *state;
	struct store *st = fx->st;
	int64_t region = add_region(st, "Zuid");
	int64_t org = add_organisation(st, "Veilig Thuis", "child_protection", region);
	json_t *before = NULL, *after = NULL;

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
	struct fixture *fx = *state;
	struct store *st = fx->st;
	int64_t region = add_region(st, "West");
	json_t *out = NULL, *changes = json_pack("{s:s}", "name", "Westland");

	assert_int_equal(st->ops->update(st, &ENTITY_REGION, region, 1, changes, &out), STORE_OK);
	json_decref(out);
	out = (json_t *)1;
	json_t *stale = json_pack("{s:s}", "name", "Overwritten");
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, region, 1, stale, &out), STORE_CONFLICT);
	assert_null(out);
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, region, &out), STORE_OK);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "Westland");
	assert_int_equal(version_of(out), 2);
	json_decref(out);
	json_decref(stale);
	json_decref(changes);
}

static void unknown_id_is_not_found(void **state)
{
	struct fixture *fx = *state;
	struct store *st = fx->st;
	json_t *out = (json_t *)1, *changes = json_pack("{s:s}", "name", "Nergens");

	assert_int_equal(st->ops->get(st, &ENTITY_REGION, 12345, &out), STORE_NOT_FOUND);
	assert_null(out);
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, 12345, 1, changes, &out), STORE_NOT_FOUND);
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, 12345, -1, changes, &out), STORE_NOT_FOUND);
	assert_int_equal(st->ops->remove(st, &ENTITY_MEASURE, 12345, 1), STORE_NOT_FOUND);
	assert_int_equal(st->ops->remove(st, &ENTITY_MEASURE, 12345, -1), STORE_NOT_FOUND);
	json_decref(changes);
}

static void update_with_a_key_that_is_not_a_field_is_refused(void **state)
{
	struct fixture *fx = *state;
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
	struct fixture *fx = *state;
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
}

static void id_of_a_deleted_record_is_never_given_again(void **state)
{
	struct fixture *fx = *state;
	struct store *st = fx->st;
	int64_t request = add_request(st, add_region(st, "Midden"));
	json_t *rec = json_pack("{s:I, s:s, s:i, s:s}", "request_id", (json_int_t)request, "measure",
				"admission", "count", 1, "at_request", "in_place");
	json_t *first = must_insert(st, &ENTITY_MEASURE, json_incref(rec));

	assert_int_equal(st->ops->remove(st, &ENTITY_MEASURE, id_of(first), 1), STORE_OK);
	json_t *second = must_insert(st, &ENTITY_MEASURE, rec);
	assert_true(id_of(second) > id_of(first));
	json_decref(first);
	json_decref(second);
}

/* ---- lists ----------------------------------------------------------- */

static void list_filters_by_equality_and_pages_by_id(void **state)
{
	struct fixture *fx = *state;
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
	struct fixture *fx = *state;
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
	assert_int_equal(id_of(json_array_get(page, 2)), ids[3]);
	json_decref(page);
	assert_int_equal(st->ops->count(st, &ENTITY_REQUEST, &year[0], 1, &n), STORE_OK);
	assert_int_equal(n, 4);
	assert_int_equal(st->ops->count(st, &ENTITY_REQUEST, &year[1], 1, &n), STORE_OK);
	assert_int_equal(n, 4);
	json_decref(year[0].value);
	json_decref(year[1].value);
}

static void list_filters_on_booleans(void **state)
{
	struct fixture *fx = *state;
	struct store *st = fx->st;
	json_t *page = NULL;

	for (int i = 0; i < 3; i++) {
		json_t *c = must_insert(st, &ENTITY_COORDINATOR,
					json_pack("{s:s, s:[], s:[], s:[], s:b}", "name", "C", "languages",
						  "backgrounds", "region_ids", "active", i != 1));
		json_decref(c);
	}
	struct store_filter inactive = { model_field(&ENTITY_COORDINATOR, "active"), json_false(), STORE_EQ };
	assert_int_equal(st->ops->list(st, &ENTITY_COORDINATOR, &inactive, 1, 0, 10, &page), STORE_OK);
	assert_int_equal(json_array_size(page), 1);
	assert_int_equal(id_of(json_array_get(page, 0)), 2);
	json_decref(page);
}

static void filter_on_a_field_of_another_entity_is_refused(void **state)
{
	struct fixture *fx = *state;
	json_t *page = (json_t *)1;
	struct store_filter wrong = { model_field(&ENTITY_FUNDER, "type"), json_string("other"), STORE_EQ };

	assert_int_equal(fx->st->ops->list(fx->st, &ENTITY_ORGANISATION, &wrong, 1, 0, 10, &page), STORE_ERROR);
	assert_null(page);
	json_decref(wrong.value);
}

/* more distinct statements than the cache keeps still work and leak nothing */
static void many_distinct_statements_work_beyond_the_cache(void **state)
{
	struct fixture *fx = *state;
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
		assert_true(count >= 0);
	}
	for (size_t i = 0; i < nf; i++)
		json_decref(fl[i].value);
}

/* ---- uniqueness ------------------------------------------------------ */

static void second_plan_for_a_request_is_a_duplicate(void **state)
{
	struct fixture *fx = *state;
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
	assert_true(json_equal(out, plan));
	json_decref(out);
	assert_int_equal(st->ops->get_by_parent(st, &ENTITY_PLAN, other, &out), STORE_NOT_FOUND);
	assert_null(out);
	assert_int_equal(st->ops->get_by_parent(st, &ENTITY_MEASURE, request, &out), STORE_ERROR);
	json_decref(plan);
}

static void region_names_are_unique(void **state)
{
	struct fixture *fx = *state;
	struct store *st = fx->st;
	json_t *out = NULL, *rec = json_pack("{s:s}", "name", "Noord");

	add_region(st, "Noord");
	int64_t south = add_region(st, "Zuid");
	assert_int_equal(st->ops->insert(st, &ENTITY_REGION, rec, &out), STORE_DUPLICATE);
	assert_int_equal(st->ops->update(st, &ENTITY_REGION, south, 1, rec, &out), STORE_DUPLICATE);
	assert_null(out);
	json_decref(rec);
}

/* ---- transactions ---------------------------------------------------- */

static void rollback_leaves_nothing(void **state)
{
	struct fixture *fx = *state;
	struct store *st = fx->st;
	json_t *out = NULL;
	int64_t n = -1;

	st->ops->rollback(st); /* none open: harmless */
	assert_int_equal(st->ops->begin(st, true), STORE_OK);
	int64_t region = add_region(st, "Kortstondig");
	st->ops->rollback(st);
	assert_int_equal(st->ops->get(st, &ENTITY_REGION, region, &out), STORE_NOT_FOUND);
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
}

static void write_lock_held_elsewhere_gives_busy(void **state)
{
	struct fixture *fx = *state;
	struct store *other = NULL;
	char err[256];

	assert_int_equal(store_open(fx->url, &other, err, sizeof err), 0);
	assert_int_equal(other->ops->begin(other, true), STORE_OK);
	sqlite3_busy_timeout(store_sqlite_db(fx->st), 10); /* do not wait 5 s here */
	assert_int_equal(fx->st->ops->begin(fx->st, true), STORE_BUSY);
	fx->st->ops->rollback(fx->st);
	/* readers are not blocked by the writer (WAL) */
	int64_t n = -1;
	assert_int_equal(fx->st->ops->count(fx->st, &ENTITY_REGION, NULL, 0, &n), STORE_OK);
	other->ops->rollback(other);
	store_close(other);
	assert_int_equal(fx->st->ops->begin(fx->st, true), STORE_OK);
	assert_int_equal(fx->st->ops->commit(fx->st), STORE_OK);
}

/* ---- idempotency keys ------------------------------------------------ */

static void idempotency_key_keeps_the_first_answer(void **state)
{
	struct fixture *fx = *state;
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

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_db, teardown)
#define T_EMPTY(f) cmocka_unit_test_setup_teardown(f, setup_dir, teardown)
	const struct CMUnitTest tests[] = {
		T_EMPTY(migrate_twice_applies_once_and_reports_versions),
		T(database_from_a_newer_kring_is_refused),
		T(every_table_has_the_system_columns_then_the_model_fields),
		T(every_reference_is_a_foreign_key_to_the_referenced_table),
		T(every_filter_and_parent_column_leads_an_index),
		T(idempotency_keys_table_has_its_columns),
		T(connection_uses_wal_foreign_keys_and_full_sync),
		T(reference_to_a_missing_record_is_refused),
		T(missing_required_value_is_refused),
		T_EMPTY(store_open_takes_sqlite_urls_only),
		T(insert_and_get_round_trip_every_field_type),
		T(insert_with_a_key_that_is_not_a_field_is_refused),
		T(update_with_the_current_version_changes_fields_and_bumps_version),
		T(update_with_a_stale_version_conflicts_and_changes_nothing),
		T(unknown_id_is_not_found),
		T(update_with_a_key_that_is_not_a_field_is_refused),
		T(remove_follows_the_version_like_update),
		T(id_of_a_deleted_record_is_never_given_again),
		T(list_filters_by_equality_and_pages_by_id),
		T(list_filters_on_booleans),
		T(list_filters_dates_by_range_inclusive),
		T(filter_on_a_field_of_another_entity_is_refused),
		T(many_distinct_statements_work_beyond_the_cache),
		T(second_plan_for_a_request_is_a_duplicate),
		T(region_names_are_unique),
		T(rollback_leaves_nothing),
		T(write_lock_held_elsewhere_gives_busy),
		T(idempotency_key_keeps_the_first_answer),
	};
#undef T
#undef T_EMPTY
	return cmocka_run_group_tests(tests, NULL, NULL);
}
