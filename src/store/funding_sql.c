/*
 * What the agreements carry (see store/funding_sql.h), as one statement
 * whose values travel as bound parameters. The states that count as "the
 * conference was held" come from the lifecycle, not from a list here.
 */
#include "store/funding_sql.h"

#include "domain/lifecycle.h"
#include "store/backend.h"
#include "util/buf.h"

int funding_sql_usage(struct store *st, int64_t agreement_id, int64_t exclude, json_t **rows)
{
	struct buf held, sql;
	json_t *params = json_array();
	int oom = !params, ret;

	*rows = NULL;
	buf_init(&held, 0);
	buf_init(&sql, 0);
	/* "state IN (?, ?, ...)": the states from the conference on, bound
	 * once for each of the two sums that need them */
	oom |= buf_adds(&held, "r.state IN (") < 0;
	int n = 0;
	for (int s = 0; s < ST__COUNT; s++)
		if (lifecycle_conference_held((enum state)s))
			oom |= buf_adds(&held, n++ ? ", ?" : "?") < 0;
	oom |= buf_adds(&held, ")") < 0;
	oom |= buf_printf(&sql,
			  "SELECT r.agreement_id, SUM(CASE WHEN %s THEN 0 ELSE r.committed_cents END), "
			  "SUM(CASE WHEN %s THEN 0 ELSE 1 END), SUM(CASE WHEN %s THEN r.committed_cents ELSE 0 END), "
			  "SUM(CASE WHEN %s THEN 1 ELSE 0 END) FROM requests r "
			  "WHERE r.agreement_id IS NOT NULL AND r.state <> ?",
			  buf_str(&held), buf_str(&held), buf_str(&held), buf_str(&held)) < 0;
	for (int k = 0; k < 4; k++)
		for (int s = 0; s < ST__COUNT; s++)
			if (lifecycle_conference_held((enum state)s))
				oom |= json_array_append_new(params, json_string(state_name((enum state)s))) < 0;
	oom |= json_array_append_new(params, json_string(state_name(ST_STOPPED))) < 0;
	if (agreement_id) {
		oom |= buf_adds(&sql, " AND r.agreement_id = ?") < 0;
		oom |= json_array_append_new(params, json_integer(agreement_id)) < 0;
	}
	if (exclude) {
		oom |= buf_adds(&sql, " AND r.id <> ?") < 0;
		oom |= json_array_append_new(params, json_integer(exclude)) < 0;
	}
	oom |= buf_adds(&sql, " GROUP BY r.agreement_id ORDER BY r.agreement_id") < 0;
	ret = oom ? store_out_of_memory("funding query") : st->ops->query(st, buf_str(&sql), params, rows);
	buf_release(&held);
	buf_release(&sql);
	json_decref(params);
	return ret;
}
