/*
 * Choosing the writer of a report's format; the JSON writer and the SVG
 * charts. See report_out.h.
 */
#include "render/report_out.h"

#include <stdlib.h>
#include <string.h>

#include "render/chart.h"
#include "render/report_layout.h"
#include "render/report_writers.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* the key order of the object is kept: the service builds it in the order
 * people read it */
static int report_json(const json_t *report, const struct rl_report *layout, enum lang l, struct buf *out)
{
	(void)layout;
	(void)l;
	char *s = json_dumps(report, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!s)
		return -1;
	int rc = buf_adds(out, s) | buf_addc(out, '\n');
	free(s);
	return rc ? -1 : 0;
}

static const struct {
	const char *name;
	const char *mime;
	int (*write)(const json_t *, const struct rl_report *, enum lang, struct buf *);
} FORMATS[] = {
	[REPORT_JSON] = { "json", "application/json", report_json },
	[REPORT_CSV] = { "csv", "text/csv; charset=utf-8", report_csv },
	[REPORT_XLSX] = { "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report_xlsx },
	[REPORT_PDF] = { "pdf", "application/pdf", report_pdf },
};

int report_format_from_name(const char *name)
{
	for (size_t i = 0; name && i < N(FORMATS); i++)
		if (strcmp(FORMATS[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *report_format_mime(enum report_format f)
{
	return (unsigned)f < N(FORMATS) ? FORMATS[f].mime : "application/octet-stream";
}

const char *report_format_ext(enum report_format f)
{
	return (unsigned)f < N(FORMATS) ? FORMATS[f].name : "bin";
}

int report_render(const json_t *report, enum report_format f, enum lang l, struct buf *out)
{
	const struct rl_report *layout = report_layout_of(report);
	if (!layout || (unsigned)f >= N(FORMATS))
		return -1;
	return FORMATS[f].write(report, layout, l, out);
}

size_t report_nchart(const json_t *report)
{
	const struct rl_report *layout = report_layout_of(report);
	return layout ? layout->ncharts : 0;
}

const char *report_chart_title(const json_t *report, size_t i, enum lang l)
{
	const struct rl_report *layout = report_layout_of(report);
	return layout && i < layout->ncharts ? tr(l, layout->charts[i].title) : NULL;
}

/* chart i of report built, then handed to write */
static int with_chart(const json_t *report, size_t i, enum lang l, struct buf *out,
		      int (*write)(const struct chart *, struct buf *))
{
	const struct rl_report *layout = report_layout_of(report);
	struct chart *c;
	if (!layout || i >= layout->ncharts || !(c = malloc(sizeof *c)))
		return -1;
	int rc = chart_build(report, &layout->charts[i], l, c);
	if (rc == 0)
		rc = write(c, out);
	free(c);
	return rc;
}

int report_chart_svg(const json_t *report, size_t i, enum lang l, struct buf *out)
{
	return with_chart(report, i, l, out, chart_svg);
}

int report_chart_desc(const json_t *report, size_t i, enum lang l, struct buf *out)
{
	return with_chart(report, i, l, out, chart_desc);
}
