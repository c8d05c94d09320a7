/*
 * What is particular to the SQLite store, against a real database file in a
 * fresh temporary directory per test: the schema agrees with the model (as
 * SQLite describes it), the connection settings (WAL, foreign keys, full
 * sync, busy timeout), a write lock held by another connection, and the
 * database URLs store_open takes. The behaviour every backend shares (round
 * trips, versions, lists, uniqueness, transactions, idempotency keys,
 * copying) is tested in test_store.c, on SQLite and on PostgreSQL.
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

static int64_t sql_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* ---- schema ---------------------------------------------------------- */

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

/* a refused URL: -1, no store, and a one-line reason in err */
static void assert_refused(const char *url, const char *reason_part)
{
	struct store *st = (struct store *)1;
	char err[512];

	memset(err, 0, sizeof err);
	if (store_open(url, &st, err, sizeof err) != -1)
		fail_msg("store_open(\"%s\") did not fail", url);
	assert_null(st);
	if (err[0] == '\0')
		fail_msg("store_open(\"%s\") gave no reason", url);
	if (strchr(err, '\n'))
		fail_msg("store_open(\"%s\"): the reason spans lines: %s", url, err);
	if (reason_part && !strstr(err, reason_part))
		fail_msg("store_open(\"%s\"): the reason \"%s\" does not mention \"%s\"", url, err,
			 reason_part);
}

static void store_open_refuses_malformed_urls(void **state)
{
	struct fixture *fx = *state;
	struct store *st = NULL;
	char err[512];

	assert_refused("", NULL);
	assert_refused("sqlite://x", NULL);
	assert_refused("sqlite://x.db", NULL);
	assert_refused("mysql://x", "sqlite:PATH");
	assert_refused("sqlite:", NULL);
	assert_refused("sqlite:/nonexistent-dir-kring/x.db", "cannot open");
	assert_int_equal(store_open(NULL, &st, err, sizeof err), -1);
	assert_null(st);

	/* PostgreSQL URLs are taken and tried: nothing listens on port 1 */
	assert_refused("postgres://u:secret@127.0.0.1:1/x", NULL);
	assert_int_equal(store_open("postgres://u:secret@127.0.0.1:1/x", &st, err, sizeof err), -1);
	assert_null(strstr(err, "secret"));
	assert_refused("postgresql://u:secret@127.0.0.1:1/x", NULL);
	assert_int_equal(store_open("postgresql://u:secret@127.0.0.1:1/x", &st, err, sizeof err), -1);
	assert_null(strstr(err, "secret"));

	/* in memory, for experiments: no WAL there, but it works */
	int from, to;
	assert_int_equal(store_open("sqlite::memory:", &st, err, sizeof err), 0);
	assert_int_equal(st->ops->migrate(st, &from, &to), STORE_OK);
	assert_int_equal(st->ops->ping(st), STORE_OK);
	store_close(st);
	store_close(NULL);

	assert_int_equal(store_open(fx->url, &fx->st, err, sizeof err), 0);
	assert_string_equal(fx->st->ops->name, "sqlite");
	assert_non_null(store_sqlite_db(fx->st));
}

/* a postgres:// URL that libpq cannot read is refused without quoting the
 * password it holds */
static void store_open_keeps_the_password_of_a_malformed_url_out_of_err(void **state)
{
	static const char *const urls[] = {
		"postgres://u:secret@[::1/x",                  /* unterminated IPv6 address */
		"postgres://u:se%zzcret@127.0.0.1:1/x",        /* bad percent-encoding */
		"postgresql://u:secret@127.0.0.1:1/x?sslmode", /* parameter without a value */
	};
	struct store *st = NULL;
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		assert_refused(urls[i], NULL);
		assert_int_equal(store_open(urls[i], &st, err, sizeof err), -1);
		if (strstr(err, "secret") || strstr(err, "zzcret"))
			fail_msg("the reason shows the password: %s", err);
	}
}

static void assert_redacted(const char *url, const char *want)
{
	char out[256];
	memset(out, 'x', sizeof out);
	store_url_redact(url, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("store_url_redact(\"%s\") gave \"%s\", expected \"%s\"", url, out, want);
}

static void store_url_redact_hides_the_password_only(void **state)
{
	(void)state;
	assert_redacted("postgres://u:secret@h:5/db", "postgres://u:***@h:5/db");
	assert_redacted("postgresql://kring:s3cr3t@127.0.0.1:5432/kring?sslmode=disable",
			"postgresql://kring:***@127.0.0.1:5432/kring?sslmode=disable");
	/* no password: unchanged */
	assert_redacted("postgres://u@h:5/db", "postgres://u@h:5/db");
	assert_redacted("postgres://h/db", "postgres://h/db");
	assert_redacted("postgres://h:5/db", "postgres://h:5/db");
	assert_redacted("postgres://", "postgres://");
	assert_redacted("sqlite:/x", "sqlite:/x");
	assert_redacted("sqlite:/var/lib/kring/a:b@c.db", "sqlite:/var/lib/kring/a:b@c.db");
	assert_redacted("", "");

	/* a short buffer still ends in a NUL and never shows the password */
	char small[16];
	store_url_redact("postgres://u:secret@h:5/db", small, sizeof small);
	assert_true(strlen(small) < sizeof small);
	assert_null(strstr(small, "secret"));
}

/* libpq also takes the password as a query parameter */
static void store_url_redact_hides_a_password_given_as_a_parameter(void **state)
{
	static const char *const urls[] = {
		"postgres://u@h:5/db?password=secret",
		"postgresql://h/db?sslmode=disable&password=secret",
	};
	char out[256];

	(void)state;
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		store_url_redact(urls[i], out, sizeof out);
		if (strstr(out, "secret"))
			fail_msg("store_url_redact(\"%s\") gave \"%s\"", urls[i], out);
	}
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

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_db, teardown)
#define T_EMPTY(f) cmocka_unit_test_setup_teardown(f, setup_dir, teardown)
	const struct CMUnitTest tests[] = {
		T(every_table_has_the_system_columns_then_the_model_fields),
		T(every_reference_is_a_foreign_key_to_the_referenced_table),
		T(every_filter_and_parent_column_leads_an_index),
		T(idempotency_keys_table_has_its_columns),
		T(connection_uses_wal_foreign_keys_and_full_sync),
		T_EMPTY(store_open_refuses_malformed_urls),
		cmocka_unit_test(store_open_keeps_the_password_of_a_malformed_url_out_of_err),
		cmocka_unit_test(store_url_redact_hides_the_password_only),
		cmocka_unit_test(store_url_redact_hides_a_password_given_as_a_parameter),
		T(write_lock_held_elsewhere_gives_busy),
	};
#undef T
#undef T_EMPTY
	return cmocka_run_group_tests(tests, NULL, NULL);
}
