/*
 * The access log's entries: their canonical form and hash, defined here once
 * for appending (the backends' audit_append) and for checking (audit_verify,
 * kring audit verify), and the walk over the whole chain. See store/audit.h.
 */
#include "store/audit.h"
#include "store/backend.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

#define PAGE 1000

const char audit_genesis[AUDIT_HASH_HEX + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

const struct field audit_columns[] = {
	{ .name = "id", .type = FT_INT },
	{ .name = "event_id", .type = FT_TEXT },
	{ .name = "at", .type = FT_TIMESTAMP },
	{ .name = "action", .type = FT_TEXT },
	{ .name = "outcome", .type = FT_TEXT },
	{ .name = "user_name", .type = FT_TEXT },
	{ .name = "role", .type = FT_TEXT },
	{ .name = "on_behalf_of", .type = FT_TEXT },
	{ .name = "request_id", .type = FT_INT },
	{ .name = "object_type", .type = FT_TEXT },
	{ .name = "object_id", .type = FT_INT },
	{ .name = "address", .type = FT_TEXT },
	{ .name = "prev_hash", .type = FT_TEXT },
	{ .name = "hash", .type = FT_TEXT },
};
const size_t audit_ncolumns = sizeof(audit_columns) / sizeof(audit_columns[0]);

const struct entity audit_table = { "access_log", "access_log", "", "Access log", NULL, 0,
				    E_NO_CREATE | E_NO_UPDATE };

static const char *const actions[] = { "create", "read", "update", "delete", "export",
				       "login", "login_failed", "logout", NULL };
static const char *const outcomes[] = { "success", "denied", "failed", NULL };

static bool hashed(const char *column)
{
	return strcmp(column, "id") != 0 && strcmp(column, "hash") != 0;
}

char *audit_canonical(const json_t *entry)
{
	json_t *c = json_object();
	char *text = NULL;

	if (!c)
		return NULL;
	for (size_t i = 0; i < audit_ncolumns; i++) {
		const char *name = audit_columns[i].name;
		json_t *v = json_object_get(entry, name);
		if (!hashed(name))
			continue;
		if (json_object_set_new_nocheck(c, name, v ? json_incref(v) : json_null()) < 0)
			goto cleanup;
	}
	text = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
cleanup:
	json_decref(c);
	return text;
}

int audit_hash(const json_t *entry, char out[AUDIT_HASH_HEX + 1])
{
	const char *prev = json_string_value(json_object_get(entry, "prev_hash"));
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state state;
	char *content;

	out[0] = '\0';
	if (!prev)
		return -1;
	content = audit_canonical(entry);
	if (!content)
		return -1;
	crypto_hash_sha256_init(&state);
	crypto_hash_sha256_update(&state, (const unsigned char *)prev, strlen(prev));
	crypto_hash_sha256_update(&state, (const unsigned char *)content, strlen(content));
	crypto_hash_sha256_final(&state, digest);
	sodium_bin2hex(out, AUDIT_HASH_HEX + 1, digest, sizeof digest);
	free(content);
	return 0;
}

static bool lower_hex(const char *s, size_t len)
{
	if (!s || strlen(s) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool one_of(const char *s, const char *const *list)
{
	for (size_t i = 0; s && list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* YYYY-MM-DDTHH:MM:SSZ exactly: the one form both backends give back as it
 * was given, so that the hash still matches when the entry is read */
static bool utc_timestamp(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	char day[11];

	if (!s || strlen(s) != sizeof shape - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	int hh = (s[11] - '0') * 10 + (s[12] - '0');
	int mm = (s[14] - '0') * 10 + (s[15] - '0');
	int ss = (s[17] - '0') * 10 + (s[18] - '0');
	return date_valid(day) && hh < 24 && mm < 60 && ss < 60;
}

static int bad(const char *column, const char *why)
{
	store_log("access log entry: %s %s", column, why);
	return -1;
}

int audit_check_entry(const json_t *entry)
{
	if (!json_is_object(entry))
		return bad("entry", "is not a JSON object");
	for (void *it = json_object_iter((json_t *)entry); it; it = json_object_iter_next((json_t *)entry, it)) {
		const char *key = json_object_iter_key(it);
		size_t i;
		for (i = 0; i < audit_ncolumns && strcmp(audit_columns[i].name, key) != 0; i++)
			;
		if (i == audit_ncolumns)
			return bad(key, "is not a column of access_log");
	}
	for (size_t i = 0; i < audit_ncolumns; i++) {
		const char *name = audit_columns[i].name;
		json_t *v = json_object_get(entry, name);
		if (strcmp(name, "id") == 0 || strcmp(name, "prev_hash") == 0 || strcmp(name, "hash") == 0)
			continue;
		bool nullable = strcmp(name, "on_behalf_of") == 0 || audit_columns[i].type == FT_INT;
		if (!v || json_is_null(v)) {
			if (!nullable)
				return bad(name, "is missing");
			continue;
		}
		if (audit_columns[i].type == FT_INT ? !json_is_integer(v) : !json_is_string(v))
			return bad(name, "has the wrong JSON type");
	}
	if (!lower_hex(json_string_value(json_object_get(entry, "event_id")), AUDIT_EVENT_ID_HEX))
		return bad("event_id", "is not 32 lower-case hex digits");
	if (!utc_timestamp(json_string_value(json_object_get(entry, "at"))))
		return bad("at", "is not a time YYYY-MM-DDTHH:MM:SSZ");
	if (!one_of(json_string_value(json_object_get(entry, "action")), actions))
		return bad("action", "is not one of the actions");
	if (!one_of(json_string_value(json_object_get(entry, "outcome")), outcomes))
		return bad("outcome", "is not one of the outcomes");
	return 0;
}

/* ---- the whole chain ---------------------------------------------------- */


/* note the entry that breaks the chain */
static void broken(struct audit_report *rep, enum audit_state state, const json_t *entry, int64_t prev_id)
{
	const char *event = json_string_value(json_object_get(entry, "event_id"));
	rep->state = state;
	rep->bad_id = (int64_t)json_integer_value(json_object_get(entry, "id"));
	snprintf(rep->bad_event_id, sizeof rep->bad_event_id, "%s", event ? event : "");
	/* a tampered entry may hold anything: nothing that moves a terminal */
	for (char *p = rep->bad_event_id; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	rep->prev_id = prev_id;
}

/*
 * Each entry's hash is recomputed from its content first: a mismatch means
 * the entry itself was changed (its prev_hash included). Then its prev_hash
 * must be the hash of the entry before: a mismatch means the entry before it
 * was removed, or it was put there by hand. Only the first finding counts:
 * after it nothing can be trusted.
 */
int audit_verify(struct store *st, struct audit_report *rep, char *err, size_t errlen)
{
	char expected[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
	int64_t after = 0, prev_id = 0;
	int ret = -1;

	memset(rep, 0, sizeof *rep);
	rep->state = AUDIT_INTACT;
	memcpy(expected, audit_genesis, sizeof expected);
	if (sodium_init() < 0) {
		store_set_err(err, errlen, "libsodium cannot start");
		return -1;
	}
	if (st->ops->begin(st, false) != STORE_OK) {
		store_set_err(err, errlen, "cannot start reading: %s", store_last_error());
		return -1;
	}
	for (;;) {
		json_t *items = NULL;
		if (st->ops->audit_list(st, after, PAGE, 0, &items) != STORE_OK) {
			store_set_err(err, errlen, "reading the access log: %s", store_last_error());
			goto cleanup;
		}
		size_t n = json_array_size(items);
		for (size_t i = 0; i < n && rep->state == AUDIT_INTACT; i++) {
			const json_t *entry = json_array_get(items, i);
			const char *stored = json_string_value(json_object_get(entry, "hash"));
			const char *prev = json_string_value(json_object_get(entry, "prev_hash"));
			int64_t id = (int64_t)json_integer_value(json_object_get(entry, "id"));
			if (audit_hash(entry, hash) < 0 && prev) {
				json_decref(items);
				store_set_err(err, errlen, "out of memory");
				goto cleanup;
			}
			rep->entries++;
			if (!stored || !prev || strcmp(hash, stored) != 0)
				broken(rep, AUDIT_ALTERED, entry, prev_id);
			else if (strcmp(prev, expected) != 0)
				broken(rep, AUDIT_UNLINKED, entry, prev_id);
			else {
				memcpy(expected, stored, sizeof expected);
				prev_id = after = id;
			}
		}
		json_decref(items);
		if (n < PAGE || rep->state != AUDIT_INTACT)
			break;
	}
	if (rep->state == AUDIT_INTACT && rep->entries > 0) {
		rep->last_id = prev_id;
		memcpy(rep->last_hash, expected, sizeof rep->last_hash);
	}
	ret = 0;
cleanup:
	st->ops->rollback(st); /* read only */
	return ret;
}
