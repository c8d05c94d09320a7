#ifndef KRING_SERVICE_INTERNAL_H
#define KRING_SERVICE_INTERNAL_H
/* Helpers shared by the use cases in service/. Not for other layers. */
#include <stdbool.h>

#include "domain/validate.h"
#include "service/service.h"

/* turn a validation failure into a 422 */
int svc_fail_validation(struct svc_error *err, const struct verr *v);
/*
 * After a use case failed with err: true when it should run again, because
 * the store was busy (a lock, a serialization failure between concurrent
 * transactions, a lost connection) and attempts remain. Waits first, a
 * little longer each time and with jitter, so that the transactions that
 * collided do not collide again. After the last attempt err stays the 503
 * (with Retry-After) the client gets.
 */
bool svc_retry(const struct svc_error *err, int attempt);

/* turn a store failure into the matching answer (404, 409, 412, 503, 500) */
int svc_fail_store(struct svc_error *err, int rc, const char *what);

/* a record's integer field, or 0 when absent/null */
int64_t rec_int(const json_t *rec, const char *name);
/* a record's string field, or NULL */
const char *rec_str(const json_t *rec, const char *name);
bool rec_bool(const json_t *rec, const char *name);

/* every FT_REF / FT_REF_LIST value in rec must name an existing record:
 * otherwise 422 unknown_reference naming the field */
int svc_check_refs(struct svc *s, const struct entity *e, const json_t *rec, struct svc_error *err);

/* a copy of old with the keys of changes set over it */
json_t *rec_merge(const json_t *old, const json_t *changes);

/*
 * Idempotency: svc_idem_replay looks the key up inside the open transaction.
 * Returns 1 when the answer was found (res filled, replayed set), 0 when the
 * key is new (or absent), -1 on error (err filled: 422 when the key was used
 * with another body).
 */
int svc_idem_replay(struct svc *s, const struct svc_idem *idem, struct svc_result *res,
		    struct svc_error *err);
/* hold the key against the same key sent to any node at the same time,
 * around every attempt of the use case (no-op without a key) */
int svc_idem_lock(struct svc *s, const struct svc_idem *idem, struct svc_error *err);
void svc_idem_unlock(struct svc *s, const struct svc_idem *idem);

/* keep the answer for the key (no-op without a key) */
int svc_idem_keep(struct svc *s, const struct svc_idem *idem, const struct svc_result *res,
		  struct svc_error *err);

/*
 * Rules that need other records, per entity; called on create (old == NULL)
 * and update with the record as it would be stored. request is the owning
 * request for child records (NULL for top-level ones).
 */
int svc_entity_rules(struct svc *s, const struct entity *e, const json_t *old, const json_t *merged,
		     const json_t *request, struct svc_error *err);

#endif
