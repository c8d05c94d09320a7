/* The filters, format and language of a report from the query string. */
#include "web/report_query.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* the parameters a report URL may carry, and where each one goes */
enum slot { S_YEAR, S_FROM, S_TO, S_REGION, S_FUNDER, S_TRACK, S_FORMAT, S_LANG, S__COUNT };
static const char *const PARAM_NAMES[S__COUNT] = { "year", "from", "to", "region", "funder", "track",
	"format", "lang" };

struct collect {
	const char *values[S__COUNT];
	const char *bad;      /* the parameter at fault */
	const char *why;      /* what is wrong with it */
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct collect *c = cls;
	if (!utf8_valid(key, strlen(key)) || (value && !utf8_valid(value, strlen(value)))) {
		c->bad = "";
		c->why = "query parameters must be UTF-8";
		return MHD_NO;
	}
	for (int i = 0; i < S__COUNT; i++) {
		if (strcmp(key, PARAM_NAMES[i]) != 0)
			continue;
		if (c->values[i]) {
			c->bad = PARAM_NAMES[i];
			c->why = "may be given once";
			return MHD_NO;
		}
		c->values[i] = value && *value ? value : "";
		return MHD_YES;
	}
	c->bad = "";
	c->why = "unknown query parameter: the filters are year, from, to, region, funder and track, "
		 "then format and lang";
	return MHD_NO;
}

static const char *given(const struct collect *c, enum slot s)
{
	return c->values[s] && *c->values[s] ? c->values[s] : NULL;
}

int report_query_parse(struct http_req *req, struct http_resp *resp, const char *name, struct report_query *q)
{
	struct collect c = { 0 };
	memset(q, 0, sizeof *q);
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &c);
	if (c.bad) {
		problem(resp, 400, "bad_parameter", c.bad[0] ? c.bad : NULL, "%s%s%s", c.bad, c.bad[0] ? " " : "",
			c.why);
		return -1;
	}
	q->params.name = name;
	q->params.from = given(&c, S_FROM);
	q->params.to = given(&c, S_TO);
	q->params.region = given(&c, S_REGION);
	q->params.funder = given(&c, S_FUNDER);
	q->params.track = given(&c, S_TRACK);
	const char *year = given(&c, S_YEAR);
	if (year) {
		int64_t y;
		if (parse_int64(year, 1900, 2999, &y) < 0) {
			problem(resp, 400, "bad_parameter", "year", "year must be a year such as 2010");
			return -1;
		}
		q->params.year = (int)y;
		snprintf(q->year_text, sizeof q->year_text, "%d", (int)y);
	}
	q->format = given(&c, S_FORMAT);
	if (q->format && report_format_from_name(q->format) < 0) {
		problem(resp, 400, "bad_parameter", "format", "format must be json, csv, xlsx or pdf");
		return -1;
	}
	q->lang = given(&c, S_LANG);
	if (q->lang && i18n_from_code(q->lang) < 0) {
		problem(resp, 400, "bad_parameter", "lang", "lang must be nl or en");
		return -1;
	}
	return 0;
}

void report_query_send_file(struct http_resp *resp, const json_t *report, enum report_format f, enum lang l)
{
	struct buf b;
	buf_init(&b, 0);
	if (report_render(report, f, l, &b) < 0) {
		buf_release(&b);
		problem(resp, 500, "internal", NULL, "the report could not be written as %s", report_format_ext(f));
		return;
	}
	const char *name = json_string_value(json_object_get(report, "report"));
	json_t *year = json_object_get(report, "year");
	if (json_is_integer(year))
		snprintf(resp->attachment, sizeof resp->attachment, "kring-%s-%lld.%s", name ? name : "report",
			 (long long)json_integer_value(year), report_format_ext(f));
	else
		snprintf(resp->attachment, sizeof resp->attachment, "kring-%s.%s", name ? name : "report",
			 report_format_ext(f));
	resp->status = 200;
	resp->content_type = report_format_mime(f);
	resp->page = 0;
	free(resp->body); /* a page written before, if any */
	resp->body = b.data; /* the server frees it */
	resp->body_len = b.len;
}
