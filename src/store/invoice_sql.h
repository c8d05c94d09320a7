#ifndef KRING_STORE_INVOICE_SQL_H
#define KRING_STORE_INVOICE_SQL_H
/*
 * The one question about invoices that needs more than one table: which
 * conferences may go on a funder's next invoice. One portable SQL statement
 * (the same for SQLite and PostgreSQL), run through store_ops.query inside
 * the transaction that issues the invoice.
 */
#include <stdint.h>

#include "store/store.h"

/*
 * The conferences held from from to to (inclusive, YYYY-MM-DD) with a plan
 * or a plan without a meeting, of the requests under an agreement of
 * funder_id (and in region_id unless it is 0), that are on no invoice
 * which has not been credited: *rows gets one array per conference,
 * [request_id, kind, ref, agreement_id, held_on, tariff_family_cents,
 * tariff_restoration_cents, tariff_group_cents, tariff_learning_cents], by
 * held_on and request id. STORE_OK or a negative store error.
 */
int invoice_sql_billable(struct store *st, int64_t funder_id, int64_t region_id, const char *from, const char *to,
			 json_t **rows);

#endif
