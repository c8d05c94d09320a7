#ifndef KRING_DOMAIN_LIFECYCLE_H
#define KRING_DOMAIN_LIFECYCLE_H
/*
 * The case lifecycle as a state machine. Pure: no I/O.
 *
 *  requested -> funding_decided -> coordinator_assigned -> preparation
 *  -> conference_scheduled -> conference_held -> plan_judged -> follow_up
 *  -> closed; stopped (with a reason) from any state before the conference.
 *
 * The order of enum state matches ENUM_STATE in domain/model.h.
 */
#include <stdbool.h>

enum state {
	ST_REQUESTED,
	ST_FUNDING_DECIDED,
	ST_COORDINATOR_ASSIGNED,
	ST_PREPARATION,
	ST_CONFERENCE_SCHEDULED,
	ST_CONFERENCE_HELD,
	ST_PLAN_JUDGED,
	ST_FOLLOW_UP,
	ST_CLOSED,
	ST_STOPPED,
	ST__COUNT
};

enum action {
	ACT_DECIDE_FUNDING,
	ACT_ASSIGN_COORDINATOR,
	ACT_START_PREPARATION,
	ACT_SCHEDULE_CONFERENCE,
	ACT_RECORD_CONFERENCE,
	ACT_JUDGE_PLAN,
	ACT_START_FOLLOW_UP,
	ACT_CLOSE,
	ACT_STOP,
	ACT__COUNT
};

/* what some actions need to decide their target state */
struct transition_input {
	bool approved;             /* judge-plan: safe and feasible */
	bool without_meeting;      /* record-conference: outcome plan_without_meeting */
};

struct action_def {
	enum action action;
	const char *name;   /* as in the URL: "decide-funding" */
	unsigned from_mask; /* bit (1u << state) for every state it may start from */
	enum state to;      /* target state (judge-plan: when approved) */
	const char *doc;
};

extern const struct action_def lifecycle_actions[ACT__COUNT];

const char *state_name(enum state s);
/* -1 when the name is not a state */
int state_from_name(const char *name);
/* NULL when no such action */
const struct action_def *lifecycle_action(const char *name);

/*
 * The state reached by doing act in state from with input in. Returns 0 and
 * sets *to, or -1 when the transition is not allowed.
 */
int lifecycle_next(enum state from, enum action act, const struct transition_input *in,
		   enum state *to);

/* true in the states in which the plan and its actions may be written */
bool lifecycle_plan_editable(enum state s);
/* true in the states after the conference has been held */
bool lifecycle_conference_held(enum state s);

#endif
