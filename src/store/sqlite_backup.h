#ifndef KRING_STORE_SQLITE_BACKUP_H
#define KRING_STORE_SQLITE_BACKUP_H
/*
 * An online copy of a live SQLite database (kring backup). Apart from the
 * storage interface because it works on files, not on records: it needs no
 * store handle and serves no request.
 */
#include <stddef.h>
#include <stdint.h>

/* what store_sqlite_backup made */
struct sqlite_backup_info {
	int64_t bytes;      /* the size of the copy */
	int64_t pages;      /* pages copied */
	int schema_version; /* the copy's last migration; -1 when it has no schema_migrations */
};

/*
 * Copy the SQLite database at src_path to a new file dst_path while other
 * processes keep reading and writing it, then check the copy with
 * PRAGMA integrity_check. The copy is one consistent snapshot: every
 * transaction committed before the copy began is in it, none that committed
 * after. dst_path must not exist (nor its -journal or -wal file); it is
 * created here, and removed again when anything fails. Returns 0 and fills
 * *info, or -1 with one line in err.
 */
int store_sqlite_backup(const char *src_path, const char *dst_path, struct sqlite_backup_info *info,
			char *err, size_t errlen);

#endif
