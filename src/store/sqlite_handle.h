#ifndef KRING_STORE_SQLITE_HANDLE_H
#define KRING_STORE_SQLITE_HANDLE_H
/*
 * The SQLite connection behind a store, for tests and diagnostics that must
 * look at per-connection settings (PRAGMA synchronous, foreign_keys). Kept
 * out of store.h so that services cannot reach past the storage interface.
 */
#include <sqlite3.h>

#include "store/store.h"

/* the connection of a store from store_sqlite_open; NULL for another backend */
sqlite3 *store_sqlite_db(struct store *st);

#endif
