#ifndef KRING_CLI_CASE_CSV_H
#define KRING_CLI_CASE_CSV_H
/*
 * The CSV variant of kring-case/1 (docs/import-format.md): cases.csv, one
 * row per case with the nested keys as dotted columns (referrer.type,
 * plan.safe_and_feasible, follow_up.satisfaction.child) and lists joined
 * with ';', and the companions <base>-actions.csv, <base>-measures.csv and
 * <base>-network.csv, one row per item, keyed by ref. RFC 4180, UTF-8.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "service/service.h"

struct csv_file {
	FILE *f;
	char name[64];   /* the file's base name, for messages */
	int64_t line;    /* the physical line the current row started on */
	int64_t next_line;
	json_t *header;  /* the column names */
};

struct case_csv {
	struct csv_file cases;
	json_t *items;   /* ref -> {"actions": [...], "measures": [...], "network": [...]} */
	char where[128];
};

/* open cases.csv at path and read its companions next to it; -1 with err */
int case_csv_open(struct case_csv *r, const char *path, struct svc_error *err);
/* as struct svc_case_source's next and where */
int case_csv_next(struct case_csv *r, json_t **c, struct svc_error *err);
const char *case_csv_where(struct case_csv *r);
void case_csv_close(struct case_csv *r);

/* writing: the four files in dir (which must exist), named base.csv and
 * base-*.csv */
struct case_csv_out {
	FILE *cases, *actions, *measures, *network;
};
int case_csv_create(struct case_csv_out *w, const char *dir, const char *base, char *errbuf, size_t errlen);
/* one case as rows of the four files; 0 or -1 */
int case_csv_write(void *ctx, const json_t *c);
/* flush and close; 0, or -1 when a write failed */
int case_csv_finish(struct case_csv_out *w);

#endif
