/*
 * kring backup for SQLite: SQLite's online backup API, gently.
 *
 * The copy is taken inside one read transaction on the source. In WAL mode
 * (every kring database) a reader never blocks the writer, so a running
 * `kring serve` keeps committing while the pages are copied; holding the
 * read transaction across all steps also keeps the snapshot fixed, so the
 * backup never has to restart because another process wrote (which is what
 * sqlite3_backup_step does between steps without one, and under a steady
 * write load it would restart forever). The pages go over in small steps
 * with a pause between them so that the copy does not take the disk and a
 * core away from the server.
 */
#include "store/sqlite_backup.h"
#include "store/backend.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STEP_PAGES 256            /* 1 MiB at the default page size */
#define PAUSE_NS (5L * 1000 * 1000) /* between steps */
#define BUSY_TIMEOUT_MS 5000
#define MAX_BUSY_STEPS 1000       /* 5 s of pauses when the copy is locked out */

/* the files SQLite may keep next to a database */
static const char *const sidecars[] = { "-journal", "-wal", "-shm" };
#define NSIDECARS (sizeof sidecars / sizeof sidecars[0])


static void pause_between_steps(void)
{
	struct timespec ts = { 0, PAUSE_NS };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* path with suffix appended, in buf; -1 when it does not fit */
static int sidecar_name(char *buf, size_t len, const char *path, const char *suffix)
{
	int n = snprintf(buf, len, "%s%s", path, suffix);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/*
 * Create dst_path as a new, empty file (an empty file is an empty SQLite
 * database). O_EXCL makes "does not exist yet" and "is now ours" one step,
 * so two backups to one name cannot both write. A -journal or -wal left next
 * to the name would be taken for part of the new database, so those are
 * refused too. Mode 0600: a backup holds every case.
 */
static int create_new_file(const char *dst_path, char *err, size_t errlen)
{
	char name[4096];
	struct stat sb;

	for (size_t i = 0; i < NSIDECARS; i++) {
		if (sidecar_name(name, sizeof name, dst_path, sidecars[i]) < 0) {
			store_set_err(err, errlen, "the name %s is too long", dst_path);
			return -1;
		}
		if (lstat(name, &sb) == 0) {
			store_set_err(err, errlen, "%s exists; remove it or choose another name", name);
			return -1;
		}
	}
	int fd = open(dst_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			store_set_err(err, errlen, "%s exists; refusing to overwrite it", dst_path);
		else
			store_set_err(err, errlen, "cannot create %s: %s", dst_path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* remove the copy and whatever SQLite left next to it */
static void remove_copy(const char *dst_path)
{
	char name[4096];

	unlink(dst_path);
	for (size_t i = 0; i < NSIDECARS; i++)
		if (sidecar_name(name, sizeof name, dst_path, sidecars[i]) == 0)
			unlink(name);
}

/* PRAGMA integrity_check on db: 0 when it answers the single row "ok" */
static int check_integrity(sqlite3 *db, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = NULL;
	int ret = -1;
	int rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL);

	if (rc != SQLITE_OK) {
		store_set_err(err, errlen, "cannot check the copy: %s", sqlite3_errmsg(db));
		goto cleanup;
	}
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		store_set_err(err, errlen, "cannot check the copy: %s", sqlite3_errmsg(db));
		goto cleanup;
	}
	const char *first = (const char *)sqlite3_column_text(stmt, 0);
	if (!first || strcmp(first, "ok") != 0) {
		store_set_err(err, errlen, "the copy fails PRAGMA integrity_check: %s", first ? first : "(null)");
		goto cleanup;
	}
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		store_set_err(err, errlen, "the copy fails PRAGMA integrity_check");
		goto cleanup;
	}
	ret = 0;
cleanup:
	sqlite3_finalize(stmt);
	return ret;
}

/* the last migration recorded in db, or -1 when it has no schema_migrations */
static int read_schema_version(sqlite3 *db, int *version, char *err, size_t errlen)
{
	static const char has_sql[] =
		"SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'";
	static const char max_sql[] = "SELECT COALESCE(MAX(\"version\"), 0) FROM \"schema_migrations\"";
	sqlite3_stmt *stmt = NULL;
	int ret = -1, rc;

	*version = -1;
	rc = sqlite3_prepare_v2(db, has_sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		ret = 0;
		goto cleanup;
	}
	if (rc != SQLITE_ROW)
		goto fail;
	sqlite3_finalize(stmt);
	rc = sqlite3_prepare_v2(db, max_sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK || sqlite3_step(stmt) != SQLITE_ROW)
		goto fail;
	*version = sqlite3_column_int(stmt, 0);
	ret = 0;
	goto cleanup;
fail:
	store_set_err(err, errlen, "cannot read the schema version of the copy: %s", sqlite3_errmsg(db));
cleanup:
	sqlite3_finalize(stmt);
	return ret;
}

/*
 * Copy src into dst (both open) inside one read transaction on src, in
 * steps of STEP_PAGES pages. Returns 0 with the number of pages copied.
 */
static int copy_pages(sqlite3 *src, sqlite3 *dst, const char *src_path, int64_t *pages, char *err,
		      size_t errlen)
{
	sqlite3_backup *bk = NULL;
	bool in_txn = false;
	int ret = -1, rc, busy = 0;

	/* a deferred BEGIN takes its snapshot at the first read */
	rc = sqlite3_exec(src, "BEGIN", NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		in_txn = true;
		rc = sqlite3_exec(src, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		store_set_err(err, errlen, "cannot read %s: %s", src_path, sqlite3_errmsg(src));
		goto cleanup;
	}
	bk = sqlite3_backup_init(dst, "main", src, "main");
	if (!bk) {
		store_set_err(err, errlen, "cannot start the copy: %s", sqlite3_errmsg(dst));
		goto cleanup;
	}
	for (;;) {
		rc = sqlite3_backup_step(bk, STEP_PAGES);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			if (++busy > MAX_BUSY_STEPS) {
				store_set_err(err, errlen, "the copy stayed locked out of %s", src_path);
				goto cleanup;
			}
		} else if (rc != SQLITE_OK) {
			store_set_err(err, errlen, "copying %s failed: %s", src_path, sqlite3_errstr(rc));
			goto cleanup;
		}
		pause_between_steps();
	}
	*pages = sqlite3_backup_pagecount(bk);
	rc = sqlite3_backup_finish(bk);
	bk = NULL;
	if (rc != SQLITE_OK) {
		store_set_err(err, errlen, "finishing the copy failed: %s", sqlite3_errmsg(dst));
		goto cleanup;
	}
	ret = 0;
cleanup:
	if (bk)
		sqlite3_backup_finish(bk);
	if (in_txn)
		sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	return ret;
}

int store_sqlite_backup(const char *src_path, const char *dst_path, struct sqlite_backup_info *info,
			char *err, size_t errlen)
{
	sqlite3 *src = NULL, *dst = NULL;
	bool created = false;
	struct stat sb;
	int ret = -1, rc;

	*info = (struct sqlite_backup_info){ .schema_version = -1 };
	if (stat(src_path, &sb) < 0) {
		store_set_err(err, errlen, "cannot read %s: %s", src_path, strerror(errno));
		goto cleanup;
	}
	if (!S_ISREG(sb.st_mode)) {
		store_set_err(err, errlen, "%s is not a file", src_path);
		goto cleanup;
	}
	/* Never created here. Read-write where the file allows it (else SQLite
	 * opens it read-only), because only a writable connection that closes
	 * last removes the -wal and -shm files it needed to read. */
	rc = sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		store_set_err(err, errlen, "cannot open %s: %s", src_path, src ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
		goto cleanup;
	}
	sqlite3_busy_timeout(src, BUSY_TIMEOUT_MS);
	if (create_new_file(dst_path, err, errlen) < 0)
		goto cleanup;
	created = true;
	rc = sqlite3_open_v2(dst_path, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		store_set_err(err, errlen, "cannot open %s: %s", dst_path, dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		goto cleanup;
	}
	sqlite3_busy_timeout(dst, BUSY_TIMEOUT_MS);
	if (copy_pages(src, dst, src_path, &info->pages, err, errlen) < 0)
		goto cleanup;
	sqlite3_close(src);
	src = NULL;
	if (check_integrity(dst, err, errlen) < 0 ||
	    read_schema_version(dst, &info->schema_version, err, errlen) < 0)
		goto cleanup;
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_OK) {
		store_set_err(err, errlen, "closing %s failed: %s", dst_path, sqlite3_errstr(rc));
		goto cleanup;
	}
	if (stat(dst_path, &sb) < 0) {
		store_set_err(err, errlen, "cannot read %s: %s", dst_path, strerror(errno));
		goto cleanup;
	}
	info->bytes = (int64_t)sb.st_size;
	ret = 0;
cleanup:
	sqlite3_close(src);
	sqlite3_close(dst);
	if (ret < 0 && created)
		remove_copy(dst_path);
	return ret;
}
