/* Handler for the reports: GET /api/v1/reports/{annual,outcomes,costs}; the
 * route's arg is the report's name. JSON unless ?format= or the Accept header
 * asks for CSV, XLSX or PDF. */
#include "web/api/api.h"

#include <stdio.h>
#include <string.h>

#include "web/report_query.h"

/* the format an Accept header names first among those kring writes, or -1 */
static int accepted_format(struct http_req *req)
{
	const char *accept = http_header(req, "Accept");
	if (!accept)
		return -1;
	int best = -1;
	const char *best_at = NULL;
	for (int f = 0; f <= REPORT_PDF; f++) {
		/* the media type without its parameters ("text/csv") */
		char type[96];
		const char *mime = report_format_mime((enum report_format)f);
		size_t n = strcspn(mime, ";");
		snprintf(type, sizeof type, "%.*s", (int)n, mime);
		const char *at = strstr(accept, type);
		if (at && (!best_at || at < best_at)) {
			best = f;
			best_at = at;
		}
	}
	return best;
}

void api_report(struct http_req *req, struct http_resp *resp)
{
	struct svc s;
	struct svc_error err;
	struct report_query q;
	json_t *out = NULL;

	if (api_svc(req, resp, &s) < 0 || report_query_parse(req, resp, req->route->arg, &q) < 0)
		return;
	int f = q.format ? report_format_from_name(q.format) : accepted_format(req);
	if (f < 0)
		f = REPORT_JSON;
	if (svc_report(&s, &q.params, &out, &err) < 0) {
		api_fail(resp, &err);
		return;
	}
	if (f == REPORT_JSON) {
		resp->status = 200;
		resp->json = out;
		return;
	}
	int l = q.lang ? i18n_from_code(q.lang) : LANG_NL;
	report_query_send_file(resp, out, (enum report_format)f, (enum lang)l);
	json_decref(out);
}
