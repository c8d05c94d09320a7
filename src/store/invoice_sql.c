/* Which conferences may be invoiced (see store/invoice_sql.h). */
#include "store/invoice_sql.h"

#include "store/backend.h"

/* a line is taken when it is on an invoice that no credit note cancels */
static const char BILLABLE[] =
	"SELECT r.id, r.kind, r.ref, a.id, c.held_on, a.tariff_family_cents, a.tariff_restoration_cents,"
	" a.tariff_group_cents, a.tariff_learning_cents"
	" FROM conferences c JOIN requests r ON r.id = c.request_id JOIN agreements a ON a.id = r.agreement_id"
	" WHERE a.funder_id = ? AND c.held_on >= ? AND c.held_on <= ?"
	" AND c.outcome IN ('plan', 'plan_without_meeting')"
	" AND (? = 0 OR r.region_id = ?)"
	" AND NOT EXISTS (SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id"
	" WHERE l.request_id = r.id AND i.kind = 'invoice'"
	" AND NOT EXISTS (SELECT 1 FROM invoices cn WHERE cn.credits_invoice_id = i.id))"
	" ORDER BY c.held_on, r.id";

int invoice_sql_billable(struct store *st, int64_t funder_id, int64_t region_id, const char *from, const char *to,
			 json_t **rows)
{
	*rows = NULL;
	json_t *params = json_pack("[I, s, s, I, I]", (json_int_t)funder_id, from, to, (json_int_t)region_id,
				   (json_int_t)region_id);
	if (!params)
		return store_out_of_memory("invoice query");
	int rc = st->ops->query(st, BILLABLE, params, rows);
	json_decref(params);
	return rc;
}
