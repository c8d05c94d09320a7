/*
 * The rules of domain/policy.c: for every role, which operations on which
 * records, and the scope of case records (region, before assignment, the
 * coordinator's own cases).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/policy.h"

static const int64_t regions_1_2[] = { 1, 2 };

static struct principal as(unsigned roles)
{
	struct principal p = { .roles = roles, .region_ids = regions_1_2, .nregions = 2, .coordinator_id = 7 };
	return p;
}

#define R(x) (1u << (x))

/* the role that allows it, or -1; out: scoped (404) or not (403) */
static int allows(unsigned roles, enum op op, const struct entity *e, enum action a, const struct case_facts *c,
		  bool *scoped)
{
	struct principal p = as(roles);
	return policy_allows(&p, op, e, a, c, scoped);
}

static const struct case_facts early_in_region = { .region_id = 1, .coordinator_id = 0, .state = ST_REQUESTED };
static const struct case_facts early_elsewhere = { .region_id = 9, .coordinator_id = 0, .state = ST_REQUESTED };
static const struct case_facts assigned_to_7 = { .region_id = 9, .coordinator_id = 7, .state = ST_PREPARATION };
static const struct case_facts assigned_to_8 = { .region_id = 1, .coordinator_id = 8, .state = ST_PREPARATION };

static void role_names_round_trip(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__COUNT; r++)
		assert_int_equal(role_from_name(role_name((enum role)r)), r);
	assert_int_equal(role_from_name("koning"), -1);
	assert_int_equal(role_from_name(NULL), -1);
	/* the names are the model's enum values, in the same order */
	for (int r = 0; r < ROLE__COUNT; r++)
		assert_string_equal(ENUM_USER_ROLE[r], role_name((enum role)r));
	assert_null(ENUM_USER_ROLE[ROLE__COUNT]);
}

static void admin_keeps_reference_data_and_sees_no_case(void **state)
{
	(void)state;
	bool scoped;
	assert_int_equal(allows(R(ROLE_ADMIN), OP_CREATE, &ENTITY_AGREEMENT, 0, NULL, &scoped), ROLE_ADMIN);
	assert_int_equal(allows(R(ROLE_ADMIN), OP_UPDATE, &ENTITY_COORDINATOR, 0, NULL, &scoped), ROLE_ADMIN);
	assert_int_equal(allows(R(ROLE_ADMIN), OP_READ, &ENTITY_REQUEST, 0, &early_in_region, &scoped), -1);
	assert_false(scoped); /* 403: no rule at all */
	assert_int_equal(allows(R(ROLE_ADMIN), OP_READ, &ENTITY_NETWORK_MEMBER, 0, NULL, &scoped), -1);
	/* with a case role too, the case role decides */
	assert_int_equal(allows(R(ROLE_ADMIN) | R(ROLE_REGIONAL_MANAGER), OP_READ, &ENTITY_REQUEST, 0,
				&early_in_region, &scoped), ROLE_REGIONAL_MANAGER);
}

static void intake_sees_requests_of_its_regions_until_a_coordinator_is_assigned(void **state)
{
	(void)state;
	bool scoped;
	assert_int_equal(allows(R(ROLE_INTAKE), OP_CREATE, &ENTITY_REQUEST, 0, &early_in_region, &scoped), ROLE_INTAKE);
	assert_int_equal(allows(R(ROLE_INTAKE), OP_READ, &ENTITY_NETWORK_MEMBER, 0, &early_in_region, &scoped),
			 ROLE_INTAKE);
	assert_int_equal(allows(R(ROLE_INTAKE), OP_READ, &ENTITY_REQUEST, 0, &early_elsewhere, &scoped), -1);
	assert_true(scoped); /* 404 */
	assert_int_equal(allows(R(ROLE_INTAKE), OP_READ, &ENTITY_REQUEST, 0, &assigned_to_8, &scoped), -1);
	assert_true(scoped);
	struct case_facts decided = early_in_region;
	decided.state = ST_FUNDING_DECIDED;
	assert_int_equal(allows(R(ROLE_INTAKE), OP_UPDATE, &ENTITY_REQUEST, 0, &decided, &scoped), ROLE_INTAKE);
	/* no lifecycle actions, no plans, no reference data changes */
	assert_int_equal(allows(R(ROLE_INTAKE), OP_ACT, &ENTITY_REQUEST, ACT_DECIDE_FUNDING, &early_in_region,
				&scoped), -1);
	assert_false(scoped);
	assert_int_equal(allows(R(ROLE_INTAKE), OP_READ, &ENTITY_PLAN, 0, &early_in_region, &scoped), -1);
	assert_int_equal(allows(R(ROLE_INTAKE), OP_CREATE, &ENTITY_REGION, 0, NULL, &scoped), -1);
	assert_int_equal(allows(R(ROLE_INTAKE), OP_READ, &ENTITY_REGION, 0, NULL, &scoped), ROLE_INTAKE);
}

static void regional_manager_does_everything_in_its_regions(void **state)
{
	(void)state;
	bool scoped;
	for (int a = 0; a < ACT__COUNT; a++)
		assert_int_equal(allows(R(ROLE_REGIONAL_MANAGER), OP_ACT, &ENTITY_REQUEST, (enum action)a,
					&assigned_to_8, &scoped), ROLE_REGIONAL_MANAGER);
	assert_int_equal(allows(R(ROLE_REGIONAL_MANAGER), OP_DELETE, &ENTITY_COST, 0, &assigned_to_8, &scoped),
			 ROLE_REGIONAL_MANAGER);
	assert_int_equal(allows(R(ROLE_REGIONAL_MANAGER), OP_READ, &ENTITY_PLAN, 0, &early_elsewhere, &scoped), -1);
	assert_true(scoped);
	assert_int_equal(allows(R(ROLE_REGIONAL_MANAGER), OP_CREATE, &ENTITY_ORGANISATION, 0, NULL, &scoped),
			 ROLE_REGIONAL_MANAGER);
	assert_int_equal(allows(R(ROLE_REGIONAL_MANAGER), OP_CREATE, &ENTITY_AGREEMENT, 0, NULL, &scoped), -1);
	assert_false(scoped);
	/* a manager of every region */
	struct principal p = as(R(ROLE_REGIONAL_MANAGER));
	p.nregions = 0;
	assert_int_equal(policy_allows(&p, OP_READ, &ENTITY_REQUEST, 0, &early_in_region, &scoped), -1);
	assert_true(scoped);
	p.all_regions = true;
	assert_int_equal(policy_allows(&p, OP_READ, &ENTITY_REQUEST, 0, &early_elsewhere, &scoped),
			 ROLE_REGIONAL_MANAGER);
}

static void coordinator_works_only_on_its_own_cases(void **state)
{
	(void)state;
	bool scoped;
	assert_int_equal(allows(R(ROLE_COORDINATOR), OP_UPDATE, &ENTITY_PLAN, 0, &assigned_to_7, &scoped),
			 ROLE_COORDINATOR);
	assert_int_equal(allows(R(ROLE_COORDINATOR), OP_ACT, &ENTITY_REQUEST, ACT_JUDGE_PLAN, &assigned_to_7,
				&scoped), ROLE_COORDINATOR);
	assert_int_equal(allows(R(ROLE_COORDINATOR), OP_READ, &ENTITY_REQUEST, 0, &assigned_to_8, &scoped), -1);
	assert_true(scoped);
	assert_int_equal(allows(R(ROLE_COORDINATOR), OP_ACT, &ENTITY_REQUEST, ACT_ASSIGN_COORDINATOR,
				&assigned_to_7, &scoped), -1);
	assert_false(scoped);
	assert_int_equal(allows(R(ROLE_COORDINATOR), OP_ACT, &ENTITY_REQUEST, ACT_DECIDE_FUNDING, &assigned_to_7,
				&scoped), -1);
	/* a coordinator registers no requests */
	assert_int_equal(allows(R(ROLE_COORDINATOR), OP_CREATE, &ENTITY_REQUEST, 0, NULL, &scoped), -1);
	assert_false(scoped);
	/* an account that is no coordinator has no own cases */
	struct principal p = as(R(ROLE_COORDINATOR));
	p.coordinator_id = 0;
	struct case_facts unassigned = early_in_region;
	assert_int_equal(policy_allows(&p, OP_READ, &ENTITY_REQUEST, 0, &unassigned, &scoped), -1);
	assert_true(scoped);
}

static void funders_and_researchers_read_no_records(void **state)
{
	(void)state;
	bool scoped;
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		if (e->flags & E_INTERNAL)
			continue;
		const struct case_facts *c = policy_is_case_record(e) ? &early_in_region : NULL;
		assert_int_equal(allows(R(ROLE_FUNDER) | R(ROLE_RESEARCHER), OP_READ, e, 0, c, &scoped), -1);
		assert_false(scoped);
	}
	struct principal p = as(R(ROLE_FUNDER));
	assert_int_equal(policy_read_scopes(&p, &ENTITY_REQUEST), 0);
}

static void read_scopes_narrow_lists(void **state)
{
	(void)state;
	struct principal p = as(R(ROLE_INTAKE) | R(ROLE_COORDINATOR));
	assert_int_equal(policy_read_scopes(&p, &ENTITY_REQUEST), R(SCOPE_INTAKE) | R(SCOPE_ASSIGNED));
	assert_int_equal(policy_read_scopes(&p, &ENTITY_REGION), R(SCOPE_ALL));
	p = as(R(ROLE_ADMIN));
	assert_int_equal(policy_read_scopes(&p, &ENTITY_TRANSITION), 0);
}

static void only_the_regional_manager_of_the_region_exports_a_case(void **state)
{
	(void)state;
	bool scoped;
	struct case_facts mine = { .region_id = 2, .coordinator_id = 7, .state = ST_CLOSED };
	struct case_facts elsewhere = { .region_id = 9, .coordinator_id = 7, .state = ST_CLOSED };
	assert_int_equal(allows(R(ROLE_REGIONAL_MANAGER), OP_EXPORT, &ENTITY_REQUEST, 0, &mine, &scoped),
			 ROLE_REGIONAL_MANAGER);
	assert_int_equal(allows(R(ROLE_REGIONAL_MANAGER), OP_EXPORT, &ENTITY_REQUEST, 0, &elsewhere, &scoped), -1);
	assert_true(scoped); /* 404: as if the case did not exist */
	struct principal every = as(R(ROLE_REGIONAL_MANAGER));
	every.nregions = 0;
	every.all_regions = true;
	assert_int_equal(policy_allows(&every, OP_EXPORT, &ENTITY_REQUEST, 0, &elsewhere, &scoped),
			 ROLE_REGIONAL_MANAGER);
	/* every other role: 403, also the coordinator of the case and intake */
	for (int r = 0; r < ROLE__COUNT; r++) {
		if (r == ROLE_REGIONAL_MANAGER)
			continue;
		assert_int_equal(allows(R(r), OP_EXPORT, &ENTITY_REQUEST, 0, &mine, &scoped), -1);
		assert_false(scoped);
	}
	struct case_facts early = { .region_id = 1, .coordinator_id = 0, .state = ST_REQUESTED };
	assert_int_equal(allows(R(ROLE_INTAKE), OP_EXPORT, &ENTITY_REQUEST, 0, &early, &scoped), -1);
	assert_false(scoped);
	/* the export is of a whole case, never of a single record under it */
	assert_int_equal(allows(R(ROLE_REGIONAL_MANAGER), OP_EXPORT, &ENTITY_NETWORK_MEMBER, 0, &mine, &scoped),
			 -1);
	/* and reading does not imply it */
	assert_int_equal(allows(R(ROLE_COORDINATOR), OP_READ, &ENTITY_REQUEST, 0, &mine, &scoped), ROLE_COORDINATOR);
}

static void reports_follow_the_widest_role(void **state)
{
	(void)state;
	static const enum report_scope expected[ROLE__COUNT] = {
		[ROLE_ADMIN] = REPORT_ALL, [ROLE_INTAKE] = REPORT_DENIED, [ROLE_REGIONAL_MANAGER] = REPORT_REGIONS,
		[ROLE_COORDINATOR] = REPORT_DENIED, [ROLE_FUNDER] = REPORT_FUNDER, [ROLE_RESEARCHER] = REPORT_ALL,
	};
	for (int r = 0; r < ROLE__COUNT; r++) {
		struct principal p = as(R(r));
		assert_int_equal(policy_report_scope(&p), expected[r]);
	}
	struct principal none = as(0);
	assert_int_equal(policy_report_scope(&none), REPORT_DENIED);
	/* a funder who also manages regions sees their regions unsuppressed;
	 * a researcher sees everything whatever else they are */
	struct principal both = as(R(ROLE_FUNDER) | R(ROLE_REGIONAL_MANAGER));
	assert_int_equal(policy_report_scope(&both), REPORT_REGIONS);
	struct principal wide = as(R(ROLE_INTAKE) | R(ROLE_RESEARCHER));
	assert_int_equal(policy_report_scope(&wide), REPORT_ALL);
}

/* a coordinator changes the availability of their own record only, and
 * nothing else of it; the admin keeps every record */
static void a_coordinator_keeps_only_their_own_availability(void **state)
{
	(void)state;
	bool scoped;
	struct case_facts own = { .coordinator_id = 7 }, other = { .coordinator_id = 8 };
	assert_int_equal(allows(R(ROLE_COORDINATOR), OP_AVAILABILITY, &ENTITY_COORDINATOR, 0, &own, &scoped),
			 ROLE_COORDINATOR);
	assert_int_equal(allows(R(ROLE_COORDINATOR), OP_AVAILABILITY, &ENTITY_COORDINATOR, 0, &other, &scoped), -1);
	assert_true(scoped);
	assert_int_equal(allows(R(ROLE_COORDINATOR), OP_UPDATE, &ENTITY_COORDINATOR, 0, &own, &scoped), -1);
	assert_false(scoped);
	struct principal p = as(R(ROLE_COORDINATOR));
	p.coordinator_id = 0;
	assert_int_equal(policy_allows(&p, OP_AVAILABILITY, &ENTITY_COORDINATOR, 0, &own, &scoped), -1);
	assert_int_equal(allows(R(ROLE_ADMIN), OP_AVAILABILITY, &ENTITY_COORDINATOR, 0, &other, &scoped), ROLE_ADMIN);
	assert_int_equal(allows(R(ROLE_REGIONAL_MANAGER) | R(ROLE_INTAKE), OP_AVAILABILITY, &ENTITY_COORDINATOR, 0,
				&own, &scoped), -1);
	assert_int_equal(allows(R(ROLE_COORDINATOR), OP_AVAILABILITY, &ENTITY_FUNDER, 0, &own, &scoped), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(role_names_round_trip),
		cmocka_unit_test(admin_keeps_reference_data_and_sees_no_case),
		cmocka_unit_test(intake_sees_requests_of_its_regions_until_a_coordinator_is_assigned),
		cmocka_unit_test(regional_manager_does_everything_in_its_regions),
		cmocka_unit_test(coordinator_works_only_on_its_own_cases),
		cmocka_unit_test(funders_and_researchers_read_no_records),
		cmocka_unit_test(read_scopes_narrow_lists),
		cmocka_unit_test(only_the_regional_manager_of_the_region_exports_a_case),
		cmocka_unit_test(a_coordinator_keeps_only_their_own_availability),
		cmocka_unit_test(reports_follow_the_widest_role),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
