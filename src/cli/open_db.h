#ifndef KRING_CLI_OPEN_DB_H
#define KRING_CLI_OPEN_DB_H
/* Opening the database for a command that works on an existing one. */
#include "store/store.h"

/*
 * The database named by flag (else the db setting, else the default),
 * which must exist (an SQLite file is not created) and be at this kring's
 * schema version. 0 and *st open, or -1 after one line on stderr that
 * starts with "kring <what>: ". Quiets the store's own fault logging: the
 * command prints the reasons itself (store_last_error).
 */
int cli_open_db(const char *flag, const char *what, struct store **st);

#endif
