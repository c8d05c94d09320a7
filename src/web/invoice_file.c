/* An invoice as a file to save (see web/invoice_file.h). */
#include "web/invoice_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/invoice_out.h"

static const char *const FORMATS[] = { "json", "xml", "pdf" };

int invoice_format_from_name(const char *name)
{
	for (int i = 0; name && i < (int)(sizeof FORMATS / sizeof FORMATS[0]); i++)
		if (strcmp(FORMATS[i], name) == 0)
			return i;
	return -1;
}

void invoice_send_file(struct http_resp *resp, const json_t *invoice, enum invoice_format f, enum lang l)
{
	struct buf b;
	buf_init(&b, 0);
	int rc = f == INVOICE_XML ? invoice_ubl(invoice, &b) : invoice_pdf(invoice, l, &b);
	if (rc < 0) {
		buf_release(&b);
		problem(resp, 500, "internal", NULL, "the invoice could not be written as %s", FORMATS[f]);
		return;
	}
	const char *kind = json_string_value(json_object_get(invoice, "kind"));
	const char *number = json_string_value(json_object_get(invoice, "number"));
	/* the number is YYYY-NNNN: safe in a file name */
	snprintf(resp->attachment, sizeof resp->attachment, "%s-%s.%s",
		 kind && strcmp(kind, "credit_note") == 0 ? "creditnota" : "factuur", number ? number : "0", FORMATS[f]);
	resp->status = 200;
	resp->content_type = f == INVOICE_XML ? "application/xml" : "application/pdf";
	resp->page = 0;
	free(resp->body); /* a page written before, if any */
	resp->body = b.data; /* the server frees it */
	resp->body_len = b.len;
}
