/*
 * Create, read, change, delete and list records of any entity, driven by the
 * model. Rules that need other records live in the table entity_rules below.
 */
#include "service/internal.h"

#include <stdio.h>
#include <string.h>

#include "domain/lifecycle.h"
#include "util/text.h"

/* ---- rules that need other records ------------------------------------ */

static int request_state(const json_t *request)
{
	const char *st = rec_str(request, "state");
	return st ? state_from_name(st) : -1;
}

/* the plan and its actions are written from the conference on */
static int rule_plan_editable(struct svc *s, const json_t *old, const json_t *rec,
			      const json_t *request, struct svc_error *err)
{
	(void)s; (void)old; (void)rec;
	int st = request_state(request);
	if (st < 0 || !lifecycle_plan_editable((enum state)st)) {
		svc_error_set(err, 409, "wrong_state", "state",
			      "the plan can be written once the conference has been held (the case is %s)",
			      rec_str(request, "state"));
		return -1;
	}
	return 0;
}

static int rule_plan_action(struct svc *s, const json_t *old, const json_t *rec,
			    const json_t *request, struct svc_error *err)
{
	if (rule_plan_editable(s, old, rec, request, err) < 0)
		return -1;
	int64_t member = rec_int(rec, "network_member_id");
	if (!member)
		return 0;
	json_t *m = NULL;
	int rc = s->st->ops->get(s->st, &ENTITY_NETWORK_MEMBER, member, &m);
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && rec_int(m, "request_id") != rec_int(request, "id"))) {
		json_decref(m);
		svc_error_set(err, 422, "unknown_reference", "network_member_id",
			      "network member %lld is not in this case's network", (long long)member);
		return -1;
	}
	json_decref(m);
	return rc == STORE_OK ? 0 : svc_fail_store(err, rc, "network member");
}

/* a date of a case's record cannot lie before the request */
static int not_before_request(const json_t *rec, const char *field, const json_t *request,
			      struct svc_error *err)
{
	const char *d = rec_str(rec, field);
	const char *req = rec_str(request, "requested_on");
	if (d && req && date_cmp(d, req) < 0) {
		svc_error_set(err, 422, "invalid", field, "%s (%s) lies before the request (%s)",
			      field, d, req);
		return -1;
	}
	return 0;
}

/* a follow-up follows the conference */
static int rule_follow_up(struct svc *s, const json_t *old, const json_t *rec,
			  const json_t *request, struct svc_error *err)
{
	(void)s; (void)old;
	int st = request_state(request);
	if (st < 0 || !lifecycle_conference_held((enum state)st)) {
		svc_error_set(err, 409, "wrong_state", "state",
			      "a follow-up can be recorded once the conference has been held (the case is %s)",
			      rec_str(request, "state"));
		return -1;
	}
	return not_before_request(rec, "follow_up_on", request, err);
}

static int rule_cost(struct svc *s, const json_t *old, const json_t *rec,
		     const json_t *request, struct svc_error *err)
{
	(void)s; (void)old;
	return not_before_request(rec, "incurred_on", request, err);
}

static int rule_conference(struct svc *s, const json_t *old, const json_t *rec,
			   const json_t *request, struct svc_error *err)
{
	(void)s; (void)old;
	if (not_before_request(rec, "scheduled_on", request, err) < 0)
		return -1;
	return not_before_request(rec, "held_on", request, err);
}

/* a request is not dated in the future (a day's grace for time zones), and
 * a follow-up conference links to a first request that had its conference */
static int rule_request(struct svc *s, const json_t *old, const json_t *rec,
			const json_t *request, struct svc_error *err)
{
	(void)request;
	char today[11], tomorrow[11];
	date_today(today);
	date_from_days(date_days(today) + 1, tomorrow);
	const char *on = rec_str(rec, "requested_on");
	if (on && date_cmp(on, tomorrow) > 0) {
		svc_error_set(err, 422, "invalid", "requested_on", "requested_on (%s) lies in the future", on);
		return -1;
	}
	if (old) {
		/* the later steps are dated against it: it moves only before them */
		const char *was = rec_str(old, "requested_on");
		if (on && was && strcmp(on, was) != 0 && request_state(old) != ST_REQUESTED) {
			svc_error_set(err, 409, "wrong_state", "requested_on",
				      "requested_on can be changed only while the request awaits its funding decision");
			return -1;
		}
		return 0;
	}
	int64_t first = rec_int(rec, "follow_up_of");
	if (!first)
		return 0;
	json_t *f = NULL;
	int rc = s->st->ops->get(s->st, &ENTITY_REQUEST, first, &f);
	if (rc != STORE_OK) {
		json_decref(f);
		if (rc == STORE_NOT_FOUND) {
			svc_error_set(err, 422, "unknown_reference", "follow_up_of",
				      "request %lld does not exist", (long long)first);
			return -1;
		}
		return svc_fail_store(err, rc, "request");
	}
	int st = request_state(f);
	int ok = st >= 0 && lifecycle_conference_held((enum state)st);
	json_decref(f);
	if (!ok) {
		svc_error_set(err, 422, "invalid", "follow_up_of",
			      "a follow-up conference needs a first request whose conference was held");
		return -1;
	}
	return 0;
}

typedef int (*entity_rule_fn)(struct svc *s, const json_t *old, const json_t *rec,
			      const json_t *request, struct svc_error *err);

static const struct {
	const struct entity *entity;
	entity_rule_fn rule;
} entity_rules[] = {
	{ &ENTITY_REQUEST, rule_request },
	{ &ENTITY_PLAN, rule_plan_editable },
	{ &ENTITY_PLAN_ACTION, rule_plan_action },
	{ &ENTITY_FOLLOW_UP, rule_follow_up },
	{ &ENTITY_COST, rule_cost },
	{ &ENTITY_CONFERENCE, rule_conference },
};

int svc_entity_rules(struct svc *s, const struct entity *e, const json_t *old, const json_t *merged,
		     const json_t *request, struct svc_error *err)
{
	struct verr v;
	if (validate_rules(e, merged, &v) < 0)
		return svc_fail_validation(err, &v);
	for (size_t i = 0; i < sizeof(entity_rules) / sizeof(entity_rules[0]); i++)
		if (entity_rules[i].entity == e)
			return entity_rules[i].rule(s, old, merged, request, err);
	return 0;
}

/* ---- use cases --------------------------------------------------------- */



/* a write transaction; one that will write an access-log entry holds the
 * log from its first statement (svc_begin_logged) */
static int begin_write(struct svc *s, const struct entity *e, struct svc_error *err)
{
	return svc_audit_covers(e) ? svc_begin_logged(s, err) : svc_begin(s, true, err);
}

/* the request a child record belongs to, or 404 */
static int load_request(struct svc *s, int64_t id, json_t **out, struct svc_error *err)
{
	int rc = s->st->ops->get(s->st, &ENTITY_REQUEST, id, out);
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, "request");
	return 0;
}

static int create_once(struct svc *s, const struct entity *e, int64_t parent_id, const json_t *input,
		       const struct svc_idem *idem, struct svc_result *res, struct svc_error *err)
{
	json_t *rec = NULL, *request = NULL, *out = NULL;
	struct verr v;
	int ret = -1;
	const struct field *parent = model_parent(e);

	res->status = 0;
	res->body = NULL;
	res->replayed = 0;
	if (e->flags & E_NO_CREATE) {
		svc_error_set(err, 405, "method_not_allowed", "", "%s records are created by the lifecycle actions",
			      e->name);
		return -1;
	}
	if (svc_precheck(s, OP_CREATE, e, NULL, parent ? parent_id : 0, 0, err) < 0)
		return -1;
	if (validate_record(e, input, V_CREATE, &rec, &v) < 0)
		return svc_fail_validation(err, &v);
	if (begin_write(s, e, err) < 0)
		goto done;
	int r = svc_idem_replay(s, idem, res, err);
	if (r < 0)
		goto rollback;
	if (r > 0) {
		ret = svc_audit_replay(s, e, res->body, err);
		goto done;
	}
	if (parent) {
		if (load_request(s, parent_id, &request, err) < 0)
			goto rollback;
		if (svc_authorize(s, OP_CREATE, e, NULL, request, err) < 0)
			goto rollback;
		json_object_set_new(rec, parent->name, json_integer(parent_id));
		if (e->flags & E_ONE_PER_PARENT) {
			json_t *existing = NULL;
			int rc = s->st->ops->get_by_parent(s->st, e, parent_id, &existing);
			json_decref(existing);
			if (rc == STORE_OK) {
				svc_error_set(err, 409, "already_exists", "", "this request has a %s already",
					      e->name);
				goto rollback;
			}
			if (rc != STORE_NOT_FOUND) {
				svc_fail_store(err, rc, e->name);
				goto rollback;
			}
		}
	}
	if (e == &ENTITY_REQUEST) {
		json_object_set_new(rec, "state", json_string(state_name(ST_REQUESTED)));
		/* a new request must fall in the account's own scope (its regions) */
		if (svc_authorize(s, OP_CREATE, e, NULL, rec, err) < 0)
			goto rollback;
	}
	if (svc_check_refs(s, e, rec, err) < 0)
		goto rollback;
	if (svc_entity_rules(s, e, NULL, rec, request, err) < 0)
		goto rollback;
	int rc = s->st->ops->insert(s->st, e, rec, &out);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, e->name);
		goto rollback;
	}
	if (svc_audit_record(s, "create", e, out, err) < 0)
		goto rollback;
	res->status = 201;
	res->body = out;
	out = NULL;
	if (svc_idem_keep(s, idem, res, err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0)
		goto done;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	if (ret < 0) {
		json_decref(res->body);
		res->body = NULL;
	}
	json_decref(out);
	json_decref(rec);
	json_decref(request);
	return ret;
}

/* a record of an entity without personal data is read as it is; any other
 * is read in a write transaction together with its access-log entry */
static int get_once(struct svc *s, const struct entity *e, int64_t id, json_t **out, struct svc_error *err)
{
	int rc, ret = -1;

	*out = NULL;
	if (svc_authorize(s, OP_READ, e, NULL, NULL, err) < 0)
		return -1;
	if (!svc_audit_covers(e)) {
		rc = s->st->ops->get(s->st, e, id, out);
		return rc == STORE_OK ? 0 : svc_fail_store(err, rc, e->name);
	}
	if (svc_begin_logged(s, err) < 0)
		return -1;
	rc = s->st->ops->get(s->st, e, id, out);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, e->name);
		goto rollback;
	}
	if (s->user && policy_is_case_record(e)) {
		json_t *request = NULL;
		int denied = svc_case_of(s, e, *out, &request, err) < 0 ||
			     svc_authorize(s, OP_READ, e, NULL, request, err) < 0;
		json_decref(request);
		if (denied)
			goto rollback;
	}
	if (svc_audit_record(s, "read", e, *out, err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0)
		goto done;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	if (ret < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return ret;
}

/* every record of a request holds personal data: always logged */
static int get_by_parent_once(struct svc *s, const struct entity *e, int64_t parent_id, json_t **out,
			      struct svc_error *err)
{
	json_t *request = NULL;
	int rc, ret = -1;

	*out = NULL;
	if (svc_authorize(s, OP_READ, e, NULL, NULL, err) < 0)
		return -1;
	if (svc_begin_logged(s, err) < 0)
		return -1;
	if (load_request(s, parent_id, &request, err) < 0)
		goto rollback;
	if (svc_authorize(s, OP_READ, e, NULL, request, err) < 0)
		goto rollback;
	rc = s->st->ops->get_by_parent(s->st, e, parent_id, out);
	if (rc == STORE_NOT_FOUND) {
		svc_error_set(err, 404, "not_found", "", "this request has no %s yet", e->name);
		goto rollback;
	}
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, e->name);
		goto rollback;
	}
	if (svc_audit_record(s, "read", e, *out, err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0)
		goto done;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	if (ret < 0) {
		json_decref(*out);
		*out = NULL;
	}
	json_decref(request);
	return ret;
}

/*
 * The record a change or delete is about, checked against the version the
 * client saw, and (for records of a request) the request. Inside the open
 * transaction; on failure err is filled.
 */
static int load_for_change(struct svc *s, enum op op, const struct entity *e, int64_t id, int64_t if_match,
			   json_t **old, json_t **request, struct svc_error *err)
{
	const struct field *parent = model_parent(e);
	int rc = s->st->ops->get(s->st, e, id, old);
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, e->name);
	if (parent && load_request(s, rec_int(*old, parent->name), request, err) < 0)
		return -1;
	/* the scope before the version: a stale If-Match must not tell that a
	 * record outside it exists */
	if (svc_authorize(s, op, e, NULL, e == &ENTITY_REQUEST ? *old : *request, err) < 0)
		return -1;
	if (rec_int(*old, "version") != if_match)
		return svc_fail_store(err, STORE_CONFLICT, e->name);
	return 0;
}

static int update_once(struct svc *s, const struct entity *e, int64_t id, int64_t if_match,
		       const json_t *input, json_t **out, struct svc_error *err)
{
	json_t *changes = NULL, *old = NULL, *merged = NULL, *request = NULL;
	struct verr v;
	int ret = -1, rc;

	*out = NULL;
	if (e->flags & E_NO_UPDATE) {
		svc_error_set(err, 405, "method_not_allowed", "", "%s records never change", e->name);
		return -1;
	}
	if (svc_precheck(s, OP_UPDATE, e, NULL, 0, id, err) < 0)
		return -1;
	if (validate_record(e, input, V_UPDATE, &changes, &v) < 0)
		return svc_fail_validation(err, &v);
	if (begin_write(s, e, err) < 0)
		goto done;
	if (load_for_change(s, OP_UPDATE, e, id, if_match, &old, &request, err) < 0)
		goto rollback;
	merged = rec_merge(old, changes);
	if (svc_check_refs(s, e, changes, err) < 0)
		goto rollback;
	if (svc_entity_rules(s, e, old, merged, request, err) < 0)
		goto rollback;
	rc = s->st->ops->update(s->st, e, id, if_match, changes, out);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, e->name);
		goto rollback;
	}
	if (svc_audit_record(s, "update", e, *out, err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0)
		goto done;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	if (ret < 0) {
		json_decref(*out);
		*out = NULL;
	}
	json_decref(changes);
	json_decref(old);
	json_decref(merged);
	json_decref(request);
	return ret;
}

/* a network member named by a plan action stays until the action changes */
static int member_in_use(struct svc *s, int64_t id, struct svc_error *err)
{
	struct store_filter f = { model_field(&ENTITY_PLAN_ACTION, "network_member_id"), json_integer(id), STORE_EQ };
	int64_t n = 0;
	int rc = s->st->ops->count(s->st, &ENTITY_PLAN_ACTION, &f, 1, &n);
	json_decref(f.value);
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, "plan action");
	if (n > 0) {
		svc_error_set(err, 409, "in_use", "", "this network member is named in %lld plan action(s)",
			      (long long)n);
		return -1;
	}
	return 0;
}

static int delete_once(struct svc *s, const struct entity *e, int64_t id, int64_t if_match,
		       struct svc_error *err)
{
	json_t *old = NULL, *request = NULL;
	int ret = -1, rc;

	if (!(e->flags & E_DELETABLE)) {
		svc_error_set(err, 405, "method_not_allowed", "", "%s records cannot be deleted", e->name);
		return -1;
	}
	if (svc_precheck(s, OP_DELETE, e, NULL, 0, id, err) < 0)
		return -1;
	if (begin_write(s, e, err) < 0)
		return -1;
	if (load_for_change(s, OP_DELETE, e, id, if_match, &old, &request, err) < 0)
		goto rollback;
	if (e == &ENTITY_PLAN_ACTION && rule_plan_editable(s, old, old, request, err) < 0)
		goto rollback;
	if (e == &ENTITY_NETWORK_MEMBER && member_in_use(s, id, err) < 0)
		goto rollback;
	rc = s->st->ops->remove(s->st, e, id, if_match);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, e->name);
		goto rollback;
	}
	if (svc_audit_record(s, "delete", e, old, err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0)
		goto done;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	json_decref(old);
	json_decref(request);
	return ret;
}

#define MAX_FILTERS 16
/* the longest text a list searches for (NAME_contains) */
#define SEARCH_MAX 200

/*
 * The filter a query parameter names: a filterable field (equality), or for
 * a filterable date field also <field>_from and <field>_to (inclusive).
 */
static const struct field *list_filter(const struct entity *e, const char *name, enum store_cmp *cmp)
{
	static const struct {
		const char *suffix;
		enum store_cmp cmp;
		unsigned flag;        /* the field's flag that allows it */
		enum field_type type; /* the field's type, or FT_TIMESTAMP for any */
	} ranges[] = {
		{ "_from", STORE_GE, F_FILTER, FT_DATE },
		{ "_to", STORE_LE, F_FILTER, FT_DATE },
		{ "_contains", STORE_CONTAINS, F_SEARCH, FT_TIMESTAMP },
	};
	const struct field *f = model_field(e, name);
	*cmp = STORE_EQ;
	if (f)
		return (f->flags & F_FILTER) ? f : NULL;
	size_t len = strlen(name);
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		size_t sl = strlen(ranges[i].suffix);
		char base[64];
		if (len <= sl || len - sl >= sizeof(base) || strcmp(name + len - sl, ranges[i].suffix) != 0)
			continue;
		memcpy(base, name, len - sl);
		base[len - sl] = '\0';
		f = model_field(e, base);
		if (f && (f->flags & ranges[i].flag) && (ranges[i].type == FT_TIMESTAMP || f->type == ranges[i].type)) {
			*cmp = ranges[i].cmp;
			return f;
		}
	}
	return NULL;
}

/*
 * For an account whose roles give several scopes (say intake in one region
 * and coordinator of some cases): every record matching the filters is
 * checked one by one. Counts all that may be seen into *total and keeps
 * those after `after`, at most limit of them.
 */
static int scan_in_scope(struct svc *s, const struct entity *e, const struct store_filter *filters, size_t nf,
			 int64_t after, int64_t limit, json_t **items, int64_t *total, struct svc_error *err)
{
	int64_t cursor = 0;
	struct svc_error ignored;
	*total = 0;
	*items = json_array();
	if (!*items) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		return -1;
	}
	for (;;) {
		json_t *page = NULL;
		int rc = s->st->ops->list(s->st, e, filters, nf, cursor, 500, &page);
		if (rc != STORE_OK)
			return svc_fail_store(err, rc, e->name);
		size_t i, n = json_array_size(page);
		json_t *item;
		json_array_foreach(page, i, item) {
			cursor = rec_int(item, "id");
			if (svc_authorize(s, OP_READ, e, NULL, item, &ignored) < 0)
				continue;
			(*total)++;
			if (cursor > after && (int64_t)json_array_size(*items) < limit)
				json_array_append(*items, item);
		}
		json_decref(page);
		if (n < 500)
			return 0;
	}
}

static int list_once(struct svc *s, const struct entity *e, int64_t parent_id,
		     const struct svc_list_params *p, json_t **out, struct svc_error *err)
{
	struct store_filter filters[MAX_FILTERS + 4];
	size_t nf = 0;
	json_t *items = NULL, *request = NULL, *scope_values = NULL;
	int scope = 0;
	size_t scope_from = 0, added = 0; /* filters[scope_from..+added) borrow scope_values */
	int ret = -1;
	int64_t after = 0, total = 0;
	const struct field *parent = model_parent(e);

	*out = NULL;
	if (p->limit < 1 || p->limit > 500) {
		svc_error_set(err, 400, "bad_parameter", "limit", "limit must be between 1 and 500");
		return -1;
	}
	if (p->after && parse_int64(p->after, 0, INT64_MAX - 1, &after) < 0) {
		svc_error_set(err, 400, "bad_parameter", "after", "after must be a cursor from a previous page");
		return -1;
	}
	if (p->nfilters > MAX_FILTERS) {
		svc_error_set(err, 400, "bad_parameter", "", "at most %d filters", MAX_FILTERS);
		return -1;
	}
	for (size_t i = 0; i < p->nfilters; i++) {
		const char *name = p->filter_names[i];
		enum store_cmp cmp;
		const struct field *f = list_filter(e, name, &cmp);
		if (!f || (parent && f == parent)) {
			svc_error_set(err, 400, "bad_parameter", name, "%s is not a filter of %s lists", name,
				      e->name);
			goto done;
		}
		for (size_t k = 0; k < nf; k++) {
			if (filters[k].field == f && filters[k].cmp == cmp) {
				svc_error_set(err, 400, "bad_parameter", name, "%s is given twice", name);
				goto done;
			}
		}
		struct verr v;
		if (cmp == STORE_CONTAINS) {
			/* a part of a name: any text up to a name's length */
			const char *text = p->filter_values[i];
			size_t len = strlen(text);
			if (!utf8_valid(text, len) || utf8_length(text, len) > SEARCH_MAX) {
				svc_error_set(err, 400, "bad_parameter", name, "%s is a text of 1 to %d characters", name,
					      SEARCH_MAX);
				goto done;
			}
			filters[nf].value = json_string(text);
		} else if (validate_filter_value(f, p->filter_values[i], &filters[nf].value, &v) < 0) {
			svc_error_set(err, 400, "bad_parameter", name, "%s", v.detail);
			goto done;
		}
		filters[nf].cmp = cmp;
		filters[nf++].field = f;
	}
	/* what the account may see: a whole list refused (403), or narrowed */
	scope_from = nf;
	if (parent)
		scope = svc_authorize(s, OP_READ, e, NULL, NULL, err);
	else
		scope = svc_list_scope(s, e, filters + nf, 3, &added, &scope_values, err);
	if (scope < 0)
		goto done;
	nf += added;
	/* a list of records with personal data: one entry per record given */
	bool logged = svc_audit_covers(e);
	if ((logged ? svc_begin_logged(s, err) : svc_begin(s, false, err)) < 0)
		goto done;
	if (parent) {
		if (load_request(s, parent_id, &request, err) < 0)
			goto rollback;
		if (svc_authorize(s, OP_READ, e, NULL, request, err) < 0)
			goto rollback;
		filters[nf].field = parent;
		filters[nf].cmp = STORE_EQ;
		filters[nf++].value = json_integer(parent_id);
	}
	int rc = STORE_OK;
	if (scope == 1) {
		if (scan_in_scope(s, e, filters, nf, after, p->limit + 1, &items, &total, err) < 0)
			goto rollback;
	} else {
		rc = s->st->ops->count(s->st, e, filters, nf, &total);
		if (rc == STORE_OK)
			rc = s->st->ops->list(s->st, e, filters, nf, after, (int)p->limit + 1, &items);
	}
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, e->name);
		goto rollback;
	}
	char cursor[32] = "";
	if (json_array_size(items) > (size_t)p->limit) {
		json_array_remove(items, (size_t)p->limit);
		snprintf(cursor, sizeof(cursor), "%lld",
			 (long long)rec_int(json_array_get(items, (size_t)p->limit - 1), "id"));
	}
	if (logged) {
		size_t i;
		json_t *item;
		json_array_foreach(items, i, item) {
			/* the role that lets the account see this record goes into
			 * its entry (a request list: record by record) */
			if (!parent && svc_authorize(s, OP_READ, e, NULL, item, err) < 0)
				goto rollback;
			if (svc_audit_record(s, "read", e, item, err) < 0)
				goto rollback;
		}
		if (svc_commit(s, err) < 0)
			goto done;
	} else {
		s->st->ops->rollback(s->st); /* read only: nothing to keep */
	}
	json_t *next = cursor[0] ? json_string(cursor) : json_null();
	*out = json_pack("{s:o, s:o, s:I}", "items", items, "next", next, "total", (json_int_t)total);
	items = NULL;
	ret = *out ? 0 : -1;
	if (ret < 0)
		svc_error_set(err, 500, "internal", "", "out of memory");
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	for (size_t i = 0; i < nf; i++)
		if (i < scope_from || i >= scope_from + added)
			json_decref(filters[i].value);
	json_decref(scope_values);
	json_decref(items);
	json_decref(request);
	return ret;
}

/* ---- the use cases, retried while the store is busy (see svc_retry) ----- */

int svc_create(struct svc *s, const struct entity *e, int64_t parent_id, const json_t *input,
	       const struct svc_idem *idem, struct svc_result *res, struct svc_error *err)
{
	int ret = svc_idem_lock(s, idem, err);
	if (ret < 0) {
		res->status = 0;
		res->body = NULL;
		res->replayed = 0;
		return ret;
	}
	for (int attempt = 0;; attempt++) {
		ret = create_once(s, e, parent_id, input, idem, res, err);
		if (ret == 0 || !svc_retry(err, attempt))
			break;
	}
	svc_idem_unlock(s, idem);
	return ret;
}

int svc_get(struct svc *s, const struct entity *e, int64_t id, json_t **out, struct svc_error *err)
{
	int ret;
	for (int attempt = 0;; attempt++) {
		ret = get_once(s, e, id, out, err);
		if (ret == 0 || !svc_retry(err, attempt))
			return ret;
	}
}

int svc_get_by_parent(struct svc *s, const struct entity *e, int64_t parent_id, json_t **out,
		      struct svc_error *err)
{
	int ret;
	for (int attempt = 0;; attempt++) {
		ret = get_by_parent_once(s, e, parent_id, out, err);
		if (ret == 0 || !svc_retry(err, attempt))
			return ret;
	}
}

int svc_update(struct svc *s, const struct entity *e, int64_t id, int64_t if_match,
	       const json_t *input, json_t **out, struct svc_error *err)
{
	int ret;
	for (int attempt = 0;; attempt++) {
		ret = update_once(s, e, id, if_match, input, out, err);
		if (ret == 0 || !svc_retry(err, attempt))
			return ret;
	}
}

int svc_delete(struct svc *s, const struct entity *e, int64_t id, int64_t if_match,
	       struct svc_error *err)
{
	int ret;
	for (int attempt = 0;; attempt++) {
		ret = delete_once(s, e, id, if_match, err);
		if (ret == 0 || !svc_retry(err, attempt))
			return ret;
	}
}

int svc_list(struct svc *s, const struct entity *e, int64_t parent_id,
	     const struct svc_list_params *p, json_t **out, struct svc_error *err)
{
	int ret;
	for (int attempt = 0;; attempt++) {
		ret = list_once(s, e, parent_id, p, out, err);
		if (ret == 0 || !svc_retry(err, attempt))
			return ret;
	}
}
