/*
 * The access log from the use cases' side (NEN 7513): which records it
 * covers, and the entry for one read or change. The entry's form, its hash
 * and the chain are the store's (store/audit.h).
 */
#include "service/internal.h"

#include <sodium.h>

#include "store/audit.h"
#include "util/text.h"

bool svc_audit_covers(const struct entity *e)
{
	return e == &ENTITY_REQUEST || e == &ENTITY_COORDINATOR || model_parent(e) != NULL;
}

int64_t svc_audit_request_of(const struct entity *e, const json_t *rec)
{
	const struct field *parent = model_parent(e);
	if (e == &ENTITY_REQUEST)
		return rec_int(rec, "id");
	return parent ? rec_int(rec, parent->name) : 0;
}

int svc_begin_logged(struct svc *s, struct svc_error *err)
{
	int rc = s->st->ops->begin(s->st, true);
	if (rc == STORE_OK) {
		rc = s->st->ops->audit_lock(s->st);
		if (rc != STORE_OK)
			s->st->ops->rollback(s->st);
	}
	return rc == STORE_OK ? 0 : svc_fail_store(err, rc, "transaction");
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

int svc_audit(struct svc *s, const char *action, const char *outcome, const struct entity *e,
	      int64_t object_id, int64_t request_id, struct svc_error *err)
{
	unsigned char rnd[AUDIT_EVENT_ID_HEX / 2];
	char event_id[AUDIT_EVENT_ID_HEX + 1], now[21];
	json_t *entry = NULL;
	int ret = -1;

	if (sodium_init() < 0) {
		svc_error_set(err, 500, "internal", "", "the cryptography library cannot start");
		return -1;
	}
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(event_id, sizeof event_id, rnd, sizeof rnd);
	time_now_iso(now);
	entry = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:n, s:o, s:s, s:o, s:s}",
			  "event_id", event_id, "at", now, "action", action, "outcome", outcome,
			  "user_name", s->actor ? s->actor : "", "role", s->role ? s->role : "",
			  "on_behalf_of", "request_id", id_or_null(request_id),
			  "object_type", e ? e->name : "session", "object_id", id_or_null(object_id),
			  "address", s->address ? s->address : "");
	if (!entry) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		goto cleanup;
	}
	int rc = s->st->ops->audit_append(s->st, entry);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "access log");
		goto cleanup;
	}
	ret = 0;
cleanup:
	json_decref(entry);
	return ret;
}

int svc_audit_record(struct svc *s, const char *action, const struct entity *e, const json_t *rec,
		     struct svc_error *err)
{
	if (!svc_audit_covers(e))
		return 0;
	return svc_audit(s, action, "success", e, rec_int(rec, "id"), svc_audit_request_of(e, rec), err);
}

int svc_audit_replay(struct svc *s, const struct entity *e, const json_t *body, struct svc_error *err)
{
	int rc;

	if (!svc_audit_covers(e)) {
		s->st->ops->rollback(s->st); /* nothing written */
		return 0;
	}
	if (svc_audit_record(s, "read", e, body, err) < 0) {
		s->st->ops->rollback(s->st);
		return -1;
	}
	rc = s->st->ops->commit(s->st);
	if (rc != STORE_OK) {
		s->st->ops->rollback(s->st);
		return svc_fail_store(err, rc, "transaction");
	}
	return 0;
}
