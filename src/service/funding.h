#ifndef KRING_SERVICE_FUNDING_H
#define KRING_SERVICE_FUNDING_H
/* The funding decision's check, for service/transitions.c. Not for other
 * layers (they call svc_funding_options and svc_budgets, service.h). */
#include "service/internal.h"

/*
 * Inside the open write transaction of decide-funding: does the agreement
 * agreement_id pay for request (domain/funding.c), counting what it
 * carries now? On success *funder_id is the agreement's funder and
 * *tariff the amount to commit (its tariff for the request's kind). 422
 * unknown_reference when there is no such agreement, 422 invalid
 * (agreement_id) when the agreement does not cover the request (period,
 * region, municipality, kind, track, tariff), 409 budget_exhausted
 * (agreement_id) when what is left of its budget or of its conferences
 * does not cover it.
 *
 * The sum and the write that follows are one transaction: SQLite's BEGIN
 * IMMEDIATE admits one writer; on PostgreSQL the logged transaction holds
 * the access log's lock from its first statement, so concurrent decisions
 * queue, and SERIALIZABLE refuses any that would still read a sum another
 * one changed (retried by svc_retry).
 */
int svc_funding_check(struct svc *s, const json_t *request, int64_t agreement_id, int64_t *funder_id,
		      int64_t *tariff, struct svc_error *err);

#endif
