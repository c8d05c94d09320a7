#ifndef KRING_STORE_COPY_H
#define KRING_STORE_COPY_H
/*
 * Moving a database from one store to another (kring migrate-db): every
 * table, row for row with ids, versions and timestamps kept, into a target
 * that holds no rows, in one transaction on the target; then both sides
 * are read again and compared per table by row count and a SHA-256 over
 * the rows as the store gives them.
 */
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct copy_table {
	const char *name;     /* table name */
	int64_t rows;         /* rows in the source */
	int64_t target_rows;  /* rows read back from the target */
	char sha256[65];      /* hex, of the source's rows */
	char target_sha256[65];
};

/* the tables copied: every entity of the model, then the idempotency keys
 * and the access log */
#define COPY_MAX_TABLES 40

struct copy_report {
	struct copy_table tables[COPY_MAX_TABLES];
	size_t ntables;
};

/*
 * Copy everything from src to dst. Both must be at the latest schema
 * version. Returns 0 when the copy is complete and verified; -1 with a
 * one-line reason in err otherwise (nothing is left in dst unless the
 * verification after the commit fails, which err then says).
 */
int store_copy(struct store *src, struct store *dst, struct copy_report *rep, char *err, size_t errlen);

/* count and checksum the rows of every copied table of st (for tests and
 * for the verification) */
int store_checksums(struct store *st, struct copy_report *rep, bool target, char *err, size_t errlen);

#endif
