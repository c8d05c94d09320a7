/* Error answers as RFC 9457 problem details, built in one place. */
#include "web/http.h"

#include <stdarg.h>
#include <stdio.h>

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 428: return "Precondition Required";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

void problem(struct http_resp *resp, int status, const char *code, const char *field,
	     const char *fmt, ...)
{
	char detail[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	char type[96];
	snprintf(type, sizeof(type), "/problems/%s", code);

	json_decref(resp->json);
	resp->status = status;
	resp->content_type = "application/problem+json";
	resp->etag[0] = '\0';
	resp->location[0] = '\0';
	resp->json = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", type, "title", status_title(status),
			       "status", status, "code", code, "detail", detail);
	if (resp->json && field && *field)
		json_object_set_new(resp->json, "field", json_string(field));
	if (status == 503 && !resp->retry_after)
		resp->retry_after = 1;
}
