#ifndef KRING_WEB_REPORT_QUERY_H
#define KRING_WEB_REPORT_QUERY_H
/*
 * A report as a URL asks for it, for the API (GET /api/v1/reports/NAME) and
 * the report pages (GET /reports/NAME): the filters year, from, to, region,
 * funder and track, the file format and the language of its texts, all from
 * the query string. An empty value counts as not given (a filter form sends
 * its empty fields). The values themselves are checked by svc_report, which
 * names the field of a bad one.
 */
#include <stddef.h>

#include "render/i18n.h"
#include "render/report_out.h"
#include "service/service.h"
#include "web/http.h"

struct report_query {
	struct svc_report_params params;
	const char *format; /* "json", "csv", "xlsx", "pdf", or NULL when not given */
	const char *lang;   /* "nl", "en", or NULL when not given */
	char year_text[16]; /* the year as given, for links */
};

/* fill q for report name from req's query string; -1 after a problem
 * answer (400: unknown or repeated parameter, not UTF-8, a year that is no
 * number, an unknown format or language) */
int report_query_parse(struct http_req *req, struct http_resp *resp, const char *name, struct report_query *q);

/* answer with the report in format f (not JSON): the file as an attachment
 * named kring-NAME[-YEAR].EXT, replacing a page written before (call it
 * after page_end); report stays the caller's */
void report_query_send_file(struct http_resp *resp, const json_t *report, enum report_format f, enum lang l);

#endif
