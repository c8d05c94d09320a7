/* Shared service helpers: errors, references, idempotency. */
#include "service/internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void svc_error_set(struct svc_error *err, int status, const char *code, const char *field,
		   const char *fmt, ...)
{
	err->status = status;
	err->code = code;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
}

/* attempts of one use case in all; waits of about 2, 4, 8 and 16 ms between */
#define SVC_ATTEMPTS 5

bool svc_retry(const struct svc_error *err, int attempt)
{
	static _Thread_local uint32_t rnd;
	if (err->status != 503 || strcmp(err->code, "busy") != 0 || attempt + 1 >= SVC_ATTEMPTS)
		return false;
	if (!rnd)
		rnd = (uint32_t)(uintptr_t)&rnd ^ (uint32_t)time(NULL) ^ 0x9e3779b9u;
	rnd ^= rnd << 13; /* xorshift32: jitter, not secrecy */
	rnd ^= rnd >> 17;
	rnd ^= rnd << 5;
	long base_us = 1000L << (attempt + 1);
	long wait_us = base_us / 2 + (long)(rnd % (uint32_t)base_us);
	struct timespec ts = { .tv_sec = 0, .tv_nsec = wait_us * 1000L };
	nanosleep(&ts, NULL);
	return true;
}

int svc_begin(struct svc *s, bool write, struct svc_error *err)
{
	int rc = s->st->ops->begin(s->st, write);
	return rc == STORE_OK ? 0 : svc_fail_store(err, rc, "transaction");
}

int svc_commit(struct svc *s, struct svc_error *err)
{
	int rc = s->st->ops->commit(s->st);
	if (rc != STORE_OK) {
		s->st->ops->rollback(s->st);
		return svc_fail_store(err, rc, "transaction");
	}
	return 0;
}

int svc_fail_validation(struct svc_error *err, const struct verr *v)
{
	svc_error_set(err, 422, v->code, v->field, "%s", v->detail);
	return -1;
}

int svc_fail_store(struct svc_error *err, int rc, const char *what)
{
	switch (rc) {
	case STORE_NOT_FOUND:
		svc_error_set(err, 404, "not_found", "", "no such %s", what);
		break;
	case STORE_CONFLICT:
		svc_error_set(err, 412, "version_mismatch", "If-Match",
			      "the %s was changed by someone else; read it again", what);
		break;
	case STORE_DUPLICATE:
		svc_error_set(err, 409, "already_exists", "", "such a %s exists already", what);
		break;
	case STORE_BUSY:
		svc_error_set(err, 503, "busy", "", "the database is busy; try again");
		break;
	default:
		svc_error_set(err, 500, "internal", "", "the %s could not be read or written; the fault is logged",
			      what);
		break;
	}
	return -1;
}

int64_t rec_int(const json_t *rec, const char *name)
{
	json_t *v = json_object_get(rec, name);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

const char *rec_str(const json_t *rec, const char *name)
{
	return json_string_value(json_object_get(rec, name));
}

bool rec_bool(const json_t *rec, const char *name)
{
	return json_is_true(json_object_get(rec, name));
}

json_t *rec_merge(const json_t *old, const json_t *changes)
{
	json_t *m = json_deep_copy(old);
	if (m && changes)
		json_object_update(m, (json_t *)changes);
	return m;
}

static int ref_exists(struct svc *s, const char *entity_name, json_int_t id, struct svc_error *err,
		      const char *field)
{
	const struct entity *target = model_entity(entity_name);
	json_t *row = NULL;
	int rc = s->st->ops->get(s->st, target, (int64_t)id, &row);
	json_decref(row);
	if (rc == STORE_NOT_FOUND) {
		svc_error_set(err, 422, "unknown_reference", field, "%s %lld does not exist",
			      entity_name, (long long)id);
		return -1;
	}
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, entity_name);
	return 0;
}

int svc_check_refs(struct svc *s, const struct entity *e, const json_t *rec, struct svc_error *err)
{
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if (f->flags & F_PARENT)
			continue;
		json_t *v = json_object_get(rec, f->name);
		if (f->type == FT_REF && json_is_integer(v)) {
			if (ref_exists(s, f->ref, json_integer_value(v), err, f->name) < 0)
				return -1;
		} else if (f->type == FT_REF_LIST && json_is_array(v)) {
			size_t k;
			json_t *item;
			json_array_foreach(v, k, item) {
				if (ref_exists(s, f->ref, json_integer_value(item), err, f->name) < 0)
					return -1;
			}
		}
	}
	return 0;
}

int svc_idem_replay(struct svc *s, const struct svc_idem *idem, struct svc_result *res,
		    struct svc_error *err)
{
	if (!idem || !idem->key)
		return 0;
	char *fp = NULL, *body = NULL;
	int status = 0;
	int rc = s->st->ops->idem_get(s->st, idem->key, idem->scope, &fp, &status, &body);
	if (rc == STORE_NOT_FOUND)
		return 0;
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, "idempotency key");
	int out = 1;
	if (strcmp(fp, idem->fingerprint) != 0) {
		svc_error_set(err, 422, "idempotency_key_reused", "Idempotency-Key",
			      "this Idempotency-Key was used before with another request body");
		out = -1;
	} else {
		res->status = status;
		res->body = json_loads(body, 0, NULL);
		res->replayed = 1;
		if (!res->body) {
			svc_error_set(err, 500, "internal", "", "stored answer unreadable");
			out = -1;
		}
	}
	free(fp);
	free(body);
	return out;
}

/* the lock's name: the key within its scope */
static int idem_name(const struct svc_idem *idem, char *out, size_t len)
{
	int n = snprintf(out, len, "idem %s %s", idem->scope, idem->key);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int svc_idem_lock(struct svc *s, const struct svc_idem *idem, struct svc_error *err)
{
	char name[1024];
	if (!idem || !idem->key)
		return 0;
	if (idem_name(idem, name, sizeof name) < 0) {
		svc_error_set(err, 400, "too_long", "Idempotency-Key", "the Idempotency-Key is too long");
		return -1;
	}
	int rc = s->st->ops->lock_name(s->st, name);
	return rc == STORE_OK ? 0 : svc_fail_store(err, rc, "idempotency key");
}

void svc_idem_unlock(struct svc *s, const struct svc_idem *idem)
{
	char name[1024];
	if (idem && idem->key && idem_name(idem, name, sizeof name) == 0)
		s->st->ops->unlock_name(s->st, name);
}

int svc_idem_keep(struct svc *s, const struct svc_idem *idem, const struct svc_result *res,
		  struct svc_error *err)
{
	if (!idem || !idem->key)
		return 0;
	char *body = json_dumps(res->body, JSON_COMPACT | JSON_SORT_KEYS);
	if (!body) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		return -1;
	}
	int rc = s->st->ops->idem_put(s->st, idem->key, idem->scope, idem->fingerprint, res->status, body);
	free(body);
	if (rc != STORE_OK)
		return svc_fail_store(err, rc == STORE_DUPLICATE ? STORE_BUSY : rc, "idempotency key");
	return 0;
}
