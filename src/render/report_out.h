#ifndef KRING_RENDER_REPORT_OUT_H
#define KRING_RENDER_REPORT_OUT_H
/*
 * A report's files: the JSON object service/reports.c computes, written as
 * JSON, CSV, XLSX or PDF, and its bar charts as SVG for the web pages. This
 * layer knows no database and no service: it gets the report object.
 */
#include <stddef.h>

#include <jansson.h>

#include "render/i18n.h"
#include "util/buf.h"

enum report_format { REPORT_JSON, REPORT_CSV, REPORT_XLSX, REPORT_PDF };

/* the format called name ("json", "csv", "xlsx", "pdf"); -1 when unknown */
int report_format_from_name(const char *name);
/* its media type ("text/csv; charset=utf-8") and file extension ("csv") */
const char *report_format_mime(enum report_format f);
const char *report_format_ext(enum report_format f);

/*
 * The report in format f and language l (texts of CSV, XLSX and PDF; JSON
 * has none), appended to out. 0, or -1 when the report is of no known kind
 * or writing failed (out may then hold part of a file).
 */
int report_render(const json_t *report, enum report_format f, enum lang l, struct buf *out);

/* the number of charts of the report (0 for an unknown report) */
size_t report_nchart(const json_t *report);
/* the title of chart i in l (catalogue text), NULL when there is none */
const char *report_chart_title(const json_t *report, size_t i, enum lang l);
/* chart i in words (its axis, every bar's label and figure with its
 * denominator), appended to out: the text alternative of the chart for
 * those who cannot see it (an <img>'s alt or a caption); 0, or -1 */
int report_chart_desc(const json_t *report, size_t i, enum lang l, struct buf *out);
/* chart i as an SVG document appended to out; 0, or -1 */
int report_chart_svg(const json_t *report, size_t i, enum lang l, struct buf *out);

#endif
