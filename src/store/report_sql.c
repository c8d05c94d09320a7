/*
 * The reports' aggregates as SQL (see store/report_sql.h). The text of each
 * statement is made of the fixed fragments below, and of one '?' per value;
 * the values travel as bound parameters. The population's conditions are
 * the same for every aggregate (population_where), so all the figures of a
 * report count over the same requests.
 */
#include "store/report_sql.h"

#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "util/buf.h"

/* a statement being built: its text and its parameters, in order */
struct stmt {
	struct buf sql;
	json_t *params;
	int oom;
};

static void stmt_init(struct stmt *s)
{
	buf_init(&s->sql, 0);
	s->params = json_array();
	s->oom = !s->params;
}

static void stmt_release(struct stmt *s)
{
	buf_release(&s->sql);
	json_decref(s->params);
}

static void add(struct stmt *s, const char *text)
{
	if (buf_adds(&s->sql, text) < 0)
		s->oom = 1;
}

/* a parameter's mark and its value (the statement takes v) */
static void add_param(struct stmt *s, const char *text, json_t *v)
{
	add(s, text);
	if (json_array_append_new(s->params, v) < 0)
		s->oom = 1;
}

/* " WHERE" the population's conditions, and extra (a condition or NULL) */
static void population_where(struct stmt *s, const struct report_filter *f, const char *extra)
{
	add(s, " WHERE 1 = 1");
	if (f->from)
		add_param(s, " AND r.requested_on >= ?", json_string(f->from));
	if (f->to)
		add_param(s, " AND r.requested_on <= ?", json_string(f->to));
	if (f->nregions) {
		add(s, " AND r.region_id IN (");
		for (size_t i = 0; i < f->nregions; i++)
			add_param(s, i ? ", ?" : "?", json_integer(f->region_ids[i]));
		add(s, ")");
	}
	if (f->funder_id)
		add_param(s, " AND r.funder_id = ?", json_integer(f->funder_id));
	if (f->agreement_funder_id)
		add_param(s, " AND r.agreement_id IN (SELECT ag.id FROM agreements ag WHERE ag.funder_id = ?)",
			  json_integer(f->agreement_funder_id));
	if (f->track)
		add_param(s, " AND r.track = ?", json_string(f->track));
	if (extra) {
		add(s, " AND ");
		add(s, extra);
	}
}

static int run(struct store *st, struct stmt *s, json_t **rows)
{
	*rows = NULL;
	if (s->oom)
		return store_out_of_memory("report query");
	return st->ops->query(st, buf_str(&s->sql), s->params, rows);
}

/* run a statement with one row of n numbers (NULL: 0) into out */
static int one_row(struct store *st, struct stmt *s, int64_t *out, size_t n)
{
	json_t *rows = NULL;
	int ret = run(st, s, &rows);
	json_t *row = json_array_get(rows, 0);

	memset(out, 0, n * sizeof *out);
	if (ret == STORE_OK && json_array_size(row) != n) {
		store_log("report query: %zu columns expected", n);
		ret = STORE_ERROR;
	}
	for (size_t i = 0; ret == STORE_OK && i < n; i++)
		out[i] = json_is_integer(json_array_get(row, i)) ? json_integer_value(json_array_get(row, i)) : 0;
	json_decref(rows);
	stmt_release(s);
	return ret;
}

/* run a statement with any number of rows into *rows */
static int all_rows(struct store *st, struct stmt *s, json_t **rows)
{
	int ret = run(st, s, rows);
	stmt_release(s);
	return ret;
}

#define ONE(cond) "SUM(CASE WHEN " cond " THEN 1 ELSE 0 END)"

int report_sql_requests(struct store *st, const struct report_filter *f, const char *split, json_t **rows)
{
	struct stmt s;
	/* before every date a request can have, on both backends */
	const char *at = split ? split : "0001-01-01";

	stmt_init(&s);
	add_param(&s, "SELECT r.track, " ONE("r.requested_on >= ?"), json_string(at));
	add_param(&s, ", " ONE("r.requested_on < ?"), json_string(at));
	add_param(&s, ", " ONE("r.requested_on >= ? AND r.outcome = 'plan'"), json_string(at));
	add_param(&s, ", " ONE("r.requested_on >= ? AND r.outcome = 'plan_without_meeting'"), json_string(at));
	add_param(&s, ", " ONE("r.requested_on >= ? AND r.outcome IS NULL AND r.state = 'stopped'"),
		  json_string(at));
	add(&s, " FROM requests r");
	population_where(&s, f, NULL);
	add(&s, " GROUP BY r.track ORDER BY r.track");
	return all_rows(st, &s, rows);
}

int report_sql_verdicts(struct store *st, const struct report_filter *f, int64_t out[2])
{
	struct stmt s;
	stmt_init(&s);
	add_param(&s, "SELECT COUNT(*), " ONE("v.safe_and_feasible = ?"), json_true());
	add(&s, " FROM requests r JOIN verdicts v ON v.request_id = r.id");
	population_where(&s, f, "v.id = (SELECT MAX(v2.id) FROM verdicts v2 WHERE v2.request_id = r.id)");
	return one_row(st, &s, out, 2);
}

int report_sql_participants(struct store *st, const struct report_filter *f, int64_t out[2])
{
	struct stmt s;
	stmt_init(&s);
	add(&s, "SELECT COUNT(c.participants_present), SUM(c.participants_present)"
		" FROM requests r JOIN conferences c ON c.request_id = r.id");
	population_where(&s, f, NULL);
	return one_row(st, &s, out, 2);
}

int report_sql_situations(struct store *st, const struct report_filter *f, int64_t out[3])
{
	struct stmt s;
	stmt_init(&s);
	add(&s, "SELECT " ONE("fu.situation = 'improved'") ", " ONE("fu.situation = 'same'") ", "
		ONE("fu.situation = 'worse'") " FROM requests r JOIN follow_ups fu ON fu.request_id = r.id");
	population_where(&s, f, "fu.id = (SELECT f2.id FROM follow_ups f2 WHERE f2.request_id = r.id"
				" AND f2.situation IS NOT NULL ORDER BY f2.follow_up_on DESC, f2.id DESC LIMIT 1)");
	return one_row(st, &s, out, 3);
}

#define GRADE(g) "SUM(fu." g "), COUNT(fu." g ")"

int report_sql_satisfaction(struct store *st, const struct report_filter *f, int64_t out[8])
{
	struct stmt s;
	stmt_init(&s);
	add(&s, "SELECT " GRADE("satisfaction_main_person") ", " GRADE("satisfaction_child") ", "
		GRADE("satisfaction_network") ", " GRADE("satisfaction_professional")
		" FROM requests r JOIN follow_ups fu ON fu.request_id = r.id");
	population_where(&s, f, "fu.id = (SELECT f2.id FROM follow_ups f2 WHERE f2.request_id = r.id"
				" AND (f2.satisfaction_main_person IS NOT NULL OR f2.satisfaction_child IS NOT NULL"
				" OR f2.satisfaction_network IS NOT NULL OR f2.satisfaction_professional IS NOT NULL)"
				" ORDER BY f2.follow_up_on DESC, f2.id DESC LIMIT 1)");
	return one_row(st, &s, out, 8);
}

/* the outcomes that mean a conference was held or a plan made without one */
#define CONFERENCE "r.outcome IN ('plan', 'plan_without_meeting')"

int report_sql_conferences(struct store *st, const struct report_filter *f, int64_t out[1])
{
	struct stmt s;
	stmt_init(&s);
	add(&s, "SELECT COUNT(*) FROM requests r");
	population_where(&s, f, CONFERENCE);
	return one_row(st, &s, out, 1);
}

int report_sql_actions(struct store *st, const struct report_filter *f, int64_t out[3])
{
	struct stmt s;
	stmt_init(&s);
	add(&s, "SELECT COUNT(*), " ONE("a.\"by\" = 'network'"));
	add_param(&s, ", " ONE("a.substitutes_professional = ?"), json_true());
	add(&s, " FROM requests r JOIN plan_actions a ON a.request_id = r.id");
	population_where(&s, f, NULL);
	return one_row(st, &s, out, 3);
}

int report_sql_plans(struct store *st, const struct report_filter *f, int64_t out[2])
{
	struct stmt s;
	stmt_init(&s);
	add(&s, "SELECT COUNT(*), " ONE("NOT EXISTS (SELECT 1 FROM plan_actions a WHERE a.request_id = r.id"
					" AND a.\"by\" = 'professional')")
		" FROM requests r JOIN plans p ON p.request_id = r.id");
	population_where(&s, f, NULL);
	return one_row(st, &s, out, 2);
}

#define COUNT_IF(cond) "SUM(CASE WHEN " cond " THEN m.\"count\" ELSE 0 END)"

int report_sql_measures(struct store *st, const struct report_filter *f, json_t **rows)
{
	struct stmt s;
	stmt_init(&s);
	add(&s, "SELECT m.measure, " COUNT_IF("m.at_request = 'threatened'") ", "
		COUNT_IF("m.at_request = 'threatened' AND m.at_follow_up = 'prevented'") ", "
		COUNT_IF("m.at_request = 'threatened' AND m.at_follow_up = 'happened'") ", "
		COUNT_IF("m.at_request = 'in_place'") ", "
		COUNT_IF("m.at_request = 'in_place' AND m.at_follow_up = 'reversed'")
		" FROM requests r JOIN measures m ON m.request_id = r.id");
	population_where(&s, f, NULL);
	add(&s, " GROUP BY m.measure ORDER BY m.measure");
	return all_rows(st, &s, rows);
}

int report_sql_costs(struct store *st, const struct report_filter *f, int64_t out[1])
{
	struct stmt s;
	stmt_init(&s);
	add(&s, "SELECT SUM(COALESCE((SELECT SUM(k.amount_cents) FROM costs k WHERE k.request_id = r.id),"
		" CASE r.kind WHEN 'family' THEN a.tariff_family_cents"
		" WHEN 'restoration' THEN a.tariff_restoration_cents"
		" WHEN 'group' THEN a.tariff_group_cents"
		" WHEN 'learning' THEN a.tariff_learning_cents END, 0))"
		" FROM requests r LEFT JOIN agreements a ON a.id = r.agreement_id");
	population_where(&s, f, CONFERENCE);
	return one_row(st, &s, out, 1);
}

/* the tables a name may be looked up in, and their statements */
static const struct {
	const char *table;
	const char *by_name;
	const char *by_id;
} lookups[] = {
	{ "regions", "SELECT id FROM regions WHERE name = ? ORDER BY id LIMIT 1",
	  "SELECT name FROM regions WHERE id = ?" },
	{ "funders", "SELECT id FROM funders WHERE name = ? ORDER BY id LIMIT 1",
	  "SELECT name FROM funders WHERE id = ?" },
};

static int lookup(struct store *st, const char *table, bool by_name, json_t *param, json_t **value)
{
	json_t *params = json_array(), *rows = NULL;
	int ret = STORE_ERROR;

	*value = NULL;
	if (!params || json_array_append_new(params, param) < 0) {
		json_decref(params);
		return store_out_of_memory("look-up");
	}
	for (size_t i = 0; i < sizeof lookups / sizeof lookups[0]; i++) {
		if (strcmp(lookups[i].table, table) != 0)
			continue;
		ret = st->ops->query(st, by_name ? lookups[i].by_name : lookups[i].by_id, params, &rows);
		if (ret == STORE_OK && json_array_size(rows) == 0)
			ret = STORE_NOT_FOUND;
		if (ret == STORE_OK)
			*value = json_incref(json_array_get(json_array_get(rows, 0), 0));
	}
	json_decref(rows);
	json_decref(params);
	return ret;
}

int report_sql_id_by_name(struct store *st, const char *table, const char *name, int64_t *id)
{
	json_t *v = NULL;
	int ret = lookup(st, table, true, json_string(name), &v);
	*id = json_is_integer(v) ? json_integer_value(v) : 0;
	json_decref(v);
	return ret;
}

int report_sql_name_by_id(struct store *st, const char *table, int64_t id, char **name)
{
	json_t *v = NULL;
	int ret = lookup(st, table, false, json_integer(id), &v);
	*name = NULL;
	if (ret == STORE_OK && !(*name = strdup(json_is_string(v) ? json_string_value(v) : "")))
		ret = store_out_of_memory("look-up");
	json_decref(v);
	return ret;
}
