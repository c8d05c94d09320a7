#ifndef KRING_RENDER_INVOICE_OUT_H
#define KRING_RENDER_INVOICE_OUT_H
/*
 * An invoice or credit note (as svc_invoice_get gives it: the record with
 * its lines and the invoice it credits) as a file: UBL 2.1 XML following
 * the Dutch profile SI-UBL 2.0 (NLCIUS) of EN 16931 (render/ubl.c), or a
 * PDF on A4 (render/invoice_pdf.c). Both write only what the invoice holds,
 * so the same invoice gives the same file, always.
 */
#include <jansson.h>

#include "render/i18n.h"
#include "util/buf.h"

/* the identifiers of SI-UBL 2.0 */
#define UBL_CUSTOMIZATION_ID "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0"
#define UBL_PROFILE_ID "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

/* the VAT exemption every line carries: care and welfare services (EN 16931
 * category E, 0%) */
#define INVOICE_VAT_EXEMPTION_CODE "VATEX-EU-132-1G"
#define INVOICE_VAT_EXEMPTION_TEXT "Vrijgesteld van btw: maatschappelijke dienstverlening en zorg " \
	"(artikel 11, eerste lid, Wet op de omzetbelasting 1968)"

/* the invoice as UBL 2.1 XML (an Invoice, or a CreditNote for a credit
 * note) appended to out; 0 or -1 */
int invoice_ubl(const json_t *invoice, struct buf *out);

/* the invoice as PDF, its texts in l; 0 or -1 */
int invoice_pdf(const json_t *invoice, enum lang l, struct buf *out);

#endif
