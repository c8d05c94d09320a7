#ifndef KRING_RENDER_REPORT_WRITERS_H
#define KRING_RENDER_REPORT_WRITERS_H
/*
 * The writers of a report's files, one per format (csv.c, xlsx.c, pdf.c),
 * each walking the report's layout. report_out.c chooses among them; the
 * rest of kring calls report_render (report_out.h).
 * Each appends the file to out and returns 0, or -1 on failure.
 */
#include <jansson.h>

#include "render/i18n.h"
#include "render/report_layout.h"
#include "util/buf.h"

int report_csv(const json_t *report, const struct rl_report *layout, enum lang l, struct buf *out);
int report_xlsx(const json_t *report, const struct rl_report *layout, enum lang l, struct buf *out);
int report_pdf(const json_t *report, const struct rl_report *layout, enum lang l, struct buf *out);

/* a CSV cell: quoted when it holds a comma, quote, CR or LF (quotes
 * doubled), and led by an apostrophe when it starts with = + - @ tab or CR,
 * so that a spreadsheet never reads it as a formula */
int csv_text(struct buf *out, const char *s);

#endif
