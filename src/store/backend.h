#ifndef KRING_STORE_BACKEND_H
#define KRING_STORE_BACKEND_H
/*
 * What the storage backends (store/sqlite.c, store/postgres.c) share: the
 * system columns, the checks on what a caller hands the store, quoting of
 * identifiers and the hash of the statement caches. Not for other layers.
 */
#include <stdbool.h>
#include <stdint.h>

#include "domain/model.h"
#include "store/store.h"
#include "util/buf.h"

/* the columns every table starts with, described like fields so that row
 * conversion treats them the same way: id, version, created_at, updated_at */
extern const struct field store_system_fields[];
#define STORE_NSYSTEM 4

/* the i-th column of a whole row of e: a system column, then e's fields */
const struct field *store_column(const struct entity *e, int i);

bool store_is_list(enum field_type t);

/* every key of obj is a field of e (a misspelt or system key would
 * otherwise be dropped without a trace); else logged, STORE_ERROR */
int store_check_keys(const struct entity *e, const json_t *obj, const char *op);

/* filters name scalar fields of e (other than F_FILTER ones are allowed:
 * services use them for internal look-ups); IN takes an array */
int store_check_filters(const struct entity *e, const struct store_filter *filters, size_t n);

/* a null filter value (json null, or none) matches records where the field
 * is unset; a range with a null bound matches none */
bool store_filter_is_null(const struct store_filter *f);
/* the LIKE pattern of a STORE_CONTAINS value: '%' text '%' with '\\', '%'
 * and '_' escaped by a backslash (used with ESCAPE '\\'); NULL when out of
 * memory (caller frees) */
char *store_like_pattern(const json_t *value);

/* a quoted identifier; names come from the model, quoting keeps words such
 * as "by" and "count" from being read as SQL */
int store_add_ident(struct buf *b, const char *name);

/* FNV-1a of a statement's text, for the statement caches */
uint32_t store_sql_hash(const char *sql);

/* a reason into err (when not NULL), as one line: runs of white space,
 * line breaks among them (libpq's messages span several), become a space */
void store_set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* logs "OP: out of memory", STORE_ERROR */
int store_out_of_memory(const char *op);

#endif
