#ifndef KRING_STORE_FUNDING_SQL_H
#define KRING_STORE_FUNDING_SQL_H
/*
 * What the agreements carry: per agreement the money committed and the
 * cases holding it, summed in the database through store_ops.query (one
 * portable statement; no case is loaded). A case holds a commitment from
 * the funding decision until it stops; a stopped case holds none (its
 * committed_cents is 0, and it is not counted). Run inside the
 * transaction that decides on the money, so that the check and the write
 * see the same cases (see service/funding.c).
 */
#include <stdint.h>

#include "store/store.h"

/*
 * Per agreement (only agreement_id when it is not 0), leaving out the
 * request exclude (0: none): *rows gets [agreement_id, running_cents,
 * running, spent_cents, held] by agreement_id, where running counts the
 * cases before their conference and held those from it on (the conference
 * held, the plan judged, follow-up, closed). Agreements without cases have
 * no row.
 */
int funding_sql_usage(struct store *st, int64_t agreement_id, int64_t exclude, json_t **rows);

#endif
