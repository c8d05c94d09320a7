/*
 * The lifecycle actions on a request. Each action declares its input like a
 * record (so validation is the model's), and has an apply function that
 * checks the rules needing other records and writes what the action records
 * besides the new state (the conference, the verdict, the funding). The
 * state change itself and the transition entry are written here, once.
 */
#include "service/internal.h"

#include <stdio.h>
#include <string.h>

#include "domain/lifecycle.h"
#include "service/funding.h"
#include "util/text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NOTE { .name = "note", .type = FT_TEXT, .max = 2000, .doc = "note on the transition" }, \
	{ .name = "happened_on", .type = FT_DATE, \
	  .doc = "the date the step took effect when it is recorded later (default: today); not before the request" }

static const struct field decide_funding_in[] = {
	{ .name = "funding_source", .type = FT_ENUM, .flags = F_REQUIRED, .values = ENUM_FUNDING_SOURCE,
	  .doc = "how the conference is paid" },
	{ .name = "agreement_id", .type = FT_REF, .ref = "agreement",
	  .doc = "the agreement (required when funding_source is agreement)" },
	{ .name = "funder_id", .type = FT_REF, .ref = "funder", .doc = "the funder" },
	{ .name = "funding_note", .type = FT_TEXT, .max = 2000,
	  .doc = "how the money was found when no agreement pays: who pays what (required for split)" },
	NOTE,
};
static const struct field assign_coordinator_in[] = {
	{ .name = "coordinator_id", .type = FT_REF, .flags = F_REQUIRED, .ref = "coordinator",
	  .doc = "a coordinator no hard rule of matching excludes (GET /requests/{id}/matches)" },
	NOTE,
};
static const struct field note_only_in[] = { NOTE };

static const struct field schedule_conference_in[] = {
	{ .name = "scheduled_on", .type = FT_DATE, .flags = F_REQUIRED, .doc = "planned date" },
	{ .name = "place", .type = FT_TEXT, .flags = F_REQUIRED, .max = 200, .doc = "place" },
	NOTE,
};
static const struct field record_conference_in[] = {
	{ .name = "outcome", .type = FT_ENUM, .flags = F_REQUIRED, .values = ENUM_OUTCOME,
	  .doc = "plan, or plan made without a meeting" },
	{ .name = "held_on", .type = FT_DATE, .flags = F_REQUIRED, .doc = "date held" },
	{ .name = "participants_present", .type = FT_INT, .min = 0, .max = 500, .doc = "people present" },
	{ .name = "phase1_start", .type = FT_TIME, .doc = "start of phase 1" },
	{ .name = "phase2_start", .type = FT_TIME, .doc = "start of phase 2" },
	{ .name = "phase3_start", .type = FT_TIME, .doc = "start of phase 3" },
	{ .name = "ended_at", .type = FT_TIME, .doc = "end" },
	NOTE,
};
static const struct field judge_plan_in[] = {
	{ .name = "safe_and_feasible", .type = FT_BOOL, .flags = F_REQUIRED, .doc = "the verdict" },
	{ .name = "by_name", .type = FT_TEXT, .flags = F_REQUIRED, .max = 200, .doc = "the professional" },
	{ .name = "organisation", .type = FT_TEXT, .max = 200, .doc = "their organisation" },
	{ .name = "judged_on", .type = FT_DATE, .flags = F_REQUIRED, .doc = "date of the verdict" },
	{ .name = "reasons", .type = FT_TEXT, .max = 4000, .doc = "reasons (required when false)" },
	NOTE,
};
static const struct field stop_in[] = {
	{ .name = "reason", .type = FT_ENUM, .flags = F_REQUIRED, .values = ENUM_STOP_REASON,
	  .doc = "why the request stops" },
	NOTE,
};

/* what an apply function gets: the request before, the validated input,
 * and the changes to make to the request (state is added afterwards) */
struct apply {
	struct svc *s;
	const json_t *request;
	const json_t *in;
	json_t *changes;
	struct svc_error *err;
};

static int fail(struct apply *a, int status, const char *code, const char *field, const char *detail)
{
	svc_error_set(a->err, status, code, field, "%s", detail);
	return -1;
}

static int get_ref(struct apply *a, const struct entity *e, int64_t id, const char *field, json_t **out)
{
	int rc = a->s->st->ops->get(a->s->st, e, id, out);
	if (rc == STORE_NOT_FOUND) {
		svc_error_set(a->err, 422, "unknown_reference", field, "%s %lld does not exist", e->name,
			      (long long)id);
		return -1;
	}
	return rc == STORE_OK ? 0 : svc_fail_store(a->err, rc, e->name);
}

static int apply_decide_funding(struct apply *a)
{
	const char *source = rec_str(a->in, "funding_source");
	int64_t agreement_id = rec_int(a->in, "agreement_id");
	int64_t funder_id = rec_int(a->in, "funder_id");

	if (!rec_bool(a->request, "consent"))
		return fail(a, 409, "wrong_state", "consent",
			    "the main person's consent must be recorded before funding is decided");
	int64_t committed = 0;
	if (strcmp(source, "agreement") == 0) {
		if (!agreement_id)
			return fail(a, 422, "required", "agreement_id",
				    "agreement_id is required when funding_source is agreement");
		/* the agreement must pay for it and have enough left: its
		 * tariff is committed (service/funding.c) */
		int64_t ag_funder = 0;
		if (svc_funding_check(a->s, a->request, agreement_id, &ag_funder, &committed, a->err) < 0)
			return -1;
		if (funder_id && funder_id != ag_funder)
			return fail(a, 422, "invalid", "funder_id", "funder_id is not the agreement's funder");
		funder_id = ag_funder;
	} else if (strcmp(source, "split") == 0 && !rec_str(a->in, "funding_note")) {
		return fail(a, 422, "required", "funding_note",
			    "funding_note is required for split funding: who pays what");
	} else if (agreement_id) {
		return fail(a, 422, "invalid", "agreement_id",
			    "agreement_id is only given when funding_source is agreement");
	} else if (funder_id) {
		json_t *f = NULL;
		if (get_ref(a, &ENTITY_FUNDER, funder_id, "funder_id", &f) < 0)
			return -1;
		json_decref(f);
	}
	json_object_set_new(a->changes, "funding_source", json_string(source));
	json_object_set_new(a->changes, "agreement_id", agreement_id ? json_integer(agreement_id) : json_null());
	json_object_set_new(a->changes, "funder_id", funder_id ? json_integer(funder_id) : json_null());
	json_object_set_new(a->changes, "committed_cents", json_integer(committed));
	json_object_set(a->changes, "funding_note",
			rec_str(a->in, "funding_note") ? json_object_get(a->in, "funding_note") : json_null());
	return 0;
}

static int apply_assign_coordinator(struct apply *a)
{
	int64_t id = rec_int(a->in, "coordinator_id");
	json_t *c = NULL;
	if (get_ref(a, &ENTITY_COORDINATOR, id, "coordinator_id", &c) < 0)
		return -1;
	int active = rec_bool(c, "active");
	int serves = 0;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(c, "region_ids"), i, r)
		if (json_integer_value(r) == rec_int(a->request, "region_id"))
			serves = 1;
	json_decref(c);
	if (!active)
		return fail(a, 422, "invalid", "coordinator_id", "the coordinator is not active");
	if (!serves)
		return fail(a, 422, "invalid", "coordinator_id",
			    "the coordinator does not serve the request's region");
	/* every other hard rule (training, capacity, availability,
	 * independence), and the choice kept with its shortlist */
	if (svc_match_choose(a->s, a->request, id, rec_str(a->in, "note"), rec_str(a->in, "happened_on"), a->err) < 0)
		return -1;
	json_object_set_new(a->changes, "coordinator_id", json_integer(id));
	return 0;
}

static int apply_nothing(struct apply *a)
{
	(void)a;
	return 0;
}

/* write the conference record of the request: create it or change it */
static int put_conference(struct apply *a, json_t *fields)
{
	struct store *st = a->s->st;
	int64_t request_id = rec_int(a->request, "id");
	json_t *old = NULL, *merged = NULL, *out = NULL;
	int ret = -1;
	int rc = st->ops->get_by_parent(st, &ENTITY_CONFERENCE, request_id, &old);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
		svc_fail_store(a->err, rc, "conference");
		goto done;
	}
	merged = old ? rec_merge(old, fields) : json_deep_copy(fields);
	json_object_set_new(merged, "request_id", json_integer(request_id));
	if (svc_entity_rules(a->s, &ENTITY_CONFERENCE, old, merged, a->request, a->err) < 0)
		goto done;
	if (old)
		rc = st->ops->update(st, &ENTITY_CONFERENCE, rec_int(old, "id"), -1, fields, &out);
	else
		rc = st->ops->insert(st, &ENTITY_CONFERENCE, merged, &out);
	if (rc != STORE_OK) {
		svc_fail_store(a->err, rc, "conference");
		goto done;
	}
	ret = 0;
done:
	json_decref(old);
	json_decref(merged);
	json_decref(out);
	return ret;
}

static int apply_schedule_conference(struct apply *a)
{
	json_t *f = json_pack("{s:O, s:O}", "scheduled_on", json_object_get(a->in, "scheduled_on"),
			      "place", json_object_get(a->in, "place"));
	int r = put_conference(a, f);
	json_decref(f);
	return r;
}

static int apply_record_conference(struct apply *a)
{
	static const char *const keys[] = { "outcome", "held_on", "participants_present",
		"phase1_start", "phase2_start", "phase3_start", "ended_at" };
	json_t *f = json_object();
	for (size_t i = 0; i < N(keys); i++) {
		json_t *v = json_object_get(a->in, keys[i]);
		if (v)
			json_object_set(f, keys[i], v);
	}
	int r = put_conference(a, f);
	json_decref(f);
	if (r == 0)
		json_object_set(a->changes, "outcome", json_object_get(a->in, "outcome"));
	return r;
}

static int apply_judge_plan(struct apply *a)
{
	struct store *st = a->s->st;
	int64_t request_id = rec_int(a->request, "id");
	json_t *plan = NULL, *conf = NULL, *verdict = NULL, *out = NULL;
	int ret = -1;

	int rc = st->ops->get_by_parent(st, &ENTITY_PLAN, request_id, &plan);
	if (rc == STORE_NOT_FOUND) {
		fail(a, 409, "wrong_state", "plan", "record the plan before it is judged");
		goto done;
	}
	if (rc != STORE_OK) {
		svc_fail_store(a->err, rc, "plan");
		goto done;
	}
	rc = st->ops->get_by_parent(st, &ENTITY_CONFERENCE, request_id, &conf);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
		svc_fail_store(a->err, rc, "conference");
		goto done;
	}
	const char *held = conf ? rec_str(conf, "held_on") : NULL;
	const char *judged = rec_str(a->in, "judged_on");
	if (held && date_cmp(judged, held) < 0) {
		svc_error_set(a->err, 422, "invalid", "judged_on",
			      "judged_on (%s) lies before the conference (%s)", judged, held);
		goto done;
	}
	verdict = json_deep_copy(a->in);
	json_object_del(verdict, "note");
	json_object_del(verdict, "happened_on");
	json_object_set_new(verdict, "request_id", json_integer(request_id));
	if (svc_entity_rules(a->s, &ENTITY_VERDICT, NULL, verdict, a->request, a->err) < 0)
		goto done;
	rc = st->ops->insert(st, &ENTITY_VERDICT, verdict, &out);
	if (rc != STORE_OK) {
		svc_fail_store(a->err, rc, "verdict");
		goto done;
	}
	ret = 0;
done:
	json_decref(plan);
	json_decref(conf);
	json_decref(verdict);
	json_decref(out);
	return ret;
}

/* the date the case ended is the date of the closing step */
static int set_closed_on(struct apply *a)
{
	json_object_set(a->changes, "closed_on", json_object_get(a->in, "happened_on"));
	return 0;
}

static int apply_close(struct apply *a)
{
	return set_closed_on(a);
}

static int apply_stop(struct apply *a)
{
	json_object_set(a->changes, "stop_reason", json_object_get(a->in, "reason"));
	/* the case stops before its conference: the money committed on the
	 * agreement is free again */
	json_object_set_new(a->changes, "committed_cents", json_integer(0));
	return set_closed_on(a);
}

#define INPUT(id, fields) { "input:" id, "", id, id, fields, N(fields), 0 }

static const struct action_impl {
	enum action action;
	struct entity input;
	int (*apply)(struct apply *a);
} impls[ACT__COUNT] = {
	[ACT_DECIDE_FUNDING] = { ACT_DECIDE_FUNDING, INPUT("decide-funding", decide_funding_in), apply_decide_funding },
	[ACT_ASSIGN_COORDINATOR] = { ACT_ASSIGN_COORDINATOR, INPUT("assign-coordinator", assign_coordinator_in),
				     apply_assign_coordinator },
	[ACT_START_PREPARATION] = { ACT_START_PREPARATION, INPUT("start-preparation", note_only_in), apply_nothing },
	[ACT_SCHEDULE_CONFERENCE] = { ACT_SCHEDULE_CONFERENCE, INPUT("schedule-conference", schedule_conference_in),
				      apply_schedule_conference },
	[ACT_RECORD_CONFERENCE] = { ACT_RECORD_CONFERENCE, INPUT("record-conference", record_conference_in),
				    apply_record_conference },
	[ACT_JUDGE_PLAN] = { ACT_JUDGE_PLAN, INPUT("judge-plan", judge_plan_in), apply_judge_plan },
	[ACT_START_FOLLOW_UP] = { ACT_START_FOLLOW_UP, INPUT("start-follow-up", note_only_in), apply_nothing },
	[ACT_CLOSE] = { ACT_CLOSE, INPUT("close", note_only_in), apply_close },
	[ACT_STOP] = { ACT_STOP, INPUT("stop", stop_in), apply_stop },
};

const struct entity *svc_action_input(enum action act)
{
	return act < ACT__COUNT ? &impls[act].input : NULL;
}

/*
 * The date a step took effect: given, else the date the action itself
 * records (the conference held, the verdict), else today. Never before the
 * request. Sets happened_on in the input.
 */
static int settle_happened_on(json_t *in, const json_t *request, struct svc_error *err)
{
	static const char *const own_dates[] = { "held_on", "judged_on" };
	const char *on = rec_str(in, "happened_on");
	const char *field = "happened_on";
	char today[11];
	for (size_t i = 0; !on && i < N(own_dates); i++) {
		on = rec_str(in, own_dates[i]);
		field = own_dates[i];
	}
	if (!on) {
		date_today(today);
		on = today;
		field = "happened_on";
	}
	const char *req = rec_str(request, "requested_on");
	if (req && date_cmp(on, req) < 0) {
		svc_error_set(err, 422, "invalid", field, "%s (%s) lies before the request (%s)", field, on, req);
		return -1;
	}
	json_object_set_new(in, "happened_on", json_string(on));
	return 0;
}

static void allowed_actions(enum state from, char *out, size_t len)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < ACT__COUNT; i++) {
		if (!(lifecycle_actions[i].from_mask & (1u << from)))
			continue;
		int n = snprintf(out + used, len - used, "%s%s", used ? ", " : "", lifecycle_actions[i].name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
	if (!used)
		snprintf(out, len, "none");
}

static int transition_once(struct svc *s, const char *action, int64_t request_id, int64_t if_match,
			   const json_t *input, const struct svc_idem *idem, struct svc_result *res,
			   struct svc_error *err)
{
	const struct action_def *def = lifecycle_action(action);
	json_t *in = NULL, *request = NULL, *changes = NULL, *out = NULL, *tr = NULL, *trout = NULL;
	struct verr v;
	int ret = -1;

	res->status = 0;
	res->body = NULL;
	res->replayed = 0;
	if (!def) {
		svc_error_set(err, 404, "not_found", "", "no such action: %s", action);
		return -1;
	}
	const struct action_impl *impl = &impls[def->action];
	if (svc_precheck(s, OP_ACT, &ENTITY_REQUEST, action, request_id, 0, err) < 0)
		return -1;
	if (validate_record(&impl->input, input, V_CREATE, &in, &v) < 0)
		return svc_fail_validation(err, &v);

	if (svc_begin_logged(s, err) < 0)
		goto done;
	int r = svc_idem_replay(s, idem, res, err);
	if (r < 0)
		goto rollback;
	if (r > 0) {
		ret = svc_audit_replay(s, &ENTITY_REQUEST, res->body, err);
		goto done;
	}
	int rc = s->st->ops->get(s->st, &ENTITY_REQUEST, request_id, &request);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "request");
		goto rollback;
	}
	if (svc_authorize(s, OP_ACT, &ENTITY_REQUEST, action, request, err) < 0)
		goto rollback;
	if (if_match >= 0 && rec_int(request, "version") != if_match) {
		svc_fail_store(err, STORE_CONFLICT, "request");
		goto rollback;
	}
	int from = state_from_name(rec_str(request, "state"));
	struct transition_input ti = {
		.approved = rec_bool(in, "safe_and_feasible"),
		.without_meeting = rec_str(in, "outcome") && strcmp(rec_str(in, "outcome"), "plan_without_meeting") == 0,
	};
	enum state to;
	if (from < 0 || lifecycle_next((enum state)from, def->action, &ti, &to) < 0) {
		char allowed[200];
		allowed_actions(from < 0 ? ST_CLOSED : (enum state)from, allowed, sizeof(allowed));
		svc_error_set(err, 409, "illegal_transition", "state",
			      "%s is not possible for a request in state %s (possible: %s)", action,
			      rec_str(request, "state"), allowed);
		goto rollback;
	}
	if (settle_happened_on(in, request, err) < 0)
		goto rollback;
	changes = json_object();
	struct apply a = { s, request, in, changes, err };
	if (impl->apply(&a) < 0)
		goto rollback;
	json_object_set_new(changes, "state", json_string(state_name(to)));
	rc = s->st->ops->update(s->st, &ENTITY_REQUEST, request_id, rec_int(request, "version"), changes, &out);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "request");
		goto rollback;
	}
	char now[21];
	time_now_iso(now);
	tr = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "request_id", (json_int_t)request_id,
		       "action", action, "from_state", rec_str(request, "state"), "to_state", state_name(to),
		       "actor", s->actor ? s->actor : "kring", "at", now);
	json_object_set(tr, "happened_on", json_object_get(in, "happened_on"));
	if (json_object_get(in, "note"))
		json_object_set(tr, "note", json_object_get(in, "note"));
	rc = s->st->ops->insert(s->st, &ENTITY_TRANSITION, tr, &trout);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "transition");
		goto rollback;
	}
	/* the action changes the case: one entry, as an update of the request */
	if (svc_audit(s, "update", "success", &ENTITY_REQUEST, request_id, request_id, err) < 0)
		goto rollback;
	res->status = 200;
	res->body = out;
	out = NULL;
	if (svc_idem_keep(s, idem, res, err) < 0)
		goto rollback;
	rc = s->st->ops->commit(s->st);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "transaction");
		goto rollback;
	}
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	if (ret < 0) {
		json_decref(res->body);
		res->body = NULL;
	}
	json_decref(in);
	json_decref(request);
	json_decref(changes);
	json_decref(out);
	json_decref(tr);
	json_decref(trout);
	return ret;
}

/* retried while the store is busy (see svc_retry) */
int svc_transition(struct svc *s, const char *action, int64_t request_id, int64_t if_match,
		   const json_t *input, const struct svc_idem *idem, struct svc_result *res,
		   struct svc_error *err)
{
	int ret = svc_idem_lock(s, idem, err);
	if (ret < 0) {
		res->status = 0;
		res->body = NULL;
		res->replayed = 0;
		return ret;
	}
	for (int attempt = 0;; attempt++) {
		ret = transition_once(s, action, request_id, if_match, input, idem, res, err);
		if (ret == 0 || !svc_retry(err, attempt))
			break;
	}
	svc_idem_unlock(s, idem);
	return ret;
}
