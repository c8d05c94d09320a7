/* The coordinator pool for matching as one statement (see store/matching_sql.h). */
#include "store/matching_sql.h"

/* the states of a running case, from the assignment until it closes; the
 * order of the '?' in the statement below */
static const char *const RUNNING[] = { "coordinator_assigned", "preparation", "conference_scheduled",
	"conference_held", "plan_judged", "follow_up" };

static const char POOL_SQL[] =
	"SELECT c.id, c.name, c.active, c.gender, c.languages, c.languages_basic, c.backgrounds, "
	"c.region_ids, c.municipalities, c.capacity, c.unavailable, c.course_on, c.refresher_dates, "
	"c.organisation_ids, c.funder_ids, c.family_relations, COALESCE(l.n, 0) "
	"FROM coordinators c LEFT JOIN (SELECT r.coordinator_id, COUNT(*) AS n FROM requests r "
	"WHERE r.coordinator_id IS NOT NULL AND r.state IN (?, ?, ?, ?, ?, ?) GROUP BY r.coordinator_id) l "
	"ON l.coordinator_id = c.id ORDER BY c.id";

int matching_sql_pool(struct store *st, json_t **rows)
{
	*rows = NULL;
	json_t *params = json_array();
	if (!params)
		return STORE_ERROR;
	for (size_t i = 0; i < sizeof RUNNING / sizeof RUNNING[0]; i++)
		if (json_array_append_new(params, json_string(RUNNING[i])) < 0) {
			json_decref(params);
			return STORE_ERROR;
		}
	int rc = st->ops->query(st, POOL_SQL, params, rows);
	json_decref(params);
	return rc;
}
