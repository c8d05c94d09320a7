#ifndef KRING_STORE_STORE_H
#define KRING_STORE_STORE_H
/*
 * The storage interface. Services call these functions and nothing else;
 * each backend (store/sqlite.c, store/postgres.c) fills in a struct store_ops.
 * Records travel as jansson objects whose keys are the entity's field names
 * (see domain/model.h) plus the system fields id, version, created_at and
 * updated_at. Values are already validated: the store only binds them.
 *
 * Return codes: STORE_OK (0), or one of the positive outcomes below, or a
 * negative error. STORE_BUSY means "retry the whole transaction".
 *
 * A store handle is used by one thread at a time. The server opens one per
 * worker thread.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"

enum store_rc {
	STORE_OK = 0,
	STORE_NOT_FOUND = 1, /* no such record */
	STORE_CONFLICT = 2,  /* the record's version differs from the expected one */
	STORE_DUPLICATE = 3, /* a unique rule would be broken (e.g. a second plan) */
	STORE_ERROR = -1,
	STORE_BUSY = -2,     /* locked or serialization failure: retry the transaction */
};

enum store_cmp {
	STORE_EQ = 0, /* field = value (IS NULL when value is null) */
	STORE_GE,     /* field >= value: dates from a day on */
	STORE_LE,     /* field <= value: dates up to a day */
	STORE_IN,     /* field is one of the values of a JSON array (none: no record) */
	STORE_CONTAINS, /* the field's text (of a text or text-list field) holds the
			 * string value, ignoring the case of ASCII letters */
};

/* a filter on a field with F_FILTER; value is a validated JSON scalar */
struct store_filter {
	const struct field *field;
	json_t *value;
	enum store_cmp cmp;
};

struct store;

struct store_ops {
	const char *name; /* "sqlite" or "postgres" */
	void (*close)(struct store *st);
	/* run the numbered migrations that are not applied yet; *from and *to get
	 * the schema version before and after */
	int (*migrate)(struct store *st, int *from, int *to);
	int (*ping)(struct store *st);
	/* the number of the last migration applied (0 for a new database) */
	int (*schema_version)(struct store *st, int *version);

	/* transactions: write=true takes the write lock up front */
	int (*begin)(struct store *st, bool write);
	int (*commit)(struct store *st);
	void (*rollback)(struct store *st);

	/* insert rec (field values only); the store sets id, version 1 and the
	 * timestamps, and returns the stored record in *out (caller owns it) */
	int (*insert)(struct store *st, const struct entity *e, const json_t *rec, json_t **out);
	/* insert rec like insert, but give only the new record's id (in *id,
	 * when id is not NULL): nothing is read back (the import's many rows) */
	int (*insert_id)(struct store *st, const struct entity *e, const json_t *rec, int64_t *id);
	/* the open write transaction is about to insert very many records
	 * into the tables of es (n of them), which hold few or none: the
	 * backend may prepare for it until the transaction ends, when
	 * everything is as before (SQLite: a larger page cache, and the
	 * tables' non-unique indexes built once at the commit rather than row
	 * by row; PostgreSQL: nothing, its DDL would lock out the readers).
	 * Only speed changes: every rule holds, a rollback undoes it all */
	int (*bulk_load)(struct store *st, const struct entity *const *es, size_t n);
	int (*get)(struct store *st, const struct entity *e, int64_t id, json_t **out);
	/* the one record of an E_ONE_PER_PARENT entity for a request */
	int (*get_by_parent)(struct store *st, const struct entity *e, int64_t parent_id, json_t **out);
	/* set the fields in changes; when expected_version >= 0 the update only
	 * happens if the record has that version (else STORE_CONFLICT). The
	 * version is incremented; the stored record is returned in *out. */
	int (*update)(struct store *st, const struct entity *e, int64_t id, int64_t expected_version,
		      const json_t *changes, json_t **out);
	int (*remove)(struct store *st, const struct entity *e, int64_t id, int64_t expected_version);
	/* records matching all filters with id > after_id, by id ascending, at
	 * most limit of them, as a new JSON array in *items */
	int (*list)(struct store *st, const struct entity *e, const struct store_filter *filters,
		    size_t nfilters, int64_t after_id, int limit, json_t **items);
	int (*count)(struct store *st, const struct entity *e, const struct store_filter *filters,
		     size_t nfilters, int64_t *n);

	/* idempotency keys: the first response given for (key, scope) */
	int (*idem_get)(struct store *st, const char *key, const char *scope, char **fingerprint,
			int *status, char **body);
	int (*idem_put)(struct store *st, const char *key, const char *scope, const char *fingerprint,
			int status, const char *body);
	/* forget the answer kept for (key, scope): STORE_OK, or STORE_NOT_FOUND
	 * when none is kept (kring retention, for the answers that hold a case's
	 * personal data) */
	int (*idem_remove)(struct store *st, const char *key, const char *scope);

	/* a lock on a name (an idempotency key), taken before begin and held
	 * until unlock, across transactions and across every process on the
	 * database: the second request with the same key waits, then starts
	 * its transaction after the first committed, and so sees its answer.
	 * SQLite needs none (BEGIN IMMEDIATE already admits one writer). */
	int (*lock_name)(struct store *st, const char *name);
	void (*unlock_name)(struct store *st, const char *name);

	/* moving a database (kring migrate-db): */
	/* insert a whole row as read from another store, system fields and id
	 * included */
	int (*insert_row)(struct store *st, const struct entity *e, const json_t *row);
	/* after insert_row: new ids continue after the highest id of e */
	int (*reset_ids)(struct store *st, const struct entity *e);
	/* every idempotency key as {key, scope, fingerprint, status, body,
	 * created_at}, by key and scope, into a new array */
	int (*idem_list)(struct store *st, json_t **items);
	/* store one key as idem_list gives it */
	int (*idem_insert_row)(struct store *st, const json_t *row);

	/* the access log (entries as in store/audit.h): */
	/* hold the chain for the rest of the open write transaction. Call it
	 * right after begin, before any other statement, in a transaction
	 * that will append: on PostgreSQL the transaction's snapshot is then
	 * taken after the lock is granted and sees the last entry (SQLite:
	 * nothing to do, BEGIN IMMEDIATE admits one writer) */
	int (*audit_lock)(struct store *st);
	/* inside the open write transaction: take the lock (when not taken),
	 * set entry's prev_hash to the hash of the last entry and its hash
	 * (audit_hash), and insert it; the store sets the id. An entry that
	 * audit_check_entry refuses is STORE_ERROR; another writer having
	 * appended after this transaction's snapshot is STORE_BUSY */
	int (*audit_append)(struct store *st, json_t *entry);
	/* entries with id > after_id (and request_id = request_id when it is
	 * not 0), by id ascending, at most limit of them, into a new array */
	int (*audit_list)(struct store *st, int64_t after_id, int limit, int64_t request_id,
			  json_t **items);
	/* store one entry exactly as audit_list gives it, id and hashes
	 * included (moving a database; then reset_ids(st, &audit_table)) */
	int (*audit_insert_row)(struct store *st, const json_t *row);

	/* an aggregate query for the reports (store/report_sql.c writes every
	 * one of them; nothing above the store holds SQL): sql reads only and
	 * marks its parameters with '?', which the PostgreSQL backend numbers
	 * $1..$n; params is an array of scalars bound in order (strings,
	 * integers, booleans, null). *rows gets a new array with one array per
	 * row of scalars: integers (a whole-number NUMERIC too), reals,
	 * strings, booleans and nulls alike on both backends */
	int (*query)(struct store *st, const char *sql, const json_t *params, json_t **rows);
};

struct store {
	const struct store_ops *ops;
};

/* Open the database named by url: "sqlite:PATH" or
 * "postgres://user:password@host:port/dbname" (also postgresql://; an empty
 * "postgres://" takes everything from the PG* environment variables). On
 * failure returns -1 and writes a one-line reason into err that never holds
 * the password. */
int store_open(const char *url, struct store **out, char *err, size_t errlen);
void store_close(struct store *st);

/* url with its password replaced by "***", for messages and logs */
void store_url_redact(const char *url, char *out, size_t outlen);

/*
 * Faults (anything but the normal outcomes above) are described in one line:
 * logged on stderr, and kept per thread so that a command can print the
 * last one as its own error. store_set_quiet(true) stops the logging, for
 * commands that print the reason themselves.
 */
void store_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *store_last_error(void);
void store_set_quiet(bool quiet);

/* the newest schema version this kring knows */
int store_latest_version(void);

/* backends */
int store_sqlite_open(const char *path, struct store **out, char *err, size_t errlen);
int store_postgres_open(const char *url, struct store **out, char *err, size_t errlen);

/* the migrations, in order; each backend applies its own SQL of them (see
 * store/migrations/ and scripts/embed-sql.py) */
struct migration {
	int version;
	const char *name;
	const char *sqlite;
	const char *postgres;
};
extern const struct migration store_migrations[];
extern const size_t store_nmigrations;

#endif
