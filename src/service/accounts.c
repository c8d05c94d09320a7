/*
 * Accounts, logins and sessions.
 *
 * Passwords are kept only as argon2id hashes (libsodium crypto_pwhash_str).
 * A session or API token is 32 random bytes, handed out once as text and
 * stored only as its SHA-256, so a copy of the database opens no session.
 * Browser sessions end after 30 idle minutes and at the latest 12 hours
 * after the login; API tokens after 90 days; logout ends either at once.
 *
 * Failed logins are counted per user name (whether or not the account
 * exists) and per address. From the 5th failure in a row on a name (the
 * 30th from an address, which may be a whole office behind one router) a
 * further attempt must wait 2, 4, 8 ... seconds (at most 15 minutes) and is
 * answered 429; the 20th failure in a row locks an existing account until
 * an admin unlocks it. A successful login clears both counts. A
 * wrong name, a wrong password, a locked or a disabled account all get the
 * same answer, after the same work (a password check against a dummy hash
 * when there is no account), so answers never tell whether an account
 * exists.
 *
 * Everything lives in the database, so any node can check a session that
 * another node opened.
 */
#include "service/internal.h"

#include <liboath/oath.h>
#include <sodium.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

#include <pthread.h>

#define IDLE_SECONDS (30 * 60)
#define BROWSER_SECONDS (12 * 60 * 60)
#define API_SECONDS (90 * 24 * 60 * 60)
#define TOUCH_SECONDS 60 /* last_seen_at is written at most once a minute */
#define DELAY_FROM 5
#define ADDRESS_DELAY_FROM 30
#define LOCK_AT 20
#define MAX_DELAY 900
#define PASSWORD_MIN 12
#define PASSWORD_MAX 200

#define TOTP_STEP 30
#define TOTP_WINDOW 1 /* one step either side: clocks drift */
#define RECOVERY_CODES 10

static bool second_factor_required = true;

void svc_set_second_factor(bool required)
{
	second_factor_required = required;
}

static unsigned long long ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

int svc_set_password_cost(const char *name)
{
	if (!name || strcmp(name, "interactive") == 0) {
		ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	} else if (strcmp(name, "moderate") == 0) {
		ops_limit = crypto_pwhash_OPSLIMIT_MODERATE;
		mem_limit = crypto_pwhash_MEMLIMIT_MODERATE;
	} else if (strcmp(name, "minimum") == 0) {
		/* for tests under valgrind only: far too cheap for real use */
		ops_limit = crypto_pwhash_OPSLIMIT_MIN;
		mem_limit = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		return -1;
	}
	return 0;
}

static int crypto_ready(struct svc_error *err)
{
	if (sodium_init() < 0) {
		svc_error_set(err, 500, "internal", "", "the cryptography library cannot start");
		return -1;
	}
	return 0;
}

/* ---- small helpers ------------------------------------------------------- */

/* a login or a failed one, for the access log */
static int svc_audit_login(struct svc *s, const char *action, const char *outcome, int64_t user_id,
			   struct svc_error *err)
{
	return svc_audit(s, action, outcome, NULL, user_id, 0, err);
}

static void sha256_hex(const char *text, char hex[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(hex, 65, d, sizeof d);
}

static int64_t now_epoch(void)
{
	return (int64_t)time(NULL);
}

/* a record's timestamp as seconds (0 when absent or unreadable) */
static int64_t rec_time(const json_t *rec, const char *name)
{
	int64_t t = 0;
	const char *s = rec_str(rec, name);
	if (!s || time_parse_iso(s, &t) < 0)
		return 0;
	return t;
}



/* the one record of e whose field equals text, or STORE_NOT_FOUND */
static int find_by(struct svc *s, const struct entity *e, const char *field, const char *text, json_t **out)
{
	json_t *v = json_string(text), *items = NULL;
	struct store_filter f = { model_field(e, field), v, STORE_EQ };
	*out = NULL;
	int rc = v ? s->st->ops->list(s->st, e, &f, 1, 0, 1, &items) : STORE_ERROR;
	if (rc == STORE_OK) {
		if (json_array_size(items) == 0) {
			rc = STORE_NOT_FOUND;
		} else {
			*out = json_incref(json_array_get(items, 0));
		}
	}
	json_decref(items);
	json_decref(v);
	return rc;
}

json_t *svc_user_public(const json_t *user)
{
	json_t *u = json_deep_copy(user);
	if (u) {
		json_object_set_new(u, "second_factor", json_boolean(json_is_string(json_object_get(u, "totp_secret"))));
		json_object_del(u, "password_hash");
		json_object_del(u, "totp_secret");
		json_object_del(u, "totp_last_step");
		json_object_del(u, "recovery_codes");
	}
	return u;
}

/* roles that see personal data need a second factor when it is required */
static bool sees_personal_data(const json_t *user)
{
	static const char *const roles[] = { "intake", "regional_manager", "coordinator" };
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(user, "roles"), i, r) {
		for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++)
			if (json_is_string(r) && strcmp(json_string_value(r), roles[k]) == 0)
				return true;
	}
	return false;
}

/* 2 to 64 of a-z 0-9 . _ -, starting with a letter or digit */
static bool username_valid(const char *u)
{
	size_t n = u ? strlen(u) : 0;
	if (n < 2 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = u[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  (i > 0 && (c == '.' || c == '_' || c == '-'));
		if (!ok)
			return false;
	}
	return true;
}

static int check_password(const char *pw, const char *username, struct svc_error *err)
{
	size_t len = pw ? strlen(pw) : 0;
	if (!pw || !utf8_valid(pw, len)) {
		svc_error_set(err, 422, "invalid_utf8", "password", "the password must be UTF-8 text");
		return -1;
	}
	size_t n = utf8_length(pw, len);
	if (n < PASSWORD_MIN || n > PASSWORD_MAX) {
		svc_error_set(err, 422, "length", "password", "the password must be %d to %d characters long",
			      PASSWORD_MIN, PASSWORD_MAX);
		return -1;
	}
	if (username && strcmp(pw, username) == 0) {
		svc_error_set(err, 422, "rule", "password", "the password must not be the user name");
		return -1;
	}
	return 0;
}

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], struct svc_error *err)
{
	if (crypto_pwhash_str(out, pw, strlen(pw), ops_limit, mem_limit) != 0) {
		svc_error_set(err, 503, "busy", "", "out of memory hashing the password; try again");
		return -1;
	}
	return 0;
}

/* ---- accounts --------------------------------------------------------------- */

/*
 * Who may manage accounts: commands (no account acting) and admins may do
 * everything; any other account only its own name shown, language,
 * password and second factor. 403 otherwise.
 */
static bool acting_admin(const struct svc *s)
{
	if (!s->user)
		return true;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(s->user, "roles"), i, r)
		if (json_is_string(r) && strcmp(json_string_value(r), "admin") == 0)
			return true;
	return false;
}

static bool acting_self(const struct svc *s, const char *username)
{
	const char *own = s->user ? json_string_value(json_object_get(s->user, "username")) : NULL;
	return own && username && strcmp(own, username) == 0;
}

static int refuse_accounts(struct svc_error *err)
{
	svc_error_set(err, 403, "forbidden", "", "only an admin may manage other accounts");
	return -1;
}

/* the fields an account may change about itself */
static bool own_changes_only(const json_t *changes)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)changes, key, v) {
		(void)v;
		if (strcmp(key, "display_name") != 0 && strcmp(key, "language") != 0)
			return false;
	}
	return true;
}

int svc_user_add(struct svc *s, const json_t *input, const char *password, json_t **out, struct svc_error *err)
{
	json_t *rec = NULL, *stored = NULL, *existing = NULL;
	struct verr v;
	char hash[crypto_pwhash_STRBYTES];
	int ret = -1, rc;

	*out = NULL;
	if (!acting_admin(s))
		return refuse_accounts(err);
	if (crypto_ready(err) < 0)
		return -1;
	if (validate_record(&ENTITY_USER, input, V_CREATE, &rec, &v) < 0)
		return svc_fail_validation(err, &v);
	const char *username = rec_str(rec, "username");
	if (!username_valid(username)) {
		svc_error_set(err, 422, "rule", "username",
			      "a user name is 2 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
		goto done;
	}
	if (check_password(password, username, err) < 0 || hash_password(password, hash, err) < 0)
		goto done;
	json_object_set_new(rec, "password_hash", json_string(hash));
	json_object_set_new(rec, "failed_logins", json_integer(0));
	json_object_set_new(rec, "locked", json_false());
	json_object_set_new(rec, "recovery_codes", json_array());
	if (svc_begin(s, true, err) < 0)
		goto done;
	rc = find_by(s, &ENTITY_USER, "username", username, &existing);
	if (rc == STORE_OK) {
		svc_error_set(err, 409, "already_exists", "username", "there is a user %s already", username);
		goto rollback;
	}
	if (rc != STORE_NOT_FOUND) {
		svc_fail_store(err, rc, "user");
		goto rollback;
	}
	if (svc_check_refs(s, &ENTITY_USER, rec, err) < 0)
		goto rollback;
	rc = s->st->ops->insert(s->st, &ENTITY_USER, rec, &stored);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "user");
		goto rollback;
	}
	if (svc_commit(s, err) < 0)
		goto done;
	*out = svc_user_public(stored);
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	sodium_memzero(hash, sizeof hash);
	json_decref(existing);
	json_decref(stored);
	json_decref(rec);
	return ret;
}

/* every session of the user ends (a new password, a disabled account) */
static int end_sessions(struct svc *s, int64_t user_id, struct svc_error *err)
{
	json_t *uid = json_integer(user_id), *items = NULL;
	struct store_filter f = { model_field(&ENTITY_SESSION, "user_id"), uid, STORE_EQ };
	int rc;
	do {
		json_decref(items);
		items = NULL;
		rc = s->st->ops->list(s->st, &ENTITY_SESSION, &f, 1, 0, 500, &items);
		for (size_t i = 0; rc == STORE_OK && i < json_array_size(items); i++)
			rc = s->st->ops->remove(s->st, &ENTITY_SESSION, rec_int(json_array_get(items, i), "id"), -1);
	} while (rc == STORE_OK && json_array_size(items) == 500);
	json_decref(items);
	json_decref(uid);
	return rc == STORE_OK ? 0 : svc_fail_store(err, rc, "session");
}

/* remove a throttle row (a successful login, an unlock) */
static int clear_throttle(struct svc *s, const char *key, struct svc_error *err)
{
	json_t *row = NULL;
	int rc = find_by(s, &ENTITY_LOGIN_THROTTLE, "key", key, &row);
	if (rc == STORE_OK)
		rc = s->st->ops->remove(s->st, &ENTITY_LOGIN_THROTTLE, rec_int(row, "id"), -1);
	json_decref(row);
	return rc == STORE_OK || rc == STORE_NOT_FOUND ? 0 : svc_fail_store(err, rc, "failed logins");
}

/*
 * Change an account: changes may set display_name, roles, region_ids,
 * coordinator_id, funder_id, language, disabled; password (when not NULL)
 * sets a new password; unlock clears the lock and the failed logins. A new
 * password or disabling ends every session of the account.
 */
int svc_user_change(struct svc *s, const char *username, const json_t *changes, const char *password,
		    bool unlock, json_t **out, struct svc_error *err)
{
	json_t *user = NULL, *ch = NULL, *stored = NULL;
	struct verr v;
	char hash[crypto_pwhash_STRBYTES];
	char key[128];
	int ret = -1, rc;

	*out = NULL;
	if (!acting_admin(s) && (!acting_self(s, username) || unlock || (changes && !own_changes_only(changes))))
		return refuse_accounts(err);
	if (crypto_ready(err) < 0)
		return -1;
	if (changes && validate_record(&ENTITY_USER, changes, V_UPDATE, &ch, &v) < 0)
		return svc_fail_validation(err, &v);
	if (!ch)
		ch = json_object();
	if (!ch) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		goto done;
	}
	if (password) {
		if (check_password(password, username, err) < 0 || hash_password(password, hash, err) < 0)
			goto done;
		json_object_set_new(ch, "password_hash", json_string(hash));
	}
	if (unlock) {
		json_object_set_new(ch, "locked", json_false());
		json_object_set_new(ch, "failed_logins", json_integer(0));
	}
	if (svc_begin(s, true, err) < 0)
		goto done;
	rc = find_by(s, &ENTITY_USER, "username", username ? username : "", &user);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "user");
		goto rollback;
	}
	if (svc_check_refs(s, &ENTITY_USER, ch, err) < 0)
		goto rollback;
	rc = s->st->ops->update(s->st, &ENTITY_USER, rec_int(user, "id"), -1, ch, &stored);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "user");
		goto rollback;
	}
	if ((password || rec_bool(stored, "disabled")) && end_sessions(s, rec_int(user, "id"), err) < 0)
		goto rollback;
	snprintf(key, sizeof key, "user:%s", username);
	if (unlock && clear_throttle(s, key, err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0)
		goto done;
	*out = svc_user_public(stored);
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	sodium_memzero(hash, sizeof hash);
	json_decref(user);
	json_decref(ch);
	json_decref(stored);
	return ret;
}

/* set system fields (the second factor) of an account, without validation:
 * only kring's own code calls this */
static int svc_user_set_system(struct svc *s, const char *username, const json_t *ch, json_t **out,
			       struct svc_error *err)
{
	json_t *user = NULL, *stored = NULL;
	int ret = -1;
	*out = NULL;
	if (svc_begin(s, true, err) < 0)
		return -1;
	int rc = find_by(s, &ENTITY_USER, "username", username ? username : "", &user);
	if (rc == STORE_OK)
		rc = s->st->ops->update(s->st, &ENTITY_USER, rec_int(user, "id"), -1, ch, &stored);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "user");
		s->st->ops->rollback(s->st);
		goto done;
	}
	if (svc_commit(s, err) < 0)
		goto done;
	*out = svc_user_public(stored);
	ret = 0;
done:
	json_decref(user);
	json_decref(stored);
	return ret;
}

int svc_user_list(struct svc *s, json_t **out, struct svc_error *err)
{
	json_t *all = json_array(), *items = NULL;
	int64_t after = 0;
	int rc = all ? STORE_OK : STORE_ERROR;

	*out = NULL;
	if (!acting_admin(s)) {
		json_decref(all);
		return refuse_accounts(err);
	}
	while (rc == STORE_OK) {
		rc = s->st->ops->list(s->st, &ENTITY_USER, NULL, 0, after, 500, &items);
		for (size_t i = 0; rc == STORE_OK && i < json_array_size(items); i++) {
			json_t *u = json_array_get(items, i);
			json_array_append_new(all, svc_user_public(u));
			after = rec_int(u, "id");
		}
		size_t n = json_array_size(items);
		json_decref(items);
		items = NULL;
		if (n < 500)
			break;
	}
	if (rc != STORE_OK) {
		json_decref(all);
		return svc_fail_store(err, rc, "user");
	}
	*out = all;
	return 0;
}

/* ---- logins --------------------------------------------------------------- */

/* seconds still to wait before another attempt on this throttle row, which
 * starts to count from the from-th failure */
static int64_t wait_left(const json_t *row, int64_t from, int64_t now)
{
	int64_t failures = rec_int(row, "failures");
	if (!row || failures < from)
		return 0;
	int64_t shift = failures - from + 1;
	int64_t delay = shift >= 10 ? MAX_DELAY : (int64_t)1 << shift;
	if (delay > MAX_DELAY)
		delay = MAX_DELAY;
	int64_t until = rec_time(row, "last_failed_at") + delay;
	return until > now ? until - now : 0;
}

/* one more failure on the throttle row for key */
static int count_failure(struct svc *s, const char *key, const char *at, int64_t *failures, struct svc_error *err)
{
	json_t *row = NULL, *rec = NULL;
	int rc = find_by(s, &ENTITY_LOGIN_THROTTLE, "key", key, &row);
	if (rc == STORE_NOT_FOUND) {
		*failures = 1;
		rec = json_pack("{s:s, s:I, s:s}", "key", key, "failures", (json_int_t)1, "last_failed_at", at);
		rc = rec ? s->st->ops->insert(s->st, &ENTITY_LOGIN_THROTTLE, rec, NULL) : STORE_ERROR;
	} else if (rc == STORE_OK) {
		*failures = rec_int(row, "failures") + 1;
		rec = json_pack("{s:I, s:s}", "failures", (json_int_t)*failures, "last_failed_at", at);
		rc = rec ? s->st->ops->update(s->st, &ENTITY_LOGIN_THROTTLE, rec_int(row, "id"), -1, rec, NULL)
			 : STORE_ERROR;
	}
	json_decref(row);
	json_decref(rec);
	return rc == STORE_OK ? 0 : svc_fail_store(err, rc, "failed logins");
}

static int login_refused(struct svc_error *err)
{
	svc_error_set(err, 401, "login_failed", "", "wrong user name or password");
	return -1;
}

/* a new random token (43 characters of base64url) and its hash */
static void new_token(char token[SVC_TOKEN_LEN], char hash[65])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, SVC_TOKEN_LEN, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	sha256_hex(token, hash);
}

/* before the password check: is this attempt allowed now? 429 when not */
static int check_throttle(struct svc *s, const char *user_key, const char *addr_key, json_t **user,
			  const char *username, struct svc_error *err)
{
	json_t *urow = NULL, *arow = NULL;
	int64_t now = now_epoch(), wait;
	int ret = -1, rc;

	*user = NULL;
	if (s->st->ops->begin(s->st, false) != STORE_OK)
		return svc_fail_store(err, STORE_BUSY, "transaction");
	rc = find_by(s, &ENTITY_LOGIN_THROTTLE, "key", user_key, &urow);
	if (rc == STORE_OK || rc == STORE_NOT_FOUND)
		rc = find_by(s, &ENTITY_LOGIN_THROTTLE, "key", addr_key, &arow);
	if (rc == STORE_OK || rc == STORE_NOT_FOUND)
		rc = find_by(s, &ENTITY_USER, "username", username, user);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
		svc_fail_store(err, rc, "user");
		goto done;
	}
	wait = wait_left(urow, DELAY_FROM, now);
	if (wait_left(arow, ADDRESS_DELAY_FROM, now) > wait)
		wait = wait_left(arow, ADDRESS_DELAY_FROM, now);
	if (wait > 0) {
		svc_error_set(err, 429, "too_many_attempts", "",
			      "too many failed logins; try again in %lld seconds", (long long)wait);
		goto done;
	}
	ret = 0;
done:
	s->st->ops->rollback(s->st);
	if (ret < 0) {
		json_decref(*user);
		*user = NULL;
	}
	json_decref(urow);
	json_decref(arow);
	return ret;
}

static int record_failure(struct svc *s, const json_t *user, const char *user_key, const char *addr_key,
			  struct svc_error *err)
{
	char at[21];
	int64_t nuser = 0, naddr = 0;
	time_now_iso(at);
	if (svc_begin_logged(s, err) < 0)
		return -1;
	if (count_failure(s, user_key, at, &nuser, err) < 0 || count_failure(s, addr_key, at, &naddr, err) < 0)
		goto rollback;
	if (user) {
		json_t *ch = json_pack("{s:I, s:s}", "failed_logins", (json_int_t)(rec_int(user, "failed_logins") + 1),
				       "last_failed_at", at);
		if (ch && nuser >= LOCK_AT)
			json_object_set_new(ch, "locked", json_true());
		int rc = ch ? s->st->ops->update(s->st, &ENTITY_USER, rec_int(user, "id"), -1, ch, NULL) : STORE_ERROR;
		json_decref(ch);
		if (rc != STORE_OK) {
			svc_fail_store(err, rc, "user");
			goto rollback;
		}
	}
	if (svc_audit_login(s, "login_failed", "failed", user ? rec_int(user, "id") : 0, err) < 0)
		goto rollback;
	return svc_commit(s, err);
rollback:
	s->st->ops->rollback(s->st);
	return -1;
}

/* ---- the second factor ---------------------------------------------------- */

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_ready_rc = -1;

static void oath_start(void)
{
	oath_ready_rc = oath_init();
}

/* a recovery code as typed ("abcd-efgh", "ABCD EFGH") in the form hashed */
static void normalise_code(const char *in, char *out, size_t len)
{
	size_t n = 0;
	for (const char *p = in; *p && n + 1 < len; p++) {
		char c = *p;
		if (c == '-' || c == ' ')
			continue;
		out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	out[n] = '\0';
}

/*
 * Check a code against the account's second factor: six digits are a TOTP
 * code (RFC 6238, 30 s steps, one step of drift either way, each step used
 * once), anything else a recovery code (used once). On success *changes
 * holds what the login must store (the step used, or the remaining codes).
 */
static int check_second_factor(const json_t *user, const char *code, json_t **changes)
{
	*changes = NULL;
	size_t len = strlen(code);
	bool digits = len == 6 && strspn(code, "0123456789") == 6;
	if (digits) {
		char *raw = NULL;
		size_t rawlen = 0;
		const char *secret = rec_str(user, "totp_secret");
		int pos = 0;
		pthread_once(&oath_once, oath_start);
		if (oath_ready_rc != OATH_OK || !secret ||
		    oath_base32_decode(secret, strlen(secret), &raw, &rawlen) != OATH_OK)
			return -1;
		time_t now = time(NULL);
		int rc = oath_totp_validate2(raw, rawlen, now, TOTP_STEP, 0, TOTP_WINDOW, &pos, code);
		sodium_memzero(raw, rawlen);
		free(raw);
		if (rc < 0)
			return -1;
		int64_t step = (int64_t)now / TOTP_STEP + pos;
		if (step <= rec_int(user, "totp_last_step"))
			return -1; /* this code was used already */
		*changes = json_pack("{s:I}", "totp_last_step", (json_int_t)step);
		return *changes ? 0 : -1;
	}
	char norm[64], hash[65];
	if (len > 40)
		return -1;
	normalise_code(code, norm, sizeof norm);
	sha256_hex(norm, hash);
	json_t *left = json_array();
	size_t i;
	json_t *h;
	bool found = false;
	json_array_foreach(json_object_get(user, "recovery_codes"), i, h) {
		if (!found && json_is_string(h) && sodium_memcmp(json_string_value(h), hash, 64) == 0 &&
		    json_string_length(h) == 64)
			found = true;
		else
			json_array_append(left, h);
	}
	if (!found) {
		json_decref(left);
		return -1;
	}
	*changes = json_pack("{s:o}", "recovery_codes", left);
	return *changes ? 0 : -1;
}

/* RECOVERY_CODES new recovery codes: *shown as the person writes them
 * down ("abcd-efgh"), *hashes as stored (SHA-256 of the normalised code) */
static int make_recovery_codes(json_t **shown, json_t **hashes, struct svc_error *err)
{
	*shown = json_array();
	*hashes = json_array();
	for (int i = 0; *shown && *hashes && i < RECOVERY_CODES; i++) {
		unsigned char r[5];
		char *b32 = NULL, norm[16], text[16], hash[65];
		size_t b32len = 0;
		randombytes_buf(r, sizeof r);
		if (oath_base32_encode((const char *)r, sizeof r, &b32, &b32len) != OATH_OK || b32len < 8) {
			free(b32);
			break;
		}
		normalise_code(b32, norm, sizeof norm);
		free(b32);
		snprintf(text, sizeof text, "%.4s-%.4s", norm, norm + 4);
		sha256_hex(norm, hash);
		json_array_append_new(*shown, json_string(text));
		json_array_append_new(*hashes, json_string(hash));
	}
	if (*shown && *hashes && json_array_size(*hashes) == RECOVERY_CODES)
		return 0;
	json_decref(*shown);
	json_decref(*hashes);
	*shown = *hashes = NULL;
	svc_error_set(err, 500, "internal", "", "the recovery codes cannot be made");
	return -1;
}

static void totp_uri(const char *username, const char *secret, char uri[SVC_TOTP_URI_LEN])
{
	snprintf(uri, SVC_TOTP_URI_LEN, "otpauth://totp/kring:%s?secret=%s&issuer=kring&digits=6&period=%d",
		 username, secret, TOTP_STEP);
}

int svc_totp_secret(const char *username, char secret[SVC_TOTP_SECRET_LEN], char uri[SVC_TOTP_URI_LEN])
{
	unsigned char raw[20];
	char *b32 = NULL;
	size_t len = 0;
	secret[0] = uri[0] = '\0';
	pthread_once(&oath_once, oath_start);
	randombytes_buf(raw, sizeof raw);
	int rc = oath_ready_rc == OATH_OK ? oath_base32_encode((const char *)raw, sizeof raw, &b32, &len) : -1;
	sodium_memzero(raw, sizeof raw);
	if (rc != OATH_OK || len + 1 != SVC_TOTP_SECRET_LEN) {
		free(b32);
		return -1;
	}
	memcpy(secret, b32, len + 1);
	sodium_memzero(b32, len);
	free(b32);
	totp_uri(username, secret, uri);
	return 0;
}

/* a secret as svc_totp_secret makes it: 32 characters of base32 */
static bool secret_valid(const char *s)
{
	return s && strlen(s) + 1 == SVC_TOTP_SECRET_LEN && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") + 1 ==
								       SVC_TOTP_SECRET_LEN;
}

int svc_user_totp(struct svc *s, const char *username, bool remove, char uri[SVC_TOTP_URI_LEN], json_t **codes,
		  struct svc_error *err)
{
	unsigned char raw[20];
	char *secret = NULL;
	size_t secret_len = 0;
	json_t *ch = NULL, *out = NULL, *hashes = NULL;
	int ret = -1;

	uri[0] = '\0';
	*codes = NULL;
	if (!acting_admin(s) && !acting_self(s, username))
		return refuse_accounts(err);
	if (crypto_ready(err) < 0)
		return -1;
	if (remove) {
		ch = json_pack("{s:n, s:n, s:[]}", "totp_secret", "totp_last_step", "recovery_codes");
	} else {
		pthread_once(&oath_once, oath_start);
		randombytes_buf(raw, sizeof raw);
		if (oath_ready_rc != OATH_OK ||
		    oath_base32_encode((const char *)raw, sizeof raw, &secret, &secret_len) != OATH_OK) {
			svc_error_set(err, 500, "internal", "", "the second factor cannot be made");
			goto done;
		}
		if (make_recovery_codes(codes, &hashes, err) < 0)
			goto done;
		ch = json_pack("{s:s, s:n, s:O}", "totp_secret", secret, "totp_last_step", "recovery_codes", hashes);
	}
	if (!ch) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		goto done;
	}
	/* through the generic change: the system fields go in unchecked */
	if (svc_user_set_system(s, username, ch, &out, err) < 0)
		goto done;
	if (!remove)
		totp_uri(username, secret, uri);
	ret = 0;
done:
	sodium_memzero(raw, sizeof raw);
	if (secret) {
		sodium_memzero(secret, secret_len);
		free(secret);
	}
	if (ret < 0) {
		json_decref(*codes);
		*codes = NULL;
	}
	json_decref(ch);
	json_decref(out);
	json_decref(hashes);
	return ret;
}

static int login(struct svc *s, const struct svc_login *in, char token[SVC_TOKEN_LEN], json_t **user_out,
		 json_t **session_out, json_t **codes_out, struct svc_error *err)
{
	static char dummy[crypto_pwhash_STRBYTES];
	json_t *user = NULL, *rec = NULL, *session = NULL, *factor = NULL;
	char user_key[128], addr_key[128], hash[65], now[21], expires[21];
	bool api = in->kind && strcmp(in->kind, "api") == 0;
	int ret = -1;

	*user_out = NULL;
	*session_out = NULL;
	token[0] = '\0';
	if (codes_out)
		*codes_out = NULL;
	if (crypto_ready(err) < 0)
		return -1;
	if (!in->username || !*in->username) {
		svc_error_set(err, 422, "required", "username", "give a user name");
		return -1;
	}
	/* no account can have another name: refused before it is counted or
	 * logged, so that no control character reaches the access log */
	if (!username_valid(in->username)) {
		svc_error_set(err, 422, "rule", "username",
			      "a user name is 2 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
		return -1;
	}
	if (!in->password || !*in->password || strlen(in->password) > 4 * PASSWORD_MAX) {
		svc_error_set(err, 422, "required", "password", "give a password");
		return -1;
	}
	snprintf(user_key, sizeof user_key, "user:%s", in->username);
	snprintf(addr_key, sizeof addr_key, "address:%s", in->address ? in->address : "");
	if (check_throttle(s, user_key, addr_key, &user, in->username, err) < 0)
		return -1;

	/* the same work whether or not the account exists */
	const char *stored_hash = rec_str(user, "password_hash");
	if (!stored_hash) {
		if (!dummy[0] && crypto_pwhash_str(dummy, "no such account", 15, ops_limit, mem_limit) != 0) {
			svc_error_set(err, 503, "busy", "", "out of memory; try again");
			goto done;
		}
		stored_hash = dummy;
	}
	bool match = crypto_pwhash_str_verify(stored_hash, in->password, strlen(in->password)) == 0;
	bool usable = user && match && !rec_bool(user, "locked") && !rec_bool(user, "disabled") &&
		      rec_str(user, "password_hash");
	struct svc attempt = *s;
	attempt.actor = in->username; /* who it claimed to be, for the log */
	if (!usable) {
		if (record_failure(&attempt, user, user_key, addr_key, err) == 0)
			login_refused(err);
		goto done;
	}
	/* the second factor: with the right password only */
	if (rec_str(user, "totp_secret")) {
		if (!in->code || !*in->code) {
			svc_error_set(err, 401, "second_factor_required", "code",
				      "give the code of your authenticator app, or a recovery code");
			goto done;
		}
		if (check_second_factor(user, in->code, &factor) < 0) {
			if (record_failure(&attempt, user, user_key, addr_key, err) == 0)
				login_refused(err);
			goto done;
		}
	} else if (in->new_secret && codes_out) {
		/* a second factor set up with this login: its first code proves
		 * that the authenticator app holds the secret */
		json_t *probe = secret_valid(in->new_secret)
					? json_pack("{s:s, s:I}", "totp_secret", in->new_secret, "totp_last_step", (json_int_t)0)
					: NULL;
		json_t *hashes = NULL;
		bool ok = probe && in->code && check_second_factor(probe, in->code, &factor) == 0;
		json_decref(probe);
		if (!ok) {
			svc_error_set(err, 422, "invalid", "code",
				      "the code does not match the new second factor: check the app's clock and "
				      "type the code it shows now");
			goto done;
		}
		if (make_recovery_codes(codes_out, &hashes, err) < 0)
			goto done;
		json_object_set_new(factor, "totp_secret", json_string(in->new_secret));
		json_object_set_new(factor, "recovery_codes", hashes);
	} else if (second_factor_required && sees_personal_data(user)) {
		svc_error_set(err, 401, "second_factor_not_set_up", "",
			      "this account sees personal data and needs a second factor first: "
			      "ask an admin to run kring user totp %s", in->username);
		goto done;
	}

	/* a session, and the failures forgotten */
	time_now_iso(now);
	time_iso(now_epoch() + (api ? API_SECONDS : BROWSER_SECONDS), expires);
	new_token(token, hash);
	rec = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "token_hash", hash, "user_id",
			(json_int_t)rec_int(user, "id"), "kind", api ? "api" : "browser", "last_seen_at", now,
			"expires_at", expires, "address", in->address ? in->address : "");
	if (!rec) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		goto done;
	}
	if (in->label)
		json_object_set_new(rec, "label", json_string(in->label));
	if (svc_begin_logged(s, err) < 0)
		goto done;
	int rc = s->st->ops->insert(s->st, &ENTITY_SESSION, rec, &session);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "session");
		goto rollback;
	}
	if (rec_int(user, "failed_logins") > 0 || factor) {
		/* with the version read: of two logins with one code, one fails */
		json_t *ch = factor ? json_incref(factor) : json_object();
		if (ch && rec_int(user, "failed_logins") > 0)
			json_object_set_new(ch, "failed_logins", json_integer(0));
		rc = ch ? s->st->ops->update(s->st, &ENTITY_USER, rec_int(user, "id"), rec_int(user, "version"), ch,
					     NULL)
			: STORE_ERROR;
		json_decref(ch);
		if (rc == STORE_CONFLICT) {
			login_refused(err);
			goto rollback;
		}
		if (rc != STORE_OK) {
			svc_fail_store(err, rc, "user");
			goto rollback;
		}
	}
	if (clear_throttle(s, user_key, err) < 0 || clear_throttle(s, addr_key, err) < 0)
		goto rollback;
	struct svc as_user = *s;
	as_user.actor = rec_str(user, "username");
	if (svc_audit_login(&as_user, "login", "success", rec_int(user, "id"), err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0)
		goto done;
	*user_out = svc_user_public(user);
	*session_out = session;
	session = NULL;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	if (ret < 0) {
		sodium_memzero(token, SVC_TOKEN_LEN);
		if (codes_out) {
			json_decref(*codes_out);
			*codes_out = NULL;
		}
	}
	json_decref(user);
	json_decref(rec);
	json_decref(session);
	json_decref(factor);
	return ret;
}

int svc_login(struct svc *s, const struct svc_login *in, char token[SVC_TOKEN_LEN], json_t **user_out,
	      json_t **session_out, struct svc_error *err)
{
	return login(s, in, token, user_out, session_out, NULL, err);
}

int svc_login_enrol(struct svc *s, const struct svc_login *in, char token[SVC_TOKEN_LEN], json_t **user_out,
		    json_t **session_out, json_t **codes, struct svc_error *err)
{
	*codes = NULL;
	if (!in->new_secret) {
		svc_error_set(err, 422, "required", "new_secret", "give the new second factor's secret");
		return -1;
	}
	return login(s, in, token, user_out, session_out, codes, err);
}

int svc_password_check(struct svc *s, const char *password, struct svc_error *err)
{
	const char *username = s->user ? rec_str(s->user, "username") : NULL;
	char user_key[128], addr_key[128];
	json_t *user = NULL;
	if (!username) {
		svc_error_set(err, 401, "unauthenticated", "", "log in first");
		return -1;
	}
	if (crypto_ready(err) < 0)
		return -1;
	if (!password || !*password || strlen(password) > 4 * PASSWORD_MAX) {
		svc_error_set(err, 422, "required", "password", "give your password");
		return -1;
	}
	snprintf(user_key, sizeof user_key, "user:%s", username);
	snprintf(addr_key, sizeof addr_key, "address:%s", s->address ? s->address : "");
	if (check_throttle(s, user_key, addr_key, &user, username, err) < 0)
		return -1;
	const char *hash = rec_str(user, "password_hash");
	bool match = hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	int ret = 0;
	if (!match) {
		/* a wrong password counts like a failed login: it may lock the account */
		if (record_failure(s, user, user_key, addr_key, err) == 0)
			svc_error_set(err, 401, "login_failed", "password", "the password is not right");
		ret = -1;
	}
	json_decref(user);
	return ret;
}

/* ---- sessions --------------------------------------------------------------- */

void svc_csrf_token(const char *token, char out[65])
{
	char buf[SVC_TOKEN_LEN + 8];
	out[0] = '\0';
	if (!token || sodium_init() < 0)
		return;
	snprintf(buf, sizeof buf, "csrf:%s", token);
	sha256_hex(buf, out);
	sodium_memzero(buf, sizeof buf);
}

static int no_session(struct svc_error *err)
{
	svc_error_set(err, 401, "unauthenticated", "", "log in first (POST /api/v1/session), or send a valid token");
	return -1;
}

int svc_session(struct svc *s, const char *token, json_t **user_out, json_t **session_out, struct svc_error *err)
{
	json_t *session = NULL, *user = NULL;
	char hash[65];
	int64_t now = now_epoch();
	int ret = -1, rc;

	*user_out = NULL;
	*session_out = NULL;
	if (!token || strlen(token) != SVC_TOKEN_LEN - 1)
		return no_session(err);
	if (crypto_ready(err) < 0)
		return -1;
	sha256_hex(token, hash);
	rc = find_by(s, &ENTITY_SESSION, "token_hash", hash, &session);
	if (rc == STORE_NOT_FOUND) {
		no_session(err);
		goto done;
	}
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "session");
		goto done;
	}
	bool browser = strcmp(rec_str(session, "kind") ? rec_str(session, "kind") : "", "browser") == 0;
	int64_t last = rec_time(session, "last_seen_at");
	if (now >= rec_time(session, "expires_at") || (browser && now - last >= IDLE_SECONDS)) {
		/* over: removed, so the token can never work again */
		if (s->st->ops->remove(s->st, &ENTITY_SESSION, rec_int(session, "id"), -1) != STORE_OK)
			(void)0; /* removed by another request meanwhile, or gone with the database */
		svc_error_set(err, 401, "session_expired", "", "the session has ended; log in again");
		goto done;
	}
	rc = s->st->ops->get(s->st, &ENTITY_USER, rec_int(session, "user_id"), &user);
	if (rc != STORE_OK || rec_bool(user, "disabled") || rec_bool(user, "locked")) {
		no_session(err);
		goto done;
	}
	if (now - last >= TOUCH_SECONDS) {
		char at[21];
		time_iso(now, at);
		json_t *ch = json_pack("{s:s}", "last_seen_at", at);
		/* a lost race with another request touching it is harmless */
		(void)s->st->ops->update(s->st, &ENTITY_SESSION, rec_int(session, "id"), -1, ch, NULL);
		json_decref(ch);
	}
	*user_out = svc_user_public(user);
	*session_out = session;
	session = NULL;
	ret = 0;
done:
	json_decref(session);
	json_decref(user);
	return ret;
}

int svc_logout(struct svc *s, const char *token, struct svc_error *err)
{
	json_t *session = NULL;
	char hash[65];
	int ret = -1;

	if (!token || crypto_ready(err) < 0)
		return no_session(err);
	sha256_hex(token, hash);
	if (svc_begin_logged(s, err) < 0)
		return -1;
	int rc = find_by(s, &ENTITY_SESSION, "token_hash", hash, &session);
	if (rc == STORE_OK)
		rc = s->st->ops->remove(s->st, &ENTITY_SESSION, rec_int(session, "id"), -1);
	if (rc == STORE_NOT_FOUND) {
		no_session(err);
		goto rollback;
	}
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "session");
		goto rollback;
	}
	if (svc_audit_login(s, "logout", "success", rec_int(session, "user_id"), err) < 0)
		goto rollback;
	ret = svc_commit(s, err);
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	json_decref(session);
	return ret;
}
