#include "domain/lifecycle.h"

#include <stddef.h>
#include <string.h>

#include "domain/model.h"

#define BIT(s) (1u << (s))

/*
 * One row per action, indexed by enum action. from_mask and to are the
 * whole rule for most actions; the three actions whose target depends on
 * the state or the input (assign-coordinator, record-conference, judge-plan)
 * are refined in lifecycle_next, and their rows give the usual target.
 */
const struct action_def lifecycle_actions[ACT__COUNT] = {
	[ACT_DECIDE_FUNDING] = {
		.action = ACT_DECIDE_FUNDING,
		.name = "decide-funding",
		.from_mask = BIT(ST_REQUESTED),
		.to = ST_FUNDING_DECIDED,
		.doc = "record how the conference is paid",
	},
	[ACT_ASSIGN_COORDINATOR] = {
		.action = ACT_ASSIGN_COORDINATOR,
		.name = "assign-coordinator",
		.from_mask = BIT(ST_FUNDING_DECIDED) | BIT(ST_COORDINATOR_ASSIGNED) |
			     BIT(ST_PREPARATION) | BIT(ST_CONFERENCE_SCHEDULED),
		.to = ST_COORDINATOR_ASSIGNED,
		.doc = "assign a coordinator (later: reassign, the state stays)",
	},
	[ACT_START_PREPARATION] = {
		.action = ACT_START_PREPARATION,
		.name = "start-preparation",
		.from_mask = BIT(ST_COORDINATOR_ASSIGNED),
		.to = ST_PREPARATION,
		.doc = "the coordinator starts preparing the conference",
	},
	[ACT_SCHEDULE_CONFERENCE] = {
		.action = ACT_SCHEDULE_CONFERENCE,
		.name = "schedule-conference",
		.from_mask = BIT(ST_PREPARATION) | BIT(ST_CONFERENCE_SCHEDULED),
		.to = ST_CONFERENCE_SCHEDULED,
		.doc = "set (or move) the date and place of the conference",
	},
	[ACT_RECORD_CONFERENCE] = {
		.action = ACT_RECORD_CONFERENCE,
		.name = "record-conference",
		.from_mask = BIT(ST_PREPARATION) | BIT(ST_CONFERENCE_SCHEDULED),
		.to = ST_CONFERENCE_HELD,
		.doc = "record that the conference was held, or the plan made without a meeting",
	},
	[ACT_JUDGE_PLAN] = {
		.action = ACT_JUDGE_PLAN,
		.name = "judge-plan",
		.from_mask = BIT(ST_CONFERENCE_HELD),
		.to = ST_PLAN_JUDGED,
		.doc = "the responsible professional judges the plan safe and feasible, or not",
	},
	[ACT_START_FOLLOW_UP] = {
		.action = ACT_START_FOLLOW_UP,
		.name = "start-follow-up",
		.from_mask = BIT(ST_PLAN_JUDGED),
		.to = ST_FOLLOW_UP,
		.doc = "start following up the plan",
	},
	[ACT_CLOSE] = {
		.action = ACT_CLOSE,
		.name = "close",
		.from_mask = BIT(ST_CONFERENCE_HELD) | BIT(ST_PLAN_JUDGED) | BIT(ST_FOLLOW_UP),
		.to = ST_CLOSED,
		.doc = "close the case",
	},
	[ACT_STOP] = {
		.action = ACT_STOP,
		.name = "stop",
		.from_mask = BIT(ST_REQUESTED) | BIT(ST_FUNDING_DECIDED) |
			     BIT(ST_COORDINATOR_ASSIGNED) | BIT(ST_PREPARATION) |
			     BIT(ST_CONFERENCE_SCHEDULED),
		.to = ST_STOPPED,
		.doc = "stop the request before the conference, with a reason",
	},
};

/*
 * The name of state s as stored and shown in the API, or NULL when s is not
 * a state. The names are ENUM_STATE of the model, so the database, the API
 * and the state machine cannot drift apart.
 */
const char *state_name(enum state s)
{
	if ((unsigned)s >= ST__COUNT)
		return NULL;
	return ENUM_STATE[s];
}

/* The state called name, or -1 (also for NULL). */
int state_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int s = 0; s < ST__COUNT; s++)
		if (strcmp(ENUM_STATE[s], name) == 0)
			return s;
	return -1;
}

/* The row of the action with URL name name, or NULL. */
const struct action_def *lifecycle_action(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ACT__COUNT; i++)
		if (strcmp(lifecycle_actions[i].name, name) == 0)
			return &lifecycle_actions[i];
	return NULL;
}

/*
 * The state reached by act from from. in may be NULL, which counts as "not
 * approved, with a meeting": the cautious reading, so a caller that forgets
 * the input never skips a step. Returns -1 and leaves *to alone when the
 * transition is not allowed.
 */
int lifecycle_next(enum state from, enum action act, const struct transition_input *in,
		   enum state *to)
{
	static const struct transition_input none = { .approved = false, .without_meeting = false };
	if (!in)
		in = &none;
	if ((unsigned)from >= ST__COUNT || (unsigned)act >= ACT__COUNT)
		return -1;

	const struct action_def *a = &lifecycle_actions[act];
	if (!(a->from_mask & BIT(from)))
		return -1;

	enum state next = a->to;
	switch (act) {
	case ACT_ASSIGN_COORDINATOR:
		/* after the first assignment it is a reassignment: the case
		 * keeps its place in the process */
		if (from != ST_FUNDING_DECIDED)
			next = from;
		break;
	case ACT_RECORD_CONFERENCE:
		/* without a scheduled meeting only a plan made without one
		 * can be recorded */
		if (from == ST_PREPARATION && !in->without_meeting)
			return -1;
		break;
	case ACT_JUDGE_PLAN:
		/* a rejected plan stays open so the family can amend it */
		if (!in->approved)
			next = from;
		break;
	default:
		break;
	}
	*to = next;
	return 0;
}

/* The plan is written during and after the conference, until the case closes. */
bool lifecycle_plan_editable(enum state s)
{
	return s == ST_CONFERENCE_HELD || s == ST_PLAN_JUDGED || s == ST_FOLLOW_UP;
}

/* Every state from conference_held on, including closed (a stopped case never
 * had its conference). */
bool lifecycle_conference_held(enum state s)
{
	return s == ST_CONFERENCE_HELD || s == ST_PLAN_JUDGED || s == ST_FOLLOW_UP ||
	       s == ST_CLOSED;
}
