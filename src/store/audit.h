#ifndef KRING_STORE_AUDIT_H
#define KRING_STORE_AUDIT_H
/*
 * The access log (NEN 7513): what an entry holds, the one canonical form its
 * hash is computed over, and the check of the whole chain. The backends
 * keep the entries (store ops audit_lock, audit_append, audit_list,
 * audit_insert_row in store/store.h; the table access_log in
 * migrations/0004_access_log.*.sql); services write them through
 * svc_audit (service/audit.c).
 *
 * An entry travels as a JSON object with one key per column:
 *   id            integer, set by the store (not hashed: a move may renumber)
 *   event_id      32 lower-case hex digits, random
 *   at            "YYYY-MM-DDTHH:MM:SSZ" (UTC)
 *   action        create, read, update, delete, export, login,
 *                 login_failed, logout
 *   outcome       success, denied, failed
 *   user_name     who (the account's user name)
 *   role          in which role
 *   on_behalf_of  on whose behalf, or null
 *   request_id    the case (the client concerned), or null
 *   object_type   the entity's name, or "session"
 *   object_id     the record's id, or null
 *   address       the client's IP address ("" for commands)
 *   prev_hash     the hash of the entry before; 64 zeros for the first
 *   hash          see audit_hash
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define AUDIT_HASH_HEX 64     /* hex digits of a SHA-256 */
#define AUDIT_EVENT_ID_HEX 32 /* hex digits of an event id (16 random bytes) */

/* the prev_hash of the first entry */
extern const char audit_genesis[AUDIT_HASH_HEX + 1];

/* the columns of access_log in table order (id first, hash last), described
 * like fields so that the backends bind and read them as record values */
extern const struct field audit_columns[];
extern const size_t audit_ncolumns;

/* the table, for the store operations that need only its name (reset_ids) */
extern const struct entity audit_table;

/* The canonical content of an entry: a compact JSON object (no spaces) of
 * every column except id and hash, keys sorted bytewise, a missing value as
 * null, strings in UTF-8 as jansson writes them. New string; NULL when out of
 * memory. */
char *audit_canonical(const json_t *entry);

/* The hash of an entry: SHA-256 over its prev_hash (the 64 hex digits)
 * followed directly by its canonical content, as 64 lower-case hex digits
 * into out. -1 when prev_hash is not a string or out of memory. */
int audit_hash(const json_t *entry, char out[AUDIT_HASH_HEX + 1]);

/* 0 when entry holds what audit_append accepts: every column but id,
 * prev_hash and hash, each of its type and form (see above); -1 with the
 * reason logged (store_log) otherwise. */
int audit_check_entry(const json_t *entry);

/* what audit_verify found */
enum audit_state {
	AUDIT_INTACT,   /* every entry matches its hash and follows the one before */
	AUDIT_ALTERED,  /* an entry's content (or hash) was changed */
	AUDIT_UNLINKED, /* an entry does not follow the one before: removed or inserted */
};

struct audit_report {
	int64_t entries;          /* entries checked */
	enum audit_state state;
	/* intact: the last entry, so that the head can be noted elsewhere and a
	 * removed tail be noticed (0 and "" for an empty log) */
	int64_t last_id;
	char last_hash[AUDIT_HASH_HEX + 1];
	/* altered or unlinked: the first entry that is not right, and for an
	 * unlinked one the entry before it (0 when it is the first) */
	int64_t bad_id;
	char bad_event_id[AUDIT_EVENT_ID_HEX + 8];
	int64_t prev_id;
};

/* Walk the whole log in id order in one read transaction and recompute the
 * chain. 0 with rep filled (state says whether it is intact); -1 with a
 * one-line reason in err when the log cannot be read. */
int audit_verify(struct store *st, struct audit_report *rep, char *err, size_t errlen);

#endif
