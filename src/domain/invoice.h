#ifndef KRING_DOMAIN_INVOICE_H
#define KRING_DOMAIN_INVOICE_H
/*
 * Invoices to funders: the rules that need no database. Numbers (YYYY-NNNN,
 * one series per year), the tariff an agreement sets for a kind of
 * conference, a line's description, amounts as EN 16931 writes them, the
 * due date, and who may read, issue and credit which invoice. Pure: no I/O.
 *
 *   role              may                                   scope
 *   admin             read, issue, credit                   every invoice
 *   regional_manager  read, issue, credit                   the invoices of their regions
 *                                                           (every one with all_regions;
 *                                                           an invoice over every region
 *                                                           only with all_regions)
 *   funder            read                                  the invoices to its own funder
 *   others            nothing (403)
 *
 * Outside the scope the answer is 404, as for cases.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/policy.h"

/* "YYYY-NNNN" and its NUL, with room for a number past 9999 */
#define INVOICE_NUMBER_LEN 24

/* what an account does with invoices */
enum invoice_op {
	INVOICE_READ,  /* list and read, the PDF and XML */
	INVOICE_ISSUE, /* issue an invoice, or a credit note for one */
};

/* the answer of invoice_may */
enum invoice_access {
	INVOICE_ALLOWED = 0,
	INVOICE_FORBIDDEN = 403, /* no role of the account allows it at all */
	INVOICE_HIDDEN = 404,    /* allowed, but not for this funder or region */
};

/*
 * May p do op on an invoice to funder_id for region_id (0: every region)?
 * own_funder is the funder the account belongs to (0: none). With
 * funder_id 0 only the role is checked (a list before any invoice is
 * known). *role gets the role that allows it.
 */
enum invoice_access invoice_may(const struct principal *p, int64_t own_funder, enum invoice_op op,
				int64_t funder_id, int64_t region_id, enum role *role);

/* the number of the n-th invoice of year: "2024-0007" */
void invoice_number(int year, int64_t n, char out[INVOICE_NUMBER_LEN]);
/* the year of an issue date YYYY-MM-DD */
int invoice_year(const char *issued_on);

/* the tariff agreement (a record) sets for kind (one of ENUM_KIND), in
 * cents: 0, or -1 when the agreement gives none for that kind */
int invoice_tariff(const json_t *agreement, const char *kind, int64_t *cents);

/* cents as EN 16931 writes an amount: "1900.00", "-45.05" */
void invoice_amount(int64_t cents, char *out, size_t len);

/* issued_on plus days, as YYYY-MM-DD into out[11] */
void invoice_due_on(const char *issued_on, int days, char out[11]);

/* the line's text (Dutch, no personal data): the kind of conference, the
 * date it was held and the case's number or own reference (ref may be NULL) */
void invoice_line_text(const char *kind, const char *held_on, int64_t request_id, const char *ref, char *out,
		       size_t len);

/* the payment term in days when the setting gives none */
#define INVOICE_DEFAULT_TERM_DAYS 30

#endif
