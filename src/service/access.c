/*
 * Enforcing domain/policy.c in the use cases: who the account is, whether it
 * may perform an operation on a record, and how a list narrows to what it
 * may see. Commands (kring demo, kring user, ...) act without an account
 * (svc.user NULL) and may do everything.
 */
#include "service/internal.h"

#include <string.h>

/* the principal of the acting account; regions point into buf */
static void principal_of(const json_t *user, struct principal *p, int64_t *buf, size_t cap)
{
	size_t i;
	json_t *v;
	memset(p, 0, sizeof *p);
	json_array_foreach(json_object_get(user, "roles"), i, v) {
		int r = role_from_name(json_string_value(v));
		if (r >= 0)
			p->roles |= 1u << r;
	}
	json_array_foreach(json_object_get(user, "region_ids"), i, v) {
		if (p->nregions < cap && json_is_integer(v))
			buf[p->nregions++] = json_integer_value(v);
	}
	p->region_ids = buf;
	p->all_regions = rec_bool(user, "all_regions");
	p->coordinator_id = rec_int(user, "coordinator_id");
}

static void facts_of(const json_t *request, struct case_facts *c)
{
	int st = state_from_name(rec_str(request, "state"));
	c->region_id = rec_int(request, "region_id");
	c->coordinator_id = rec_int(request, "coordinator_id");
	c->state = st < 0 ? ST_REQUESTED : (enum state)st;
}

static const char *op_word(enum op op)
{
	switch (op) {
	case OP_READ: return "read";
	case OP_CREATE: return "create";
	case OP_UPDATE: return "change";
	case OP_DELETE: return "delete";
	case OP_ACT: return "perform";
	case OP_EXPORT: return "export";
	case OP_AVAILABILITY: return "change the availability of";
	}
	return "use";
}

int svc_authorize(struct svc *s, enum op op, const struct entity *e, const char *action, const json_t *request,
		  struct svc_error *err)
{
	int64_t regions[SVC_MAX_REGIONS];
	struct principal p;
	struct case_facts c;
	bool scoped = false;

	if (!s->user)
		return 0;
	principal_of(s->user, &p, regions, SVC_MAX_REGIONS);
	const struct action_def *def = action ? lifecycle_action(action) : NULL;
	if (request)
		facts_of(request, &c);
	int role = policy_allows(&p, op, e, def ? def->action : ACT_DECIDE_FUNDING, request ? &c : NULL, &scoped);
	if (role >= 0) {
		s->role = role_name((enum role)role);
		return 0;
	}
	if (scoped && op == OP_CREATE && request && e == &ENTITY_REQUEST) {
		/* the case is the one being registered: nothing to hide */
		svc_error_set(err, 403, "forbidden", "region_id", "you may not register requests in this region");
		return -1;
	}
	if (scoped) {
		/* as if it did not exist: the answer tells nothing about the case */
		svc_error_set(err, 404, "not_found", "", "no such %s", request ? "request" : e->name);
		return -1;
	}
	if (op == OP_ACT)
		svc_error_set(err, 403, "forbidden", "", "your roles do not allow %s", action ? action : "this action");
	else
		svc_error_set(err, 403, "forbidden", "", "your roles do not allow you to %s %s records", op_word(op),
			      e->name);
	return -1;
}

int svc_list_scope(struct svc *s, const struct entity *e, struct store_filter *filters, size_t cap,
		   size_t *n, json_t **hold, struct svc_error *err)
{
	int64_t regions[SVC_MAX_REGIONS];
	struct principal p;

	*n = 0;
	*hold = NULL;
	if (!s->user || !policy_is_case_record(e))
		return svc_authorize(s, OP_READ, e, NULL, NULL, err) < 0 ? -1 : 0;
	principal_of(s->user, &p, regions, SVC_MAX_REGIONS);
	unsigned scopes = policy_read_scopes(&p, e);
	if (!scopes)
		return svc_authorize(s, OP_READ, e, NULL, NULL, err) < 0 ? -1 : 0;
	if (scopes & (1u << SCOPE_ALL))
		return 0;
	if (scopes & (scopes - 1))
		return 1; /* more than one scope: the caller filters record by record */
	if (cap < 3) {
		svc_error_set(err, 500, "internal", "", "too many filters");
		return -1;
	}
	/* one scope: as store filters; *hold keeps their values alive */
	json_t *hold_arr = json_array(), *set = NULL;
	if (!hold_arr) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		return -1;
	}
	*hold = hold_arr;
	if ((scopes & ((1u << SCOPE_REGION) | (1u << SCOPE_INTAKE))) && !p.all_regions) {
		set = json_array();
		for (size_t i = 0; i < p.nregions; i++)
			json_array_append_new(set, json_integer(p.region_ids[i]));
		json_array_append_new(hold_arr, set);
		filters[(*n)++] = (struct store_filter){ model_field(&ENTITY_REQUEST, "region_id"), set, STORE_IN };
	}
	if (scopes & (1u << SCOPE_INTAKE)) {
		json_t *states = json_pack("[s, s]", state_name(ST_REQUESTED), state_name(ST_FUNDING_DECIDED));
		json_array_append_new(hold_arr, states);
		filters[(*n)++] = (struct store_filter){ model_field(&ENTITY_REQUEST, "state"), states, STORE_IN };
		filters[(*n)++] = (struct store_filter){ model_field(&ENTITY_REQUEST, "coordinator_id"), NULL, STORE_EQ };
	}
	if (scopes & (1u << SCOPE_ASSIGNED)) {
		json_t *me = json_integer(p.coordinator_id ? p.coordinator_id : -1);
		json_array_append_new(hold_arr, me);
		filters[(*n)++] = (struct store_filter){ model_field(&ENTITY_REQUEST, "coordinator_id"), me, STORE_EQ };
	}
	return 0;
}

int svc_case_of(struct svc *s, const struct entity *e, const json_t *rec, json_t **request, struct svc_error *err)
{
	const struct field *parent = model_parent(e);
	*request = NULL;
	if (e == &ENTITY_REQUEST) {
		*request = json_incref((json_t *)rec);
		return 0;
	}
	if (!parent)
		return 0;
	int rc = s->st->ops->get(s->st, &ENTITY_REQUEST, rec_int(rec, parent->name), request);
	return rc == STORE_OK ? 0 : svc_fail_store(err, rc, "request");
}

int svc_precheck(struct svc *s, enum op op, const struct entity *e, const char *action, int64_t request_id,
		 int64_t record_id, struct svc_error *err)
{
	json_t *rec = NULL, *request = NULL;
	int ret = -1, rc;

	if (svc_authorize(s, op, e, action, NULL, err) < 0)
		return -1;
	if (!s->user || !policy_is_case_record(e) || (request_id <= 0 && record_id <= 0))
		return 0;
	if (request_id > 0) {
		rc = s->st->ops->get(s->st, &ENTITY_REQUEST, request_id, &request);
		if (rc != STORE_OK) {
			svc_fail_store(err, rc, "request");
			goto done;
		}
	} else {
		rc = s->st->ops->get(s->st, e, record_id, &rec);
		if (rc != STORE_OK) {
			svc_fail_store(err, rc, e->name);
			goto done;
		}
		if (svc_case_of(s, e, rec, &request, err) < 0)
			goto done;
	}
	ret = svc_authorize(s, op, e, action, request, err);
done:
	json_decref(rec);
	json_decref(request);
	return ret;
}
