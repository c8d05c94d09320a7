/* Who may do what (see domain/policy.h): one table of rules. */
#include "domain/policy.h"

#include <string.h>

/* which records a rule covers */
enum records {
	R_REFERENCE, /* region, organisation, funder, agreement, coordinator */
	R_REFERRER,  /* organisations (referrers) only */
	R_REQUEST,   /* the request (the case) itself */
	R_CHILD,     /* every record under a request */
	R_INTAKE,    /* the records under a request that intake keeps: network, measures */
	R_COORDINATOR, /* coordinators only */
};

struct rule {
	enum role role;
	enum records records;
	unsigned ops;
	enum scope scope;
	unsigned actions; /* for OP_ACT: bit (1u << enum action) per action allowed */
};

#define ALL_ACTIONS ((1u << ACT__COUNT) - 1)
#define COORDINATOR_ACTIONS (ALL_ACTIONS & ~((1u << ACT_DECIDE_FUNDING) | (1u << ACT_ASSIGN_COORDINATOR)))
#define WRITE (OP_CREATE | OP_UPDATE | OP_DELETE)

static const struct rule rules[] = {
	{ ROLE_ADMIN, R_REFERENCE, OP_READ | WRITE, SCOPE_ALL, 0 },

	{ ROLE_INTAKE, R_REFERENCE, OP_READ, SCOPE_ALL, 0 },
	{ ROLE_INTAKE, R_REQUEST, OP_READ | OP_CREATE | OP_UPDATE, SCOPE_INTAKE, 0 },
	{ ROLE_INTAKE, R_INTAKE, OP_READ | WRITE, SCOPE_INTAKE, 0 },

	{ ROLE_REGIONAL_MANAGER, R_REFERENCE, OP_READ, SCOPE_ALL, 0 },
	{ ROLE_REGIONAL_MANAGER, R_REFERRER, OP_CREATE | OP_UPDATE, SCOPE_ALL, 0 },
	{ ROLE_REGIONAL_MANAGER, R_REQUEST, OP_READ | OP_CREATE | OP_UPDATE | OP_ACT, SCOPE_REGION, ALL_ACTIONS },
	{ ROLE_REGIONAL_MANAGER, R_CHILD, OP_READ | WRITE, SCOPE_REGION, 0 },
	/* the AVG right of access: the whole file of a case, answered by the
	 * manager responsible for it */
	{ ROLE_REGIONAL_MANAGER, R_REQUEST, OP_EXPORT, SCOPE_REGION, 0 },

	{ ROLE_COORDINATOR, R_REFERENCE, OP_READ, SCOPE_ALL, 0 },
	{ ROLE_COORDINATOR, R_REQUEST, OP_READ | OP_UPDATE | OP_ACT, SCOPE_ASSIGNED, COORDINATOR_ACTIONS },
	{ ROLE_COORDINATOR, R_CHILD, OP_READ | WRITE, SCOPE_ASSIGNED, 0 },
	/* a coordinator keeps their own availability up to date */
	{ ROLE_COORDINATOR, R_COORDINATOR, OP_AVAILABILITY, SCOPE_OWN, 0 },
	{ ROLE_ADMIN, R_COORDINATOR, OP_AVAILABILITY, SCOPE_ALL, 0 },
};

static const char *const role_names[ROLE__COUNT] = {
	"admin", "intake", "regional_manager", "coordinator", "funder", "researcher",
};

int role_from_name(const char *name)
{
	for (int i = 0; name && i < ROLE__COUNT; i++)
		if (strcmp(role_names[i], name) == 0)
			return i;
	return -1;
}

const char *role_name(enum role r)
{
	return r >= 0 && r < ROLE__COUNT ? role_names[r] : "";
}

bool policy_is_case_record(const struct entity *e)
{
	return e == &ENTITY_REQUEST || model_parent(e) != NULL;
}

static bool covers(enum records r, const struct entity *e)
{
	switch (r) {
	case R_REFERENCE:
		return e == &ENTITY_REGION || e == &ENTITY_ORGANISATION || e == &ENTITY_FUNDER ||
		       e == &ENTITY_AGREEMENT || e == &ENTITY_COORDINATOR;
	case R_REFERRER:
		return e == &ENTITY_ORGANISATION;
	case R_REQUEST:
		return e == &ENTITY_REQUEST;
	case R_CHILD:
		return model_parent(e) != NULL;
	case R_INTAKE:
		return e == &ENTITY_NETWORK_MEMBER || e == &ENTITY_MEASURE;
	case R_COORDINATOR:
		return e == &ENTITY_COORDINATOR;
	}
	return false;
}

static bool in_region(const struct principal *p, int64_t region)
{
	if (p->all_regions)
		return true;
	for (size_t i = 0; i < p->nregions; i++)
		if (p->region_ids[i] == region)
			return true;
	return false;
}

static bool in_scope(const struct principal *p, enum scope scope, const struct case_facts *c)
{
	if (!c)
		return true;
	switch (scope) {
	case SCOPE_ALL:
		return true;
	case SCOPE_REGION:
		return in_region(p, c->region_id);
	case SCOPE_INTAKE:
		return in_region(p, c->region_id) && c->coordinator_id == 0 &&
		       (c->state == ST_REQUESTED || c->state == ST_FUNDING_DECIDED);
	case SCOPE_ASSIGNED:
	case SCOPE_OWN:
		return p->coordinator_id != 0 && c->coordinator_id == p->coordinator_id;
	}
	return false;
}

int policy_allows(const struct principal *p, enum op op, const struct entity *e, enum action action,
		  const struct case_facts *c, bool *scoped_out)
{
	*scoped_out = false;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		const struct rule *r = &rules[i];
		if (!(p->roles & (1u << r->role)) || !(r->ops & op) || !covers(r->records, e))
			continue;
		if (op == OP_ACT && !(r->actions & (1u << action)))
			continue;
		if (!in_scope(p, r->scope, policy_is_case_record(e) || r->scope == SCOPE_OWN ? c : NULL)) {
			*scoped_out = true;
			continue;
		}
		return (int)r->role;
	}
	return -1;
}

unsigned policy_read_scopes(const struct principal *p, const struct entity *e)
{
	unsigned scopes = 0;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		const struct rule *r = &rules[i];
		if ((p->roles & (1u << r->role)) && (r->ops & OP_READ) && covers(r->records, e))
			scopes |= 1u << r->scope;
	}
	return scopes;
}

/* per role, the cases its reports count; the widest of an account's roles wins */
static const enum report_scope report_scopes[ROLE__COUNT] = {
	[ROLE_ADMIN] = REPORT_ALL,
	[ROLE_INTAKE] = REPORT_DENIED,
	[ROLE_REGIONAL_MANAGER] = REPORT_REGIONS,
	[ROLE_COORDINATOR] = REPORT_DENIED,
	[ROLE_FUNDER] = REPORT_FUNDER,
	[ROLE_RESEARCHER] = REPORT_ALL,
};

enum report_scope policy_report_scope(const struct principal *p)
{
	enum report_scope widest = REPORT_DENIED;
	for (int r = 0; r < ROLE__COUNT; r++)
		if ((p->roles & (1u << r)) && report_scopes[r] > widest)
			widest = report_scopes[r];
	return widest;
}

/* per role, the agreements whose budgets it sees; the widest wins */
static const enum budget_scope budget_scopes[ROLE__COUNT] = {
	[ROLE_ADMIN] = BUDGET_ALL,
	[ROLE_INTAKE] = BUDGET_DENIED,
	[ROLE_REGIONAL_MANAGER] = BUDGET_REGIONS,
	[ROLE_COORDINATOR] = BUDGET_DENIED,
	[ROLE_FUNDER] = BUDGET_FUNDER,
	[ROLE_RESEARCHER] = BUDGET_DENIED,
};

enum budget_scope policy_budget_scope(const struct principal *p)
{
	enum budget_scope widest = BUDGET_DENIED;
	for (int r = 0; r < ROLE__COUNT; r++)
		if ((p->roles & (1u << r)) && budget_scopes[r] > widest)
			widest = budget_scopes[r];
	if (widest == BUDGET_REGIONS && p->all_regions)
		widest = BUDGET_ALL;
	return widest;
}
