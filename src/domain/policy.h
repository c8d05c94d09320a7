#ifndef KRING_DOMAIN_POLICY_H
#define KRING_DOMAIN_POLICY_H
/*
 * Who may do what: roles, operations and record scope. Pure: no I/O. The
 * service layer asks this module before every use case (service/access.c),
 * so the rules hold for every way in (API, web pages, commands).
 *
 * A user holds one or more roles; an operation is allowed when any of them
 * allows it. Each rule says which operations a role may perform on which
 * records and within which scope:
 *
 *   role              records                               scope
 *   admin             reference data (regions, referrers,   all
 *                     funders, agreements, coordinators)
 *   intake            reference data (read)                 all
 *                     requests (register, read, change),    own regions, until a
 *                     their network members and measures    coordinator is assigned
 *   regional_manager  reference data (read; referrers too)  all
 *                     requests, every record under them,    own regions (or all,
 *                     every action, the export of a case    when the account says so)
 *   coordinator       reference data (read)                 all
 *                     requests (read, change), every record cases assigned to them
 *                     under them; every action but the
 *                     funding decision and the assignment
 *                     the periods they are unavailable      their own record
 *   funder,           no records: only aggregates (reports)
 *   researcher
 *
 * A record outside the scope answers 404, as if it did not exist, so that
 * its existence does not leak; an operation no role of the user may perform
 * at all answers 403.
 */
#include <stdbool.h>
#include <stdint.h>

#include "domain/lifecycle.h"
#include "domain/model.h"

enum role {
	ROLE_ADMIN,
	ROLE_INTAKE,
	ROLE_REGIONAL_MANAGER,
	ROLE_COORDINATOR,
	ROLE_FUNDER,
	ROLE_RESEARCHER,
	ROLE__COUNT
};

enum op {
	OP_READ = 1 << 0,   /* read one record or list them */
	OP_CREATE = 1 << 1,
	OP_UPDATE = 1 << 2,
	OP_DELETE = 1 << 3,
	OP_ACT = 1 << 4,    /* a lifecycle action on a request */
	OP_EXPORT = 1 << 5, /* everything kring holds on a case at once (AVG right of access) */
	OP_AVAILABILITY = 1 << 6, /* the periods a coordinator is unavailable, and nothing else of the record */
};

enum scope {
	SCOPE_ALL,       /* every record */
	SCOPE_REGION,    /* cases in one of the user's regions */
	SCOPE_INTAKE,    /* cases in the user's regions, before a coordinator is assigned */
	SCOPE_ASSIGNED,  /* cases whose coordinator is the user's */
	SCOPE_OWN,       /* the coordinator record that is the user's own (case_facts.coordinator_id
			  * names the record) */
};

/* the account as far as the rules need it */
struct principal {
	unsigned roles;            /* bit (1u << enum role) per role held */
	const int64_t *region_ids; /* the user's regions */
	size_t nregions;
	bool all_regions;          /* every region (a manager of a whole service) */
	int64_t coordinator_id;    /* 0 when the account is no coordinator */
};

/* the case a record belongs to, as far as the rules need it */
struct case_facts {
	int64_t region_id;
	int64_t coordinator_id; /* 0 when none is assigned */
	enum state state;
};

/* -1 when the name is not a role */
int role_from_name(const char *name);
const char *role_name(enum role r);

/* true when the entity's records belong to a case (the request itself and
 * every record under it) */
bool policy_is_case_record(const struct entity *e);

/*
 * May p perform op on records of e (action: the lifecycle action for
 * OP_ACT, else NULL)? c is the case for case records (NULL for reference
 * data, and for a create or a list before the case is known: then only the
 * role rule is checked). Returns the role that allows it, or -1 when none
 * does; *scoped_out is set when some role allows the operation but not on
 * this case (answer 404), and cleared when no role allows the operation at
 * all (answer 403).
 */
int policy_allows(const struct principal *p, enum op op, const struct entity *e, enum action action,
		  const struct case_facts *c, bool *scoped_out);

/* the scopes under which p may read case records of e: a bitmask of
 * (1u << enum scope), for narrowing lists; 0 when p may read none */
unsigned policy_read_scopes(const struct principal *p, const struct entity *e);

/* which cases the reports (aggregates) of an account count */
enum report_scope {
	REPORT_DENIED,  /* none: intake, coordinators (403) */
	REPORT_FUNDER,  /* the cases under the agreements of the account's funder, small counts withheld */
	REPORT_REGIONS, /* the cases of the account's regions (every region with all_regions) */
	REPORT_ALL,     /* every case: admin, researcher */
};

/* the widest report scope any role of p gives */
enum report_scope policy_report_scope(const struct principal *p);

/* which agreements the budgets (money committed, spent and left) of an
 * account show */
enum budget_scope {
	BUDGET_DENIED,  /* none: intake, coordinators, researchers (403) */
	BUDGET_FUNDER,  /* the agreements of the account's own funder */
	BUDGET_REGIONS, /* those of the account's regions and those for every region */
	BUDGET_ALL,     /* every agreement: admin, a manager of all regions */
};

/* the widest budget scope any role of p gives (a regional manager with
 * all_regions sees all) */
enum budget_scope policy_budget_scope(const struct principal *p);

#endif
