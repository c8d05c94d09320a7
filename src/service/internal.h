#ifndef KRING_SERVICE_INTERNAL_H
#define KRING_SERVICE_INTERNAL_H
/* Helpers shared by the use cases in service/. Not for other layers. */
#include <stdbool.h>

#include "domain/policy.h"
#include "domain/validate.h"
#include "service/service.h"

/* the most regions an account may hold (the model's limit) */
#define SVC_MAX_REGIONS 100

/*
 * May the acting account perform op on a record of e (action: the lifecycle
 * action for OP_ACT)? request is the case the record belongs to (NULL for
 * reference data, or a create before the case is known). 0 when allowed
 * (s->role is then the role that allows it); -1 with 403 forbidden when no
 * role of the account allows the operation, or 404 not_found when the case
 * is outside its scope. Always 0 without an account (commands).
 */
int svc_authorize(struct svc *s, enum op op, const struct entity *e, const char *action, const json_t *request,
		  struct svc_error *err);
/*
 * Narrow a list of e to what the account may read: appends up to 3 filters
 * (cap at least 3) whose values *hold keeps (json_decref it after the
 * list). Returns 0 (filters appended, maybe none), 1 when the account's
 * roles have several scopes and every record must be checked with
 * svc_authorize, or -1 (403).
 */
int svc_list_scope(struct svc *s, const struct entity *e, struct store_filter *filters, size_t cap, size_t *n,
		   json_t **hold, struct svc_error *err);

/* the case (request) a record belongs to: the record itself for a request,
 * its request for a record under one (read from the store), NULL for
 * reference data; -1 with err filled when it cannot be read */
int svc_case_of(struct svc *s, const struct entity *e, const json_t *rec, json_t **request, struct svc_error *err);
/*
 * Before the input is even validated: may the account perform op on e at
 * all (403), and on the case of request_id or of the record record_id
 * (404)? Read outside the transaction, so that an account outside the
 * scope learns nothing from validation errors; the use case checks again
 * inside its transaction.
 */
int svc_precheck(struct svc *s, enum op op, const struct entity *e, const char *action, int64_t request_id,
		 int64_t record_id, struct svc_error *err);

/* open a transaction (write: the write lock at once) or commit it; on
 * failure err is filled (503 busy, or 500) and a failed commit rolled back */
int svc_begin(struct svc *s, bool write, struct svc_error *err);
int svc_commit(struct svc *s, struct svc_error *err);

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

/*
 * The access log (service/audit.c; NEN 7513). Every read and change of
 * personal data writes an entry inside the use case's write transaction,
 * just before it commits: a use case that fails and rolls back leaves none.
 */

/* true for the records that hold personal data and so are logged: the
 * request (the case), every record of a request, and the coordinators */
bool svc_audit_covers(const struct entity *e);

/* the request (the case, the client concerned) a record of e is about, or 0 */
int64_t svc_audit_request_of(const struct entity *e, const json_t *rec);

/* Begin a write transaction that will write an entry: on PostgreSQL it holds
 * the log's chain from its first statement (see store_ops.audit_lock), so
 * that concurrent use cases queue instead of being retried. */
int svc_begin_logged(struct svc *s, struct svc_error *err);

/*
 * Write one entry: action (create, read, update, delete, export, login,
 * login_failed, logout) with outcome (success, denied, failed) by s->actor
 * in s->role from s->address, about the record object_id of e (e NULL: a
 * session, for logins) and the request request_id (0: none; object_id 0:
 * none). Inside the open write transaction; the entry stays only when it
 * commits.
 */
int svc_audit(struct svc *s, const char *action, const char *outcome, const struct entity *e,
	      int64_t object_id, int64_t request_id, struct svc_error *err);

/* svc_audit of action with success on rec, a record of e; nothing when e is
 * not covered */
int svc_audit_record(struct svc *s, const char *action, const struct entity *e, const json_t *rec,
		     struct svc_error *err);

/* End the transaction of a POST answered again for its Idempotency-Key: the
 * answer discloses body, a record of e, again, so a covered one is logged as
 * read and the transaction committed; otherwise it is rolled back. */
int svc_audit_replay(struct svc *s, const struct entity *e, const json_t *body, struct svc_error *err);

/*
 * assign-coordinator (service/transitions.c), inside its transaction: match
 * the request as on the day the step takes effect (on); refuse (422 naming coordinator_id, with the rules) a
 * coordinator the hard rules exclude; else keep the choice as a
 * coordinator_choice record: who (the account), when (on), why (note) and
 * the shortlist of this moment (service/matching.c).
 */
int svc_match_choose(struct svc *s, const json_t *request, int64_t coordinator_id, const char *note,
		     const char *on, struct svc_error *err);

#endif
