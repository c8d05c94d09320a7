#include "domain/model.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define TEXT(n, fl, mx, d) { .name = n, .type = FT_TEXT, .flags = fl, .max = mx, .doc = d }

/* ---- enumerations ---------------------------------------------------- */

const char *const ENUM_KIND[] = { "family", "restoration", "group", "learning", NULL };
const char *const ENUM_TRACK[] = { "youth_voluntary", "child_protection", "youth_probation",
	"adult", "eviction", "education", "neighbourhood", "other", NULL };
const char *const ENUM_TOPIC[] = { "parenting", "divorce", "overload", "psychiatric_problems",
	"money", "housing", "school", "safety", "domestic_violence", "addiction", "health",
	"work", "independence", "return_after_detention", "elderly", "neighbourhood",
	"restoration", "other", NULL };
const char *const ENUM_STOP_REASON[] = { "declined_by_family", "no_consent", "no_funding",
	"circumstances", "no_network", "other", NULL };
const char *const ENUM_OUTCOME[] = { "plan", "plan_without_meeting", NULL };
const char *const ENUM_FUNDING_SOURCE[] = { "agreement", "other_funder", "institution",
	"family_contribution", "split", NULL };
const char *const ENUM_STATE[] = { "requested", "funding_decided", "coordinator_assigned",
	"preparation", "conference_scheduled", "conference_held", "plan_judged", "follow_up",
	"closed", "stopped", NULL };

static const char *const ENUM_FUNDER_TYPE[] = { "municipality", "province", "care_institution",
	"housing_corporation", "other", NULL };
static const char *const ENUM_ORG_TYPE[] = { "youth_care", "child_protection", "municipality",
	"housing_corporation", "school", "police", "mental_health", "social_work", "general_practice",
	"other", NULL };
const char *const ENUM_REFERRER_TYPE[] = { "professional", "self", NULL };
static const char *const ENUM_GENDER[] = { "female", "male", "other", NULL };
const char *const ENUM_ROLE[] = { "network", "informant", NULL };
const char *const ENUM_BY[] = { "network", "professional", NULL };
const char *const ENUM_MEASURE[] = { "supervision_order", "out_of_home_placement",
	"eviction", "admission", NULL };
const char *const ENUM_AT_REQUEST[] = { "threatened", "in_place", NULL };
const char *const ENUM_AT_FOLLOW_UP[] = { "prevented", "happened", "reversed", "continued", NULL };
const char *const ENUM_SITUATION[] = { "improved", "same", "worse", NULL };
static const char *const ENUM_FOLLOW_UP_KIND[] = { "phone_call", "follow_up", "follow_up_conference", NULL };
static const char *const ENUM_COST_KIND[] = { "tariff", "coordinator_fee", "interpreter", "venue",
	"travel", "other", NULL };

/* ---- entities -------------------------------------------------------- */

static const struct field region_fields[] = {
	TEXT("name", F_REQUIRED, 100, "name of the region, unique"),
};
const struct entity ENTITY_REGION = { "region", "regions", "regions", "Region",
	region_fields, N(region_fields), 0 };

static const struct field organisation_fields[] = {
	TEXT("name", F_REQUIRED, 200, "name of the referring organisation"),
	{ .name = "type", .type = FT_ENUM, .flags = F_REQUIRED | F_FILTER, .values = ENUM_ORG_TYPE,
	  .doc = "kind of organisation" },
	{ .name = "region_id", .type = FT_REF, .flags = F_FILTER, .ref = "region",
	  .doc = "region the organisation works in" },
};
const struct entity ENTITY_ORGANISATION = { "organisation", "organisations", "organisations",
	"Referrer organisation", organisation_fields, N(organisation_fields), 0 };

static const struct field funder_fields[] = {
	TEXT("name", F_REQUIRED, 200, "name of the funder"),
	{ .name = "type", .type = FT_ENUM, .flags = F_REQUIRED | F_FILTER, .values = ENUM_FUNDER_TYPE,
	  .doc = "kind of funder" },
	/* migration 0010: what its invoices name (EN 16931: the buyer) */
	TEXT("address", 0, 200, "street and number of the invoice address"),
	TEXT("postcode", 0, 20, "postcode of the invoice address"),
	TEXT("city", 0, 100, "town of the invoice address"),
	{ .name = "oin", .type = FT_TEXT, .max = 20,
	  .doc = "the funder's OIN (Dutch government identification number), the electronic address of its e-invoices" },
	TEXT("buyer_reference", 0, 100, "the reference the funder wants on every invoice (its order or budget number)"),
};
const struct entity ENTITY_FUNDER = { "funder", "funders", "funders", "Funder",
	funder_fields, N(funder_fields), 0 };

#define TARIFF(n, d) { .name = n, .type = FT_CENTS, .min = 0, .max = 100000000, .doc = d }
static const struct field agreement_fields[] = {
	{ .name = "funder_id", .type = FT_REF, .flags = F_REQUIRED | F_FILTER | F_IMMUTABLE,
	  .ref = "funder", .doc = "the funder that pays under this agreement" },
	TEXT("name", F_REQUIRED, 200, "name of the agreement"),
	{ .name = "starts_on", .type = FT_DATE, .flags = F_REQUIRED, .doc = "first day of the period" },
	{ .name = "ends_on", .type = FT_DATE, .doc = "last day of the period (open when absent)" },
	{ .name = "region_id", .type = FT_REF, .flags = F_FILTER, .ref = "region",
	  .doc = "region the agreement covers (all when absent)" },
	TARIFF("tariff_family_cents", "tariff for a family conference, in cents"),
	TARIFF("tariff_restoration_cents", "tariff for a restoration conference, in cents"),
	TARIFF("tariff_group_cents", "tariff for a group or neighbourhood conference, in cents"),
	TARIFF("tariff_learning_cents", "tariff for a learning-question conference, in cents"),
	/* migration 0009: what the agreement covers, and its budget */
	{ .name = "kinds", .type = FT_ENUM_LIST, .values = ENUM_KIND, .max_items = 4, .dflt = "[]",
	  .doc = "kinds of conference the agreement pays for (none: every kind)" },
	{ .name = "tracks", .type = FT_ENUM_LIST, .values = ENUM_TRACK, .max_items = 8, .dflt = "[]",
	  .doc = "tracks the agreement pays for (none: every track)" },
	{ .name = "municipalities", .type = FT_TEXT_LIST, .max = 100, .max_items = 100, .dflt = "[]",
	  .doc = "municipalities covered (none: the whole region, or everywhere without a region)" },
	{ .name = "budget_cents", .type = FT_CENTS, .min = 0, .max = 100000000000,
	  .doc = "budget for the period, in cents (no money limit when absent)" },
	{ .name = "max_conferences", .type = FT_INT, .min = 0, .max = 1000000,
	  .doc = "most conferences paid in the period (no limit when absent)" },
	{ .name = "warn_below_pct", .type = FT_INT, .min = 0, .max = 100, .dflt = "10",
	  .doc = "warn when the remaining budget falls below this percentage of the budget" },
};
const struct entity ENTITY_AGREEMENT = { "agreement", "agreements", "agreements", "Agreement",
	agreement_fields, N(agreement_fields), 0 };

static const struct field coordinator_fields[] = {
	TEXT("name", F_REQUIRED | F_SEARCH, 200, "full name"),
	{ .name = "gender", .type = FT_ENUM, .flags = F_FILTER, .values = ENUM_GENDER, .doc = "gender" },
	{ .name = "languages", .type = FT_LANG_LIST, .max_items = 20, .dflt = "[]",
	  .doc = "languages spoken (ISO 639 codes: nl, ar, tr, ber, pap, pl, en, ...)" },
	{ .name = "backgrounds", .type = FT_TEXT_LIST, .max = 100, .max_items = 10, .dflt = "[]",
	  .doc = "cultural backgrounds" },
	{ .name = "region_ids", .type = FT_REF_LIST, .ref = "region", .max_items = 50, .dflt = "[]",
	  .doc = "regions served" },
	{ .name = "active", .type = FT_BOOL, .flags = F_FILTER, .dflt = "true",
	  .doc = "available for new cases" },
	TEXT("email", 0, 200, "e-mail address"),
	TEXT("phone", 0, 50, "telephone number"),
	{ .name = "fee_cents", .type = FT_CENTS, .min = 0, .max = 100000000,
	  .doc = "fee per conference, in cents" },
	/* the pool (migration 0008): what matching needs */
	{ .name = "languages_basic", .type = FT_LANG_LIST, .max_items = 20, .dflt = "[]",
	  .doc = "languages understood at a basic level (a conference is led in one of languages)" },
	{ .name = "municipalities", .type = FT_TEXT_LIST, .max = 100, .max_items = 100, .dflt = "[]",
	  .doc = "municipalities served (none: every municipality of its regions)" },
	{ .name = "capacity", .type = FT_INT, .min = 0, .max = 50, .dflt = "3",
	  .doc = "how many cases the coordinator takes on at the same time" },
	{ .name = "unavailable", .type = FT_TEXT_LIST, .max = 21, .max_items = 100, .dflt = "[]",
	  .doc = "periods the coordinator is not available, each YYYY-MM-DD/YYYY-MM-DD (first and last day)" },
	{ .name = "course_on", .type = FT_DATE, .doc = "date the 6-day course was completed" },
	{ .name = "coaching_dates", .type = FT_TEXT_LIST, .max = 10, .max_items = 100, .dflt = "[]",
	  .doc = "dates of coaching sessions (YYYY-MM-DD)" },
	{ .name = "refresher_dates", .type = FT_TEXT_LIST, .max = 10, .max_items = 100, .dflt = "[]",
	  .doc = "dates of refresher courses (YYYY-MM-DD)" },
	{ .name = "organisation_ids", .type = FT_REF_LIST, .ref = "organisation", .max_items = 50,
	  .dflt = "[]", .doc = "organisations the coordinator works for or with (never their cases)" },
	{ .name = "funder_ids", .type = FT_REF_LIST, .ref = "funder", .max_items = 50, .dflt = "[]",
	  .doc = "funders the coordinator works for or with (never their cases)" },
	{ .name = "family_relations", .type = FT_TEXT_LIST, .max = 200, .max_items = 50, .dflt = "[]",
	  .doc = "names of people the coordinator is related to or knows privately (never their cases)" },
};
const struct entity ENTITY_COORDINATOR = { "coordinator", "coordinators", "coordinators",
	"Coordinator", coordinator_fields, N(coordinator_fields), 0 };

static const struct field request_fields[] = {
	{ .name = "requested_on", .type = FT_DATE, .flags = F_REQUIRED | F_FILTER, .doc = "date of the request" },
	{ .name = "region_id", .type = FT_REF, .flags = F_REQUIRED | F_FILTER, .ref = "region",
	  .doc = "region that handles the request" },
	{ .name = "referrer_type", .type = FT_ENUM, .flags = F_REQUIRED | F_FILTER,
	  .values = ENUM_REFERRER_TYPE, .doc = "a professional asked, or the person themself" },
	{ .name = "referrer_organisation_id", .type = FT_REF, .flags = F_FILTER, .ref = "organisation",
	  .doc = "the referring organisation" },
	TEXT("referrer_name", 0, 200, "the referring professional"),
	{ .name = "kind", .type = FT_ENUM, .flags = F_REQUIRED | F_FILTER, .values = ENUM_KIND,
	  .doc = "kind of conference" },
	{ .name = "track", .type = FT_ENUM, .flags = F_REQUIRED | F_FILTER, .values = ENUM_TRACK,
	  .doc = "the field the request comes from" },
	{ .name = "topics", .type = FT_ENUM_LIST, .values = ENUM_TOPIC, .max_items = 18, .dflt = "[]",
	  .doc = "topics of the request" },
	{ .name = "main_persons", .type = FT_TEXT_LIST, .flags = F_REQUIRED | F_SEARCH, .max = 200, .max_items = 20,
	  .doc = "the main person(s) the conference is about (at least one)" },
	{ .name = "minors", .type = FT_INT, .min = 0, .max = 50, .dflt = "0",
	  .doc = "number of minors involved" },
	TEXT("minors_ages", 0, 200, "ages of the minors, free text"),
	{ .name = "consent", .type = FT_BOOL, .dflt = "false",
	  .doc = "the main person signed the registration" },
	{ .name = "consent_on", .type = FT_DATE, .doc = "date of consent" },
	{ .name = "preferred_language", .type = FT_LANG, .doc = "preferred language of the coordinator" },
	{ .name = "preferred_gender", .type = FT_ENUM, .values = ENUM_GENDER,
	  .doc = "preferred gender of the coordinator" },
	TEXT("preferred_background", 0, 100, "preferred cultural background of the coordinator"),
	{ .name = "interpreter_needed", .type = FT_BOOL, .dflt = "false", .doc = "an interpreter is needed" },
	{ .name = "interpreter_language", .type = FT_LANG, .doc = "language to interpret" },
	TEXT("safety_notes", 0, 4000, "safety risks, people who must not be invited"),
	{ .name = "follow_up_of", .type = FT_REF, .flags = F_FILTER | F_IMMUTABLE, .ref = "request",
	  .doc = "the first request, when this is a follow-up conference" },
	/* set by transitions */
	{ .name = "state", .type = FT_ENUM, .flags = F_SYSTEM | F_FILTER, .values = ENUM_STATE,
	  .doc = "where the case stands in its lifecycle" },
	{ .name = "funding_source", .type = FT_ENUM, .flags = F_SYSTEM, .values = ENUM_FUNDING_SOURCE,
	  .doc = "how the conference is paid (set by decide-funding)" },
	{ .name = "funder_id", .type = FT_REF, .flags = F_SYSTEM | F_FILTER, .ref = "funder",
	  .doc = "the funder (set by decide-funding)" },
	{ .name = "agreement_id", .type = FT_REF, .flags = F_SYSTEM | F_FILTER, .ref = "agreement",
	  .doc = "the agreement (set by decide-funding)" },
	{ .name = "coordinator_id", .type = FT_REF, .flags = F_SYSTEM | F_FILTER, .ref = "coordinator",
	  .doc = "the coordinator (set by assign-coordinator)" },
	{ .name = "outcome", .type = FT_ENUM, .flags = F_SYSTEM | F_FILTER, .values = ENUM_OUTCOME,
	  .doc = "outcome of the conference (set by record-conference)" },
	{ .name = "stop_reason", .type = FT_ENUM, .flags = F_SYSTEM | F_FILTER, .values = ENUM_STOP_REASON,
	  .doc = "why the request stopped (set by stop)" },
	{ .name = "closed_on", .type = FT_DATE, .flags = F_SYSTEM | F_FILTER,
	  .doc = "date the case was closed or stopped" },
	{ .name = "anonymised_on", .type = FT_DATE, .flags = F_SYSTEM,
	  .doc = "date its names, contact data and free text were removed after the retention period "
		 "(kring retention)" },
	/* last: migration 0006 appended its column */
	{ .name = "ref", .type = FT_TEXT, .flags = F_FILTER | F_IMMUTABLE, .max = 100,
	  .doc = "the case's own reference (dossier number), unique; kring import matches cases by it" },
	/* migration 0008: for matching a coordinator */
	TEXT("municipality", 0, 100, "municipality the family lives in"),
	{ .name = "wanted_on", .type = FT_DATE, .doc = "when the family would like the conference" },
	/* migration 0009: the money committed on the agreement */
	{ .name = "committed_cents", .type = FT_CENTS, .flags = F_SYSTEM, .min = 0, .max = 100000000, .dflt = "0",
	  .doc = "the amount committed on the agreement's budget (its tariff for the kind; set by "
		 "decide-funding, 0 again when the case stops before its conference)" },
	TEXT("funding_note", F_SYSTEM, 2000,
	     "how the money was found when no agreement fits: who pays what (set by decide-funding)"),
};
const struct entity ENTITY_REQUEST = { "request", "requests", "requests", "Request (case)",
	request_fields, N(request_fields), 0 };

#define PARENT { .name = "request_id", .type = FT_REF, .flags = F_PARENT | F_FILTER | F_IMMUTABLE, \
	.ref = "request", .doc = "the request (case) this belongs to" }

static const struct field network_member_fields[] = {
	PARENT,
	TEXT("name", F_REQUIRED, 200, "name"),
	TEXT("relation", F_REQUIRED, 100, "relation to the main person"),
	{ .name = "role", .type = FT_ENUM, .flags = F_FILTER, .values = ENUM_ROLE, .dflt = "\"network\"",
	  .doc = "network member, or informant (a professional giving information in phase 1)" },
	TEXT("organisation", 0, 200, "organisation (informants)"),
	TEXT("contact", 0, 200, "telephone or address"),
	{ .name = "do_not_invite", .type = FT_BOOL, .dflt = "false", .doc = "must not be invited (safety)" },
	{ .name = "invited", .type = FT_BOOL, .dflt = "false", .doc = "invited to the conference" },
	{ .name = "consented", .type = FT_BOOL, .dflt = "false", .doc = "agreed to take part" },
	{ .name = "attended", .type = FT_BOOL, .dflt = "false", .doc = "attended the conference" },
	TEXT("notes", 0, 2000, "notes"),
};
const struct entity ENTITY_NETWORK_MEMBER = { "network_member", "network_members",
	"network-members", "Network member or informant", network_member_fields,
	N(network_member_fields), E_DELETABLE };

static const struct field conference_fields[] = {
	PARENT,
	{ .name = "scheduled_on", .type = FT_DATE, .doc = "planned date" },
	TEXT("place", 0, 200, "place of the conference"),
	{ .name = "held_on", .type = FT_DATE, .doc = "date the conference was held" },
	{ .name = "phase1_start", .type = FT_TIME, .doc = "start of phase 1 (information)" },
	{ .name = "phase2_start", .type = FT_TIME, .doc = "start of phase 2 (private time)" },
	{ .name = "phase3_start", .type = FT_TIME, .doc = "start of phase 3 (the plan)" },
	{ .name = "ended_at", .type = FT_TIME, .doc = "end of the conference" },
	{ .name = "participants_present", .type = FT_INT, .min = 0, .max = 500,
	  .doc = "number of people present" },
	{ .name = "outcome", .type = FT_ENUM, .flags = F_SYSTEM, .values = ENUM_OUTCOME,
	  .doc = "plan, or plan made without a meeting" },
};
const struct entity ENTITY_CONFERENCE = { "conference", "conferences", "conferences", "Conference",
	conference_fields, N(conference_fields), E_NO_CREATE | E_ONE_PER_PARENT };

static const struct field plan_fields[] = {
	PARENT,
	{ .name = "evaluation_on", .type = FT_DATE, .doc = "date the plan is evaluated" },
	TEXT("fallback", 0, 4000, "what if it goes differently"),
	TEXT("notes", 0, 8000, "further text of the plan"),
};
const struct entity ENTITY_PLAN = { "plan", "plans", "plans", "Plan",
	plan_fields, N(plan_fields), E_ONE_PER_PARENT };

static const struct field plan_action_fields[] = {
	PARENT,
	{ .name = "topic", .type = FT_ENUM, .flags = F_REQUIRED | F_FILTER, .values = ENUM_TOPIC,
	  .doc = "topic the action serves" },
	TEXT("what", F_REQUIRED, 1000, "what will be done"),
	{ .name = "by", .type = FT_ENUM, .flags = F_REQUIRED | F_FILTER, .values = ENUM_BY,
	  .doc = "done by a network member or by a professional" },
	{ .name = "network_member_id", .type = FT_REF, .flags = F_FILTER, .ref = "network_member",
	  .doc = "who, when by = network (a member of this case's network)" },
	TEXT("professional", 0, 200, "who, when by = professional"),
	{ .name = "due_on", .type = FT_DATE, .doc = "due date" },
	{ .name = "done", .type = FT_BOOL, .dflt = "false", .doc = "done" },
	{ .name = "substitutes_professional", .type = FT_BOOL, .dflt = "false",
	  .doc = "would otherwise have been done by a professional" },
};
const struct entity ENTITY_PLAN_ACTION = { "plan_action", "plan_actions", "plan-actions",
	"Plan action", plan_action_fields, N(plan_action_fields), E_DELETABLE };

static const struct field verdict_fields[] = {
	PARENT,
	{ .name = "safe_and_feasible", .type = FT_BOOL, .flags = F_REQUIRED,
	  .doc = "the professional judges the plan safe and feasible" },
	TEXT("by_name", F_REQUIRED, 200, "the responsible professional"),
	TEXT("organisation", 0, 200, "their organisation"),
	{ .name = "judged_on", .type = FT_DATE, .flags = F_REQUIRED, .doc = "date of the verdict" },
	TEXT("reasons", 0, 4000, "reasons (required when not safe and feasible)"),
};
const struct entity ENTITY_VERDICT = { "verdict", "verdicts", "verdicts", "Verdict",
	verdict_fields, N(verdict_fields), E_NO_CREATE | E_NO_UPDATE };

static const struct field measure_fields[] = {
	PARENT,
	{ .name = "measure", .type = FT_ENUM, .flags = F_REQUIRED | F_FILTER, .values = ENUM_MEASURE,
	  .doc = "the measure" },
	{ .name = "count", .type = FT_INT, .flags = F_REQUIRED, .min = 1, .max = 50,
	  .doc = "number of persons (children) concerned" },
	{ .name = "at_request", .type = FT_ENUM, .flags = F_REQUIRED, .values = ENUM_AT_REQUEST,
	  .doc = "threatened or in place when the request was made" },
	{ .name = "at_follow_up", .type = FT_ENUM, .values = ENUM_AT_FOLLOW_UP,
	  .doc = "status at follow-up" },
};
const struct entity ENTITY_MEASURE = { "measure", "measures", "measures", "Measure",
	measure_fields, N(measure_fields), E_DELETABLE };

#define GRADE(n, d) { .name = n, .type = FT_INT, .min = 1, .max = 10, .doc = d }
static const struct field follow_up_fields[] = {
	PARENT,
	{ .name = "follow_up_on", .type = FT_DATE, .flags = F_REQUIRED, .doc = "date of the follow-up" },
	{ .name = "kind", .type = FT_ENUM, .values = ENUM_FOLLOW_UP_KIND, .dflt = "\"follow_up\"",
	  .doc = "phone call, follow-up, or follow-up conference" },
	{ .name = "situation", .type = FT_ENUM, .values = ENUM_SITUATION,
	  .doc = "situation compared with the request" },
	GRADE("satisfaction_main_person", "grade 1-10 given by the main person(s)"),
	GRADE("satisfaction_child", "grade 1-10 given by the children"),
	GRADE("satisfaction_network", "grade 1-10 given by the network"),
	GRADE("satisfaction_professional", "grade 1-10 given by the professionals"),
	{ .name = "actions_done_pct", .type = FT_INT, .min = 0, .max = 100,
	  .doc = "share of the plan's actions done, in percent" },
	TEXT("notes", 0, 4000, "notes"),
};
const struct entity ENTITY_FOLLOW_UP = { "follow_up", "follow_ups", "follow-ups", "Follow-up",
	follow_up_fields, N(follow_up_fields), E_DELETABLE };

static const struct field cost_fields[] = {
	PARENT,
	{ .name = "kind", .type = FT_ENUM, .flags = F_REQUIRED | F_FILTER, .values = ENUM_COST_KIND,
	  .doc = "kind of cost" },
	{ .name = "amount_cents", .type = FT_CENTS, .flags = F_REQUIRED, .min = 0, .max = 100000000,
	  .doc = "amount in cents" },
	{ .name = "incurred_on", .type = FT_DATE, .doc = "date" },
	TEXT("description", 0, 500, "description"),
};
const struct entity ENTITY_COST = { "cost", "costs", "costs", "Cost",
	cost_fields, N(cost_fields), E_DELETABLE };

static const struct field transition_fields[] = {
	PARENT,
	TEXT("action", F_REQUIRED, 50, "the lifecycle action"),
	{ .name = "from_state", .type = FT_ENUM, .flags = F_REQUIRED, .values = ENUM_STATE, .doc = "state before" },
	{ .name = "to_state", .type = FT_ENUM, .flags = F_REQUIRED, .values = ENUM_STATE, .doc = "state after" },
	TEXT("actor", F_REQUIRED, 200, "who made the transition"),
	{ .name = "at", .type = FT_TIMESTAMP, .flags = F_REQUIRED, .doc = "when it was recorded (UTC)" },
	{ .name = "happened_on", .type = FT_DATE, .flags = F_REQUIRED,
	  .doc = "the date the step took effect (given with the action, or the day it was recorded)" },
	TEXT("note", 0, 2000, "note or reason"),
};
const struct entity ENTITY_TRANSITION = { "transition", "transitions", "transitions",
	"Transition", transition_fields, N(transition_fields), E_NO_CREATE | E_NO_UPDATE };

/* written by assign-coordinator: who was chosen, why, and the shortlist of
 * that moment, so that the choice can be explained later */
static const struct field coordinator_choice_fields[] = {
	PARENT,
	{ .name = "coordinator_id", .type = FT_REF, .flags = F_REQUIRED | F_FILTER, .ref = "coordinator",
	  .doc = "the coordinator chosen" },
	{ .name = "chosen_on", .type = FT_DATE, .flags = F_REQUIRED, .doc = "date of the choice" },
	TEXT("chosen_by", 0, 200, "who chose (the account)"),
	TEXT("reason", 0, 2000, "why this coordinator (the note of the action)"),
	{ .name = "shortlist", .type = FT_TEXT, .flags = F_SYSTEM, .max = 4000000,
	  .doc = "the ranked shortlist and the exclusions at the moment of the choice, as JSON text" },
	{ .name = "weights", .type = FT_TEXT, .flags = F_SYSTEM, .max = 2000,
	  .doc = "the weights of the soft scores used, as JSON text" },
};
const struct entity ENTITY_COORDINATOR_CHOICE = { "coordinator_choice", "coordinator_choices",
	"coordinator-choices", "Choice of coordinator", coordinator_choice_fields,
	N(coordinator_choice_fields), E_NO_CREATE | E_NO_UPDATE };

/* ---- accounts (E_INTERNAL: reached only through service/accounts.c) ---- */

const char *const ENUM_USER_ROLE[] = { "admin", "intake", "regional_manager", "coordinator", "funder",
	"researcher", NULL };
static const char *const ENUM_LANGUAGE[] = { "auto", "nl", "en", NULL };
static const char *const ENUM_SESSION_KIND[] = { "browser", "api", NULL };

static const struct field user_fields[] = {
	{ .name = "username", .type = FT_TEXT, .flags = F_REQUIRED | F_IMMUTABLE, .max = 64,
	  .doc = "login name: 2 to 64 of a-z, 0-9, '.', '_', '-'" },
	TEXT("display_name", F_REQUIRED, 200, "the name shown"),
	{ .name = "password_hash", .type = FT_TEXT, .flags = F_SYSTEM, .max = 256,
	  .doc = "argon2id hash (libsodium crypto_pwhash_str); never shown" },
	{ .name = "roles", .type = FT_ENUM_LIST, .values = ENUM_USER_ROLE, .max_items = 6, .dflt = "[]",
	  .doc = "roles" },
	{ .name = "region_ids", .type = FT_REF_LIST, .ref = "region", .max_items = 100, .dflt = "[]",
	  .doc = "the regions of an intake worker or regional manager" },
	{ .name = "all_regions", .type = FT_BOOL, .dflt = "false",
	  .doc = "every region, present and future (a manager of the whole service)" },
	{ .name = "coordinator_id", .type = FT_REF, .ref = "coordinator",
	  .doc = "the coordinator this account belongs to" },
	{ .name = "funder_id", .type = FT_REF, .ref = "funder", .doc = "the funder this account belongs to" },
	{ .name = "language", .type = FT_ENUM, .values = ENUM_LANGUAGE, .dflt = "\"auto\"",
	  .doc = "language of the user interface: nl, en, or auto (the browser's Accept-Language, else Dutch)" },
	{ .name = "disabled", .type = FT_BOOL, .dflt = "false", .doc = "no longer allowed to log in" },
	{ .name = "failed_logins", .type = FT_INT, .flags = F_SYSTEM, .min = 0, .max = 1000000000,
	  .dflt = "0", .doc = "failed logins since the last successful one" },
	{ .name = "locked", .type = FT_BOOL, .flags = F_SYSTEM, .dflt = "false",
	  .doc = "locked after too many failed logins, until an admin unlocks it" },
	{ .name = "last_failed_at", .type = FT_TIMESTAMP, .flags = F_SYSTEM, .doc = "the last failed login" },
	{ .name = "totp_secret", .type = FT_TEXT, .flags = F_SYSTEM, .max = 64,
	  .doc = "the second factor's TOTP secret (RFC 6238, base32); never shown" },
	{ .name = "totp_last_step", .type = FT_INT, .flags = F_SYSTEM, .min = 0, .max = INT64_MAX,
	  .doc = "the last TOTP time step used, so that a code works once" },
	{ .name = "recovery_codes", .type = FT_TEXT_LIST, .flags = F_SYSTEM, .max = 64, .max_items = 10,
	  .dflt = "[]", .doc = "SHA-256 of the unused recovery codes; never shown" },
};
const struct entity ENTITY_USER = { "user", "users", "users", "User account", user_fields,
	N(user_fields), E_INTERNAL };

static const struct field session_fields[] = {
	{ .name = "token_hash", .type = FT_TEXT, .flags = F_REQUIRED | F_IMMUTABLE, .max = 64,
	  .doc = "SHA-256 of the token (hex); the token itself is never stored" },
	{ .name = "user_id", .type = FT_REF, .ref = "user", .flags = F_REQUIRED | F_IMMUTABLE,
	  .doc = "whose session" },
	{ .name = "kind", .type = FT_ENUM, .values = ENUM_SESSION_KIND, .flags = F_REQUIRED,
	  .doc = "browser (cookie, idle time-out) or api (bearer token)" },
	TEXT("label", 0, 100, "what an API token is for"),
	{ .name = "last_seen_at", .type = FT_TIMESTAMP, .flags = F_REQUIRED, .doc = "last use" },
	{ .name = "expires_at", .type = FT_TIMESTAMP, .flags = F_REQUIRED, .doc = "absolute end" },
	TEXT("address", 0, 64, "the address it was opened from"),
};
const struct entity ENTITY_SESSION = { "session", "sessions", "sessions", "Session", session_fields,
	N(session_fields), E_INTERNAL };

static const struct field login_throttle_fields[] = {
	TEXT("key", F_REQUIRED | F_IMMUTABLE, 200, "user:NAME or address:IP"),
	{ .name = "failures", .type = FT_INT, .flags = F_REQUIRED, .min = 0, .max = 1000000000,
	  .doc = "failed logins in a row" },
	{ .name = "last_failed_at", .type = FT_TIMESTAMP, .flags = F_REQUIRED, .doc = "the last one" },
};
const struct entity ENTITY_LOGIN_THROTTLE = { "login_throttle", "login_throttles", "login-throttles",
	"Failed logins", login_throttle_fields, N(login_throttle_fields), E_INTERNAL };

/* ---- invoices (E_INTERNAL: reached only through service/invoices.c) ---- */

static const char *const ENUM_INVOICE_KIND[] = { "invoice", "credit_note", NULL };

/* An issued invoice or credit note: never changed or deleted (triggers in
 * migration 0010 refuse it). The seller and the buyer are copied in when it
 * is issued, so that its PDF and XML stay the same however the settings and
 * the funder change later. */
#define PARTY(n, mx, d) { .name = n, .type = FT_TEXT, .flags = F_IMMUTABLE, .max = mx, .doc = d }
static const struct field invoice_fields[] = {
	{ .name = "number", .type = FT_TEXT, .flags = F_REQUIRED | F_IMMUTABLE | F_FILTER, .max = 20,
	  .doc = "the invoice number, YYYY-NNNN: one series per year without gaps, unique" },
	{ .name = "kind", .type = FT_ENUM, .flags = F_REQUIRED | F_IMMUTABLE | F_FILTER, .values = ENUM_INVOICE_KIND,
	  .doc = "invoice, or credit note (cancelling a whole invoice)" },
	{ .name = "funder_id", .type = FT_REF, .flags = F_REQUIRED | F_IMMUTABLE | F_FILTER, .ref = "funder",
	  .doc = "the funder invoiced" },
	{ .name = "region_id", .type = FT_REF, .flags = F_IMMUTABLE | F_FILTER, .ref = "region",
	  .doc = "the region whose conferences it holds (every region when absent)" },
	{ .name = "period_from", .type = FT_DATE, .flags = F_REQUIRED | F_IMMUTABLE,
	  .doc = "first day of the period invoiced (conferences held from)" },
	{ .name = "period_to", .type = FT_DATE, .flags = F_REQUIRED | F_IMMUTABLE,
	  .doc = "last day of the period invoiced" },
	{ .name = "issued_on", .type = FT_DATE, .flags = F_REQUIRED | F_IMMUTABLE, .doc = "date of issue" },
	{ .name = "due_on", .type = FT_DATE, .flags = F_REQUIRED | F_IMMUTABLE, .doc = "date payment is due" },
	{ .name = "total_cents", .type = FT_CENTS, .flags = F_REQUIRED | F_IMMUTABLE, .min = -100000000000,
	  .max = 100000000000, .doc = "the total, in cents (VAT exempt: no VAT on top); negative on a credit note" },
	{ .name = "credits_invoice_id", .type = FT_REF, .flags = F_IMMUTABLE | F_FILTER, .ref = "invoice",
	  .doc = "the invoice a credit note cancels" },
	TEXT("reason", F_IMMUTABLE, 500, "why a credit note was issued"),
	TEXT("issued_by", F_REQUIRED | F_IMMUTABLE, 200, "the account that issued it"),
	PARTY("seller_name", 200, "the seller's name (setting invoice_seller_name)"),
	PARTY("seller_kvk", 20, "the seller's Chamber of Commerce (KvK) number"),
	PARTY("seller_vat", 20, "the seller's VAT number"),
	PARTY("seller_iban", 34, "the account the invoice is paid to"),
	PARTY("seller_address", 200, "the seller's street and number"),
	PARTY("seller_postcode", 20, "the seller's postcode"),
	PARTY("seller_city", 100, "the seller's town"),
	PARTY("buyer_name", 200, "the funder's name when issued"),
	PARTY("buyer_address", 200, "the funder's street and number when issued"),
	PARTY("buyer_postcode", 20, "the funder's postcode when issued"),
	PARTY("buyer_city", 100, "the funder's town when issued"),
	PARTY("buyer_oin", 20, "the funder's OIN when issued"),
	PARTY("buyer_reference", 100, "the funder's reference when issued"),
};
const struct entity ENTITY_INVOICE = { "invoice", "invoices", "invoices", "Invoice",
	invoice_fields, N(invoice_fields), E_INTERNAL | E_NO_CREATE | E_NO_UPDATE };

/* one conference invoiced (or, on a credit note, cancelled: quantity -1) */
static const struct field invoice_line_fields[] = {
	{ .name = "invoice_id", .type = FT_REF, .flags = F_REQUIRED | F_IMMUTABLE | F_FILTER, .ref = "invoice",
	  .doc = "the invoice the line is on" },
	{ .name = "request_id", .type = FT_REF, .flags = F_REQUIRED | F_IMMUTABLE | F_FILTER, .ref = "request",
	  .doc = "the case whose conference is invoiced" },
	{ .name = "agreement_id", .type = FT_REF, .flags = F_REQUIRED | F_IMMUTABLE | F_FILTER, .ref = "agreement",
	  .doc = "the agreement whose tariff applies" },
	{ .name = "kind", .type = FT_ENUM, .flags = F_REQUIRED | F_IMMUTABLE, .values = ENUM_KIND,
	  .doc = "the kind of conference" },
	{ .name = "held_on", .type = FT_DATE, .flags = F_REQUIRED | F_IMMUTABLE, .doc = "date the conference was held" },
	TEXT("description", F_REQUIRED | F_IMMUTABLE, 500, "what the line is for (no personal data)"),
	{ .name = "tariff_cents", .type = FT_CENTS, .flags = F_REQUIRED | F_IMMUTABLE, .min = 0, .max = 100000000,
	  .doc = "the agreement's tariff for the kind, in cents" },
	{ .name = "quantity", .type = FT_INT, .flags = F_REQUIRED | F_IMMUTABLE, .min = -1, .max = 1,
	  .doc = "1 on an invoice, -1 on a credit note" },
	{ .name = "amount_cents", .type = FT_CENTS, .flags = F_REQUIRED | F_IMMUTABLE, .min = -100000000,
	  .max = 100000000, .doc = "tariff times quantity, in cents" },
};
const struct entity ENTITY_INVOICE_LINE = { "invoice_line", "invoice_lines", "invoice-lines", "Invoice line",
	invoice_line_fields, N(invoice_line_fields), E_INTERNAL | E_NO_CREATE | E_NO_UPDATE };

/* the last invoice number given per year: raised in the transaction that
 * issues the invoice, so a transaction that fails leaves no gap */
static const struct field invoice_counter_fields[] = {
	{ .name = "year", .type = FT_INT, .flags = F_REQUIRED | F_IMMUTABLE | F_FILTER, .min = 1900, .max = 2199,
	  .doc = "the calendar year of issue" },
	{ .name = "last_number", .type = FT_INT, .flags = F_REQUIRED, .min = 0, .max = 9999999,
	  .doc = "the last number given in that year" },
};
const struct entity ENTITY_INVOICE_COUNTER = { "invoice_counter", "invoice_counters", "invoice-counters",
	"Invoice numbers", invoice_counter_fields, N(invoice_counter_fields), E_INTERNAL };

const struct entity *const model_entities[] = {
	&ENTITY_REGION, &ENTITY_ORGANISATION, &ENTITY_FUNDER, &ENTITY_AGREEMENT,
	&ENTITY_COORDINATOR, &ENTITY_REQUEST, &ENTITY_NETWORK_MEMBER, &ENTITY_CONFERENCE,
	&ENTITY_PLAN, &ENTITY_PLAN_ACTION, &ENTITY_VERDICT, &ENTITY_MEASURE,
	&ENTITY_FOLLOW_UP, &ENTITY_COST, &ENTITY_TRANSITION, &ENTITY_COORDINATOR_CHOICE,
	&ENTITY_USER, &ENTITY_SESSION, &ENTITY_LOGIN_THROTTLE,
	&ENTITY_INVOICE, &ENTITY_INVOICE_LINE, &ENTITY_INVOICE_COUNTER,
};
const size_t model_nentities = N(model_entities);

const struct entity *model_entity(const char *name)
{
	for (size_t i = 0; i < model_nentities; i++)
		if (strcmp(model_entities[i]->name, name) == 0)
			return model_entities[i];
	return NULL;
}

const struct entity *model_entity_by_path(const char *path)
{
	for (size_t i = 0; i < model_nentities; i++)
		if (strcmp(model_entities[i]->path, path) == 0)
			return model_entities[i];
	return NULL;
}

const struct field *model_field(const struct entity *e, const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return &e->fields[i];
	return NULL;
}

const struct field *model_parent(const struct entity *e)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & F_PARENT)
			return &e->fields[i];
	return NULL;
}

int model_enum_index(const char *const *values, const char *v)
{
	for (int i = 0; values[i]; i++)
		if (strcmp(values[i], v) == 0)
			return i;
	return -1;
}
