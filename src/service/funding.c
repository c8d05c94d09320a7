/*
 * Funding: the agreements that pay for a request (the proposals of the
 * funding decision), the check of decide-funding against the agreement's
 * budget, and the budgets of the agreements. Whether an agreement fits and
 * what is left of it is domain/funding.c; what the agreements carry is
 * summed in the database (store/funding_sql.c).
 */
#include "service/funding.h"

#include <stdlib.h>
#include <string.h>

#include "domain/funding.h"
#include "store/funding_sql.h"

/* the agreements, a page of 500 at a time; filter on funder_id when not 0 */
static int all_agreements(struct svc *s, int64_t funder_id, json_t **out, struct svc_error *err)
{
	json_t *all = json_array(), *page = NULL, *v = funder_id ? json_integer(funder_id) : NULL;
	struct store_filter f = { .field = model_field(&ENTITY_AGREEMENT, "funder_id"), .value = v, .cmp = STORE_EQ };
	int64_t after = 0;
	int rc = all ? STORE_OK : STORE_ERROR;

	*out = NULL;
	while (rc == STORE_OK) {
		rc = s->st->ops->list(s->st, &ENTITY_AGREEMENT, v ? &f : NULL, v ? 1 : 0, after, 500, &page);
		if (rc != STORE_OK)
			break;
		size_t n = json_array_size(page);
		if (n)
			after = json_integer_value(json_object_get(json_array_get(page, n - 1), "id"));
		json_array_extend(all, page);
		json_decref(page);
		page = NULL;
		if (n < 500)
			break;
	}
	json_decref(v);
	if (rc != STORE_OK) {
		json_decref(all);
		return svc_fail_store(err, rc, "agreement");
	}
	*out = all;
	return 0;
}

/* the usage row of agreement id in rows of funding_sql_usage: [id,
 * running_cents, running, spent_cents, held], zeros when it has none */
static void usage_of(const json_t *rows, int64_t id, int64_t u[4])
{
	size_t i;
	json_t *row;
	memset(u, 0, 4 * sizeof *u);
	json_array_foreach(rows, i, row) {
		if (json_integer_value(json_array_get(row, 0)) != id)
			continue;
		for (size_t k = 0; k < 4; k++)
			u[k] = json_integer_value(json_array_get(row, k + 1));
	}
}

/* the name of funder id, looked up once per call (names: id -> name) */
static const char *funder_name(struct svc *s, json_t *names, int64_t id)
{
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	json_t *v = json_object_get(names, key);
	if (!v) {
		json_t *f = NULL;
		if (s->st->ops->get(s->st, &ENTITY_FUNDER, id, &f) == STORE_OK)
			json_object_set(names, key, json_object_get(f, "name"));
		json_decref(f);
		v = json_object_get(names, key);
	}
	return json_string_value(v);
}

static json_t *int_or_null(bool has, int64_t v)
{
	return has ? json_integer(v) : json_null();
}

/* ---- the decision ------------------------------------------------------- */

int svc_funding_check(struct svc *s, const json_t *request, int64_t agreement_id, int64_t *funder_id,
		      int64_t *tariff, struct svc_error *err)
{
	json_t *ag = NULL, *rows = NULL;
	struct funding_fit fit;
	int64_t u[4];
	int ret = -1;

	int rc = s->st->ops->get(s->st, &ENTITY_AGREEMENT, agreement_id, &ag);
	if (rc == STORE_NOT_FOUND) {
		svc_error_set(err, 422, "unknown_reference", "agreement_id", "agreement %lld does not exist",
			      (long long)agreement_id);
		goto done;
	}
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "agreement");
		goto done;
	}
	rc = funding_sql_usage(s->st, agreement_id, rec_int(request, "id"), &rows);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "agreement");
		goto done;
	}
	usage_of(rows, agreement_id, u);
	struct funding_use use = { .committed_cents = u[0] + u[2], .cases = u[1] + u[3] };
	unsigned m = funding_fit(ag, request, &use, &fit);
	unsigned limits = FUND_BUDGET | FUND_CONFERENCES;
	if (m & ~limits) {
		/* the first reason that lies in the agreement itself */
		for (int b = 0; b < FUND__COUNT; b++)
			if (m & ~limits & (1u << b)) {
				svc_error_set(err, 422, "invalid", "agreement_id", "%s",
					      funding_misfit_text((enum funding_misfit)(1u << b)));
				break;
			}
		goto done;
	}
	if (m & FUND_BUDGET) {
		svc_error_set(err, 409, "budget_exhausted", "agreement_id",
			      "the agreement has %lld.%02lld euro left, the tariff is %lld.%02lld euro",
			      (long long)(fit.remaining_cents / 100), (long long)llabs(fit.remaining_cents % 100),
			      (long long)(fit.tariff_cents / 100), (long long)(fit.tariff_cents % 100));
		goto done;
	}
	if (m & FUND_CONFERENCES) {
		svc_error_set(err, 409, "budget_exhausted", "agreement_id",
			      "the agreement's %lld conferences are all taken", (long long)fit.max_conferences);
		goto done;
	}
	*funder_id = rec_int(ag, "funder_id");
	*tariff = fit.tariff_cents;
	ret = 0;
done:
	json_decref(ag);
	json_decref(rows);
	return ret;
}

/* ---- the proposals ------------------------------------------------------ */

/* an agreement as a proposal for a request: what it is, who pays, and what
 * it has left before and after this request */
static json_t *option_json(struct svc *s, json_t *names, const json_t *ag, const struct funding_fit *fit,
			   const struct funding_use *use)
{
	int64_t funder = rec_int(ag, "funder_id");
	const char *fname = funder_name(s, names, funder);
	json_t *o = json_pack("{s:I, s:s, s:I, s:s?, s:o, s:o, s:o}", "agreement_id", (json_int_t)rec_int(ag, "id"),
			      "name", rec_str(ag, "name") ? rec_str(ag, "name") : "", "funder_id", (json_int_t)funder,
			      "funder_name", fname, "region_id",
			      rec_int(ag, "region_id") ? json_integer(rec_int(ag, "region_id")) : json_null(),
			      "starts_on", json_deep_copy(json_object_get(ag, "starts_on")), "ends_on",
			      json_object_get(ag, "ends_on") ? json_deep_copy(json_object_get(ag, "ends_on"))
							     : json_null());
	if (!o)
		return NULL;
	json_object_set_new(o, "tariff_cents", int_or_null(fit->has_tariff, fit->tariff_cents));
	json_object_set_new(o, "budget_cents", int_or_null(fit->has_budget, fit->budget_cents));
	json_object_set_new(o, "committed_cents", json_integer(use->committed_cents));
	json_object_set_new(o, "cases", json_integer(use->cases));
	json_object_set_new(o, "remaining_cents", int_or_null(fit->has_budget, fit->remaining_cents));
	json_object_set_new(o, "remaining_after_cents", int_or_null(fit->has_budget, fit->remaining_after));
	json_object_set_new(o, "max_conferences", int_or_null(fit->has_max, fit->max_conferences));
	json_object_set_new(o, "conferences_left", int_or_null(fit->has_max, fit->conferences_left));
	json_object_set_new(o, "conferences_left_after", int_or_null(fit->has_max, fit->conferences_left_after));
	return o;
}

/* the order of the proposals: the most specific agreement first (for the
 * family's municipality, then for the region), then the one whose period
 * ends first (its money goes first), then by id */
struct ranked {
	json_t *option;
	int specific;
	const char *ends_on;
	int64_t id;
};

static int by_rank(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->specific != y->specific)
		return y->specific - x->specific;
	if (x->ends_on && y->ends_on && strcmp(x->ends_on, y->ends_on) != 0)
		return strcmp(x->ends_on, y->ends_on);
	if (!x->ends_on != !y->ends_on)
		return x->ends_on ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int options_once(struct svc *s, int64_t request_id, json_t **out, struct svc_error *err)
{
	json_t *request = NULL, *ags = NULL, *rows = NULL, *names = json_object(), *fits = json_array(),
	       *misfits = json_array();
	struct ranked *ranked = NULL;
	size_t nranked = 0, i;
	json_t *ag;
	int ret = -1, rc;

	*out = NULL;
	if (!names || !fits || !misfits) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		goto done;
	}
	if (svc_begin_logged(s, err) < 0)
		goto done;
	rc = s->st->ops->get(s->st, &ENTITY_REQUEST, request_id, &request);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "request");
		goto rollback;
	}
	if (svc_authorize(s, OP_ACT, &ENTITY_REQUEST, "decide-funding", request, err) < 0)
		goto rollback;
	if (all_agreements(s, 0, &ags, err) < 0)
		goto rollback;
	rc = funding_sql_usage(s->st, 0, request_id, &rows);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "agreement");
		goto rollback;
	}
	ranked = calloc(json_array_size(ags) + 1, sizeof *ranked);
	if (!ranked) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		goto rollback;
	}
	json_array_foreach(ags, i, ag) {
		struct funding_fit fit;
		int64_t u[4];
		usage_of(rows, rec_int(ag, "id"), u);
		struct funding_use use = { .committed_cents = u[0] + u[2], .cases = u[1] + u[3] };
		unsigned m = funding_fit(ag, request, &use, &fit);
		json_t *o = option_json(s, names, ag, &fit, &use);
		if (!o) {
			svc_error_set(err, 500, "internal", "", "out of memory");
			goto rollback;
		}
		if (m) {
			json_object_set_new(o, "reasons", funding_misfits_json(m));
			json_array_append_new(misfits, o);
			continue;
		}
		ranked[nranked++] = (struct ranked){ o, (json_array_size(json_object_get(ag, "municipalities")) ? 2 : 0) +
								(rec_int(ag, "region_id") ? 1 : 0),
						     rec_str(ag, "ends_on"), rec_int(ag, "id") };
	}
	qsort(ranked, nranked, sizeof *ranked, by_rank);
	for (size_t k = 0; k < nranked; k++) {
		json_array_append_new(fits, ranked[k].option);
		ranked[k].option = NULL;
	}
	if (svc_audit(s, "read", "success", &ENTITY_REQUEST, request_id, request_id, err) < 0)
		goto rollback;
	*out = json_pack("{s:I, s:O, s:O, s:O, s:O, s:O}", "request_id", (json_int_t)request_id, "requested_on",
			 json_object_get(request, "requested_on"), "kind", json_object_get(request, "kind"), "track",
			 json_object_get(request, "track"), "options", fits, "not_fitting", misfits);
	if (!*out) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		goto rollback;
	}
	if (svc_commit(s, err) < 0) {
		json_decref(*out);
		*out = NULL;
		goto done;
	}
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	for (size_t k = 0; ranked && k < nranked; k++)
		json_decref(ranked[k].option);
	free(ranked);
	json_decref(request);
	json_decref(ags);
	json_decref(rows);
	json_decref(names);
	json_decref(fits);
	json_decref(misfits);
	return ret;
}

int svc_funding_options(struct svc *s, int64_t request_id, json_t **out, struct svc_error *err)
{
	*out = NULL;
	if (svc_precheck(s, OP_ACT, &ENTITY_REQUEST, "decide-funding", request_id, 0, err) < 0)
		return -1;
	for (int attempt = 0;; attempt++) {
		if (options_once(s, request_id, out, err) == 0)
			return 0;
		if (!svc_retry(err, attempt))
			return -1;
	}
}

/* ---- the budgets -------------------------------------------------------- */

/* the account's roles and regions, as the policy needs them */
static void principal_of(const json_t *user, struct principal *p, int64_t *regions, size_t cap)
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
			regions[p->nregions++] = json_integer_value(v);
	}
	p->region_ids = regions;
	p->all_regions = rec_bool(user, "all_regions");
}

/* may an account of budget scope see agreement ag? */
static bool budget_visible(enum budget_scope scope, const struct principal *p, int64_t own_funder, const json_t *ag)
{
	int64_t region = rec_int(ag, "region_id");
	switch (scope) {
	case BUDGET_ALL:
		return true;
	case BUDGET_FUNDER:
		return own_funder && rec_int(ag, "funder_id") == own_funder;
	case BUDGET_REGIONS:
		if (!region)
			return true; /* an agreement for every region is every manager's */
		for (size_t i = 0; i < p->nregions; i++)
			if (p->region_ids[i] == region)
				return true;
		return false;
	case BUDGET_DENIED:
		break;
	}
	return false;
}

static json_t *budget_json(struct svc *s, json_t *names, const json_t *ag, const struct budget *b)
{
	int64_t funder = rec_int(ag, "funder_id");
	json_t *o = json_pack("{s:I, s:s, s:I, s:s?, s:o, s:O, s:o}", "agreement_id", (json_int_t)rec_int(ag, "id"),
			      "name", rec_str(ag, "name") ? rec_str(ag, "name") : "", "funder_id", (json_int_t)funder,
			      "funder_name", funder_name(s, names, funder), "region_id",
			      rec_int(ag, "region_id") ? json_integer(rec_int(ag, "region_id")) : json_null(), "starts_on",
			      json_object_get(ag, "starts_on"), "ends_on",
			      json_object_get(ag, "ends_on") ? json_deep_copy(json_object_get(ag, "ends_on")) : json_null());
	if (!o)
		return NULL;
	json_object_set_new(o, "budget_cents", int_or_null(b->has_budget, b->budget_cents));
	json_object_set_new(o, "committed_cents", json_integer(b->committed_cents));
	json_object_set_new(o, "spent_cents", json_integer(b->spent_cents));
	json_object_set_new(o, "remaining_cents", int_or_null(b->has_budget, b->remaining_cents));
	json_object_set_new(o, "max_conferences", int_or_null(b->has_max, b->max_conferences));
	json_object_set_new(o, "conferences_running", json_integer(b->running));
	json_object_set_new(o, "conferences_held", json_integer(b->held));
	json_object_set_new(o, "conferences_left", int_or_null(b->has_max, b->conferences_left));
	json_object_set(o, "warn_below_pct", json_object_get(ag, "warn_below_pct"));
	json_object_set_new(o, "warnings", budget_warnings_json(b->warnings));
	return o;
}

static int budgets_once(struct svc *s, enum budget_scope scope, const struct principal *p, int64_t own_funder,
			int64_t funder_id, json_t **out, struct svc_error *err)
{
	json_t *ags = NULL, *rows = NULL, *names = json_object(), *items = json_array(), *ag;
	size_t i;
	int ret = -1;

	*out = NULL;
	if (!names || !items) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		goto done;
	}
	if (svc_begin(s, false, err) < 0)
		goto done;
	if (all_agreements(s, funder_id, &ags, err) < 0)
		goto rollback;
	int rc = funding_sql_usage(s->st, 0, 0, &rows);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "agreement");
		goto rollback;
	}
	json_array_foreach(ags, i, ag) {
		if (!budget_visible(scope, p, own_funder, ag))
			continue;
		int64_t u[4];
		struct budget b;
		usage_of(rows, rec_int(ag, "id"), u);
		funding_budget(ag, u[0], u[1], u[2], u[3], &b);
		json_t *o = budget_json(s, names, ag, &b);
		if (!o || json_array_append_new(items, o) < 0) {
			svc_error_set(err, 500, "internal", "", "out of memory");
			goto rollback;
		}
	}
	if (svc_commit(s, err) < 0)
		goto done;
	*out = json_pack("{s:O, s:I}", "items", items, "total", (json_int_t)json_array_size(items));
	if (!*out) {
		svc_error_set(err, 500, "internal", "", "out of memory");
		goto done;
	}
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	json_decref(ags);
	json_decref(rows);
	json_decref(names);
	json_decref(items);
	return ret;
}

int svc_budgets(struct svc *s, int64_t funder_id, json_t **out, struct svc_error *err)
{
	int64_t regions[SVC_MAX_REGIONS], own = 0;
	struct principal p = { .roles = 1u << ROLE_ADMIN };
	enum budget_scope scope = BUDGET_ALL;

	*out = NULL;
	if (s->user) {
		principal_of(s->user, &p, regions, SVC_MAX_REGIONS);
		scope = policy_budget_scope(&p);
		own = rec_int(s->user, "funder_id");
	}
	if (scope == BUDGET_DENIED) {
		svc_error_set(err, 403, "forbidden", "", "your roles do not allow you to see budgets");
		return -1;
	}
	if (scope == BUDGET_FUNDER && funder_id && funder_id != own) {
		svc_error_set(err, 403, "forbidden", "funder_id", "you may see the budgets of your own funder only");
		return -1;
	}
	for (int attempt = 0;; attempt++) {
		if (budgets_once(s, scope, &p, own, funder_id, out, err) == 0)
			return 0;
		if (!svc_retry(err, attempt))
			return -1;
	}
}
