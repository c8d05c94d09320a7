#ifndef KRING_WEB_INVOICE_FILE_H
#define KRING_WEB_INVOICE_FILE_H
/*
 * An invoice as a file to save, for the API (GET /api/v1/invoices/{id}
 * ?format=xml|pdf) and the invoice pages: UBL 2.1 XML or PDF, as an
 * attachment named after its number (factuur-2024-0007.pdf,
 * creditnota-2024-0008.xml).
 */
#include <jansson.h>

#include "render/i18n.h"
#include "web/http.h"

enum invoice_format { INVOICE_JSON, INVOICE_XML, INVOICE_PDF };

/* the format named json, xml or pdf, or -1 */
int invoice_format_from_name(const char *name);

/* answer with invoice in format f (XML or PDF) as an attachment, replacing
 * a page written before (call it after page_end); invoice stays the
 * caller's */
void invoice_send_file(struct http_resp *resp, const json_t *invoice, enum invoice_format f, enum lang l);

#endif
