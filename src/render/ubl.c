/*
 * An invoice as UBL 2.1 XML by the Dutch rules (SI-UBL 2.0, the NLCIUS of
 * EN 16931), written with libxml2's xmlTextWriter, which escapes every
 * value. The elements follow the order the UBL schema's sequences demand;
 * tests/unit/test_ubl.c validates the output against the schema.
 *
 * A credit note is a CreditNote document (type 381) with a BillingReference
 * to the invoice it cancels; its amounts are written positive, as the
 * document type already says that they are owed back. Amounts have two
 * decimals, dates are YYYY-MM-DD, the currency is EUR. Care services are VAT
 * exempt: one TaxSubtotal of category E at 0% with the exemption's reason.
 */
#include "render/invoice_out.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "domain/invoice.h"

#define NS_CAC "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
#define NS_CBC "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

/* a writer and whether anything failed: the writing carries on and the
 * failure is reported once at the end */
struct ubl {
	xmlTextWriterPtr w;
	bool credit;
	int err;
};

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

static int64_t num(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static void open_el(struct ubl *u, const char *prefix, const char *name)
{
	if (xmlTextWriterStartElementNS(u->w, BAD_CAST prefix, BAD_CAST name, NULL) < 0)
		u->err = 1;
}

static void close_el(struct ubl *u)
{
	if (xmlTextWriterEndElement(u->w) < 0)
		u->err = 1;
}

static void attr(struct ubl *u, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(u->w, BAD_CAST name, BAD_CAST value) < 0)
		u->err = 1;
}

/* <cbc:name>text</cbc:name>; nothing when text is NULL */
static void cbc(struct ubl *u, const char *name, const char *text)
{
	if (!text)
		return;
	open_el(u, "cbc", name);
	if (xmlTextWriterWriteString(u->w, BAD_CAST text) < 0)
		u->err = 1;
	close_el(u);
}

/* <cbc:name schemeID="scheme">text</cbc:name> */
static void cbc_scheme(struct ubl *u, const char *name, const char *scheme, const char *text)
{
	if (!text)
		return;
	open_el(u, "cbc", name);
	attr(u, "schemeID", scheme);
	if (xmlTextWriterWriteString(u->w, BAD_CAST text) < 0)
		u->err = 1;
	close_el(u);
}

/* an amount in euro: <cbc:name currencyID="EUR">1900.00</cbc:name> */
static void amount(struct ubl *u, const char *name, int64_t cents)
{
	char text[32];
	invoice_amount(u->credit && cents < 0 ? -cents : cents, text, sizeof text);
	open_el(u, "cbc", name);
	attr(u, "currencyID", "EUR");
	if (xmlTextWriterWriteString(u->w, BAD_CAST text) < 0)
		u->err = 1;
	close_el(u);
}

static void vat_scheme(struct ubl *u)
{
	open_el(u, "cac", "TaxScheme");
	cbc(u, "ID", "VAT");
	close_el(u);
}

static void address(struct ubl *u, const char *street, const char *city, const char *postcode)
{
	open_el(u, "cac", "PostalAddress");
	cbc(u, "StreetName", street);
	cbc(u, "CityName", city);
	cbc(u, "PostalZone", postcode);
	open_el(u, "cac", "Country");
	cbc(u, "IdentificationCode", "NL");
	close_el(u);
	close_el(u);
}

static void supplier(struct ubl *u, const json_t *inv)
{
	const char *kvk = str(inv, "seller_kvk");
	open_el(u, "cac", "AccountingSupplierParty");
	open_el(u, "cac", "Party");
	/* the electronic address: the KvK number (scheme 0106) */
	cbc_scheme(u, "EndpointID", "0106", kvk);
	open_el(u, "cac", "PartyName");
	cbc(u, "Name", str(inv, "seller_name"));
	close_el(u);
	address(u, str(inv, "seller_address"), str(inv, "seller_city"), str(inv, "seller_postcode"));
	if (str(inv, "seller_vat")) {
		open_el(u, "cac", "PartyTaxScheme");
		cbc(u, "CompanyID", str(inv, "seller_vat"));
		vat_scheme(u);
		close_el(u);
	}
	open_el(u, "cac", "PartyLegalEntity");
	cbc(u, "RegistrationName", str(inv, "seller_name"));
	cbc_scheme(u, "CompanyID", "0106", kvk);
	close_el(u);
	close_el(u);
	close_el(u);
}

static void customer(struct ubl *u, const json_t *inv)
{
	const char *oin = str(inv, "buyer_oin");
	open_el(u, "cac", "AccountingCustomerParty");
	open_el(u, "cac", "Party");
	/* a government body's electronic address: its OIN (scheme 0190) */
	cbc_scheme(u, "EndpointID", "0190", oin);
	open_el(u, "cac", "PartyName");
	cbc(u, "Name", str(inv, "buyer_name"));
	close_el(u);
	address(u, str(inv, "buyer_address"), str(inv, "buyer_city"), str(inv, "buyer_postcode"));
	open_el(u, "cac", "PartyLegalEntity");
	cbc(u, "RegistrationName", str(inv, "buyer_name"));
	cbc_scheme(u, "CompanyID", "0190", oin);
	close_el(u);
	close_el(u);
	close_el(u);
}

static void payment(struct ubl *u, const json_t *inv)
{
	open_el(u, "cac", "PaymentMeans");
	cbc(u, "PaymentMeansCode", "30"); /* credit transfer */
	cbc(u, "PaymentID", str(inv, "number"));
	if (str(inv, "seller_iban")) {
		open_el(u, "cac", "PayeeFinancialAccount");
		cbc(u, "ID", str(inv, "seller_iban"));
		cbc(u, "Name", str(inv, "seller_name"));
		close_el(u);
	}
	close_el(u);
}

static void exempt_category(struct ubl *u, const char *element, bool reason)
{
	open_el(u, "cac", element);
	cbc(u, "ID", "E");
	cbc(u, "Percent", "0");
	if (reason) {
		cbc(u, "TaxExemptionReasonCode", INVOICE_VAT_EXEMPTION_CODE);
		cbc(u, "TaxExemptionReason", INVOICE_VAT_EXEMPTION_TEXT);
	}
	vat_scheme(u);
	close_el(u);
}

static void totals(struct ubl *u, const json_t *inv)
{
	int64_t total = num(inv, "total_cents");
	open_el(u, "cac", "TaxTotal");
	amount(u, "TaxAmount", 0);
	open_el(u, "cac", "TaxSubtotal");
	amount(u, "TaxableAmount", total);
	amount(u, "TaxAmount", 0);
	exempt_category(u, "TaxCategory", true);
	close_el(u);
	close_el(u);

	open_el(u, "cac", "LegalMonetaryTotal");
	amount(u, "LineExtensionAmount", total);
	amount(u, "TaxExclusiveAmount", total);
	amount(u, "TaxInclusiveAmount", total);
	amount(u, "PayableAmount", total);
	close_el(u);
}

static void line(struct ubl *u, size_t i, const json_t *l)
{
	char id[24], qty[24];
	snprintf(id, sizeof id, "%zu", i + 1);
	int64_t q = num(l, "quantity");
	snprintf(qty, sizeof qty, "%lld", (long long)(u->credit && q < 0 ? -q : q));
	open_el(u, "cac", u->credit ? "CreditNoteLine" : "InvoiceLine");
	cbc(u, "ID", id);
	open_el(u, "cbc", u->credit ? "CreditedQuantity" : "InvoicedQuantity");
	attr(u, "unitCode", "C62"); /* one (a conference) */
	if (xmlTextWriterWriteString(u->w, BAD_CAST qty) < 0)
		u->err = 1;
	close_el(u);
	amount(u, "LineExtensionAmount", num(l, "amount_cents"));
	open_el(u, "cac", "Item");
	cbc(u, "Description", str(l, "description"));
	cbc(u, "Name", "Eigen Kracht-conferentie");
	exempt_category(u, "ClassifiedTaxCategory", false);
	close_el(u);
	open_el(u, "cac", "Price");
	amount(u, "PriceAmount", num(l, "tariff_cents"));
	close_el(u);
	close_el(u);
}

int invoice_ubl(const json_t *inv, struct buf *out)
{
	struct ubl u = { 0 };
	xmlBufferPtr xb = xmlBufferCreate();
	int ret = -1;
	if (!xb)
		return -1;
	u.w = xmlNewTextWriterMemory(xb, 0);
	if (!u.w) {
		xmlBufferFree(xb);
		return -1;
	}
	u.credit = str(inv, "kind") && strcmp(str(inv, "kind"), "credit_note") == 0;
	const char *root = u.credit ? "CreditNote" : "Invoice";
	char ns[96];
	snprintf(ns, sizeof ns, "urn:oasis:names:specification:ubl:schema:xsd:%s-2", root);
	xmlTextWriterSetIndent(u.w, 1);
	xmlTextWriterSetIndentString(u.w, BAD_CAST "  ");
	if (xmlTextWriterStartDocument(u.w, "1.0", "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElementNS(u.w, NULL, BAD_CAST root, BAD_CAST ns) < 0 ||
	    xmlTextWriterWriteAttribute(u.w, BAD_CAST "xmlns:cac", BAD_CAST NS_CAC) < 0 ||
	    xmlTextWriterWriteAttribute(u.w, BAD_CAST "xmlns:cbc", BAD_CAST NS_CBC) < 0)
		u.err = 1;

	cbc(&u, "CustomizationID", UBL_CUSTOMIZATION_ID);
	cbc(&u, "ProfileID", UBL_PROFILE_ID);
	cbc(&u, "ID", str(inv, "number"));
	cbc(&u, "IssueDate", str(inv, "issued_on"));
	if (!u.credit) {
		cbc(&u, "DueDate", str(inv, "due_on"));
		cbc(&u, "InvoiceTypeCode", "380");
	} else {
		cbc(&u, "CreditNoteTypeCode", "381");
	}
	cbc(&u, "Note", str(inv, "reason"));
	cbc(&u, "DocumentCurrencyCode", "EUR");
	/* the buyer's reference is required (PEPPOL-EN16931-R003): the
	 * funder's own, else the invoice number */
	cbc(&u, "BuyerReference", str(inv, "buyer_reference") ? str(inv, "buyer_reference") : str(inv, "number"));
	open_el(&u, "cac", "InvoicePeriod");
	cbc(&u, "StartDate", str(inv, "period_from"));
	cbc(&u, "EndDate", str(inv, "period_to"));
	close_el(&u);
	const json_t *credits = json_object_get(inv, "credits");
	if (u.credit && json_is_object(credits)) {
		open_el(&u, "cac", "BillingReference");
		open_el(&u, "cac", "InvoiceDocumentReference");
		cbc(&u, "ID", str(credits, "number"));
		cbc(&u, "IssueDate", str(credits, "issued_on"));
		close_el(&u);
		close_el(&u);
	}
	supplier(&u, inv);
	customer(&u, inv);
	payment(&u, inv);
	totals(&u, inv);
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(inv, "lines"), i, l)
		line(&u, i, l);
	if (xmlTextWriterEndDocument(u.w) < 0)
		u.err = 1;
	xmlFreeTextWriter(u.w); /* flushes into xb */
	if (!u.err && buf_add(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb)) == 0)
		ret = 0;
	xmlBufferFree(xb);
	return ret;
}
