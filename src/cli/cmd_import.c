/* kring import: cases from a kring-case/1 file (JSON Lines, or the CSV
 * variant with its two companion files), all or nothing. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/case_csv.h"
#include "cli/commands.h"
#include "cli/open_db.h"
#include "domain/interchange.h"
#include "service/service.h"

/* the operator at the command line, as the access log names them */
#define ACTOR "cli"
#define ROLE "system"

/* the longest line read: a case with a long plan stays far below it */
#define MAX_LINE (1024 * 1024)

/* ---- JSON Lines -------------------------------------------------------------- */

struct jsonl {
	FILE *f;
	char *line;
	size_t cap;
	int64_t lineno;
	char where[32];
};

static int jsonl_next(void *ctx, json_t **c, struct svc_error *err)
{
	struct jsonl *r = ctx;
	json_error_t je;
	ssize_t len;

	*c = NULL;
	while ((len = getline(&r->line, &r->cap, r->f)) >= 0) {
		r->lineno++;
		snprintf(r->where, sizeof r->where, "line %lld", (long long)r->lineno);
		if (len > MAX_LINE) {
			svc_error_set(err, 422, "invalid", "", "%s: longer than %d bytes", r->where, MAX_LINE);
			return -1;
		}
		if (strspn(r->line, " \t\r\n") == (size_t)len)
			continue; /* an empty line (the last one, often) */
		*c = json_loadb(r->line, (size_t)len, JSON_REJECT_DUPLICATES, &je);
		if (!*c) {
			svc_error_set(err, 422, "invalid", "", "%s: not JSON: %s (column %d)", r->where, je.text,
				      je.column);
			return -1;
		}
		return 1;
	}
	if (ferror(r->f)) {
		svc_error_set(err, 500, "internal", "", "cannot read the file: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static const char *jsonl_where(void *ctx)
{
	return ((struct jsonl *)ctx)->where;
}

/* ---- progress ------------------------------------------------------------------ */

struct progress {
	FILE *f;      /* the file read, for its position */
	off_t size;   /* its size, 0 when unknown */
	bool shown;
};

static void show_progress(struct progress *p, int64_t done)
{
	off_t at = p->f ? ftello(p->f) : 0;
	if (p->size > 0 && at >= 0)
		fprintf(stderr, "\rkring import: %lld cases (%d%%)", (long long)done, (int)(100 * at / p->size));
	else
		fprintf(stderr, "\rkring import: %lld cases", (long long)done);
	p->shown = true;
}

/* ---- the command ------------------------------------------------------------- */

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcasecmp(s + n - t, tail) == 0;
}

struct source {
	struct jsonl jsonl;
	struct case_csv csv;
	struct progress progress;
	bool is_csv;
};

static int src_next(void *ctx, json_t **c, struct svc_error *err)
{
	struct source *s = ctx;
	return s->is_csv ? case_csv_next(&s->csv, c, err) : jsonl_next(&s->jsonl, c, err);
}

static const char *src_where(void *ctx)
{
	struct source *s = ctx;
	return s->is_csv ? case_csv_where(&s->csv) : jsonl_where(&s->jsonl);
}

static void src_progress(void *ctx, int64_t done)
{
	struct source *s = ctx;
	if (done % 10000 == 0)
		show_progress(&s->progress, done);
}

/* the JSON Schema of kring-case/1: docs/kring-case-1.schema.json is this output */
static int print_schema(void)
{
	json_t *schema = ix_schema();
	int rc = schema ? json_dumpf(schema, stdout, JSON_INDENT(2) | JSON_SORT_KEYS) : -1;
	json_decref(schema);
	if (rc < 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
		fprintf(stderr, "kring import: cannot write the schema\n");
		return 1;
	}
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
					      { "schema", no_argument, NULL, 's' }, { 0 } };
	const char *db = NULL;
	struct source src = { 0 };
	struct store *st = NULL;
	struct svc_import_stats stats = { 0 };
	struct svc_error err;
	struct stat sb;
	int c, ret = 1;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			return print_schema();
		if (c != 'd') {
			fprintf(stderr, "kring import: unknown or incomplete option %s (see kring import --help)\n",
				argv[optind - 1]);
			return 2;
		}
		db = optarg;
	}
	if (argc - optind != 1) {
		fprintf(stderr, "kring import: name one file: kring import [--db URL] FILE\n");
		return 2;
	}
	const char *path = argv[optind];
	src.is_csv = ends_with(path, ".csv");
	if (!src.is_csv && !ends_with(path, ".jsonl") && !ends_with(path, ".json")) {
		fprintf(stderr, "kring import: %s: name a .jsonl (or .json) file, or a .csv file\n", path);
		return 2;
	}
	if (src.is_csv) {
		if (case_csv_open(&src.csv, path, &err) < 0) {
			fprintf(stderr, "kring import: %s\n", err.detail);
			return 1;
		}
		src.progress.f = src.csv.cases.f;
	} else {
		src.jsonl.f = fopen(path, "r");
		if (!src.jsonl.f) {
			fprintf(stderr, "kring import: cannot open %s: %s\n", path, strerror(errno));
			return 1;
		}
		src.progress.f = src.jsonl.f;
	}
	if (fstat(fileno(src.progress.f), &sb) == 0 && S_ISREG(sb.st_mode))
		src.progress.size = sb.st_size;
	if (cli_open_db(db, "import", &st) < 0)
		goto done;
	struct svc s = { .st = st, .actor = ACTOR, .role = ROLE, .address = "" };
	struct svc_case_source cs = { .next = src_next, .where = src_where, .ctx = &src,
				      .progress = isatty(STDERR_FILENO) ? src_progress : NULL };
	int rc = svc_import_cases(&s, &cs, &stats, &err);
	if (src.progress.shown)
		fputc('\n', stderr);
	if (rc < 0) {
		fprintf(stderr, "kring import: %s: %s; nothing was imported\n", path, err.detail);
		goto done;
	}
	printf("kring import: %s: %lld cases (%lld new, %lld updated)\n", path,
	       (long long)(stats.created + stats.updated), (long long)stats.created, (long long)stats.updated);
	ret = 0;
done:
	store_close(st);
	if (src.jsonl.f)
		fclose(src.jsonl.f);
	free(src.jsonl.line);
	case_csv_close(&src.csv);
	return ret;
}
