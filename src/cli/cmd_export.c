/* kring export: everything kring holds on one case (the AVG right of
 * access), and pseudonymised records for research. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/case_csv.h"
#include "cli/commands.h"
#include "cli/open_db.h"
#include "service/service.h"
#include "util/config.h"
#include "util/text.h"

/* the operator at the command line, as the access log names them */
#define ACTOR "cli"
#define ROLE "system"

enum { OPT_DB = 1, OPT_FROM, OPT_TO };

struct args {
	const char *db, *from, *to;
};

/* the options after the subcommand; nargs positional arguments must
 * follow. -1 after a message */
static int parse(int argc, char **argv, const char *sub, const struct option *opts, int nargs, struct args *a)
{
	int c;

	optind = 1;
	opterr = 0; /* our own one-line messages instead of getopt's */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
			a->db = optarg;
			break;
		case OPT_FROM:
			a->from = optarg;
			break;
		case OPT_TO:
			a->to = optarg;
			break;
		default:
			fprintf(stderr, "kring export %s: unknown or incomplete option %s (see kring export --help)\n",
				sub, argv[optind - 1]);
			return -1;
		}
	}
	if (argc - optind != nargs) {
		fprintf(stderr, "kring export %s: %s (see kring export --help)\n", sub,
			nargs ? "name the request: kring export person ID" : "unexpected argument");
		return -1;
	}
	return 0;
}

static int person(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, OPT_DB }, { 0 } };
	struct args a = { 0 };
	struct store *st = NULL;
	struct svc_error err;
	json_t *doc = NULL;
	int64_t id;
	int ret = 1;

	if (parse(argc, argv, "person", opts, 1, &a) < 0)
		return 2;
	if (parse_int64(argv[optind], 1, INT64_MAX, &id) < 0) {
		fprintf(stderr, "kring export person: the request id must be a positive number\n");
		return 2;
	}
	if (cli_open_db(a.db, "export person", &st) < 0)
		return 1;
	struct svc s = { .st = st, .actor = ACTOR, .role = ROLE, .address = "" };
	if (svc_export_person(&s, id, &doc, &err) < 0) {
		if (err.status == 404)
			fprintf(stderr, "kring export person: no request %lld\n", (long long)id);
		else
			fprintf(stderr, "kring export person: %s\n", err.detail);
		goto done;
	}
	if (json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_SORT_KEYS) < 0 || fputc('\n', stdout) == EOF ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "kring export person: cannot write the export\n");
		goto done;
	}
	ret = 0;
done:
	json_decref(doc);
	store_close(st);
	return ret;
}

/* one case per line */
static int emit_line(void *ctx, const json_t *line)
{
	FILE *out = ctx;
	if (json_dumpf(line, out, JSON_COMPACT | JSON_SORT_KEYS) < 0 || fputc('\n', out) == EOF)
		return -1;
	return 0;
}

static int research(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, OPT_DB },
					      { "from", required_argument, NULL, OPT_FROM },
					      { "to", required_argument, NULL, OPT_TO },
					      { 0 } };
	struct args a = { 0 };
	struct store *st = NULL;
	struct svc_error err;
	int64_t count = 0;
	int ret = 1;

	if (parse(argc, argv, "research", opts, 0, &a) < 0)
		return 2;
	if (!a.from || !a.to || !date_valid(a.from) || !date_valid(a.to) || date_cmp(a.from, a.to) > 0) {
		fprintf(stderr, "kring export research: give the period as --from YYYY-MM-DD --to YYYY-MM-DD, "
				"from not after to\n");
		return 2;
	}
	/* never a flag: a command line is visible to every user of the machine */
	const char *key = config_value("research_key", NULL, NULL);
	if (!key || strlen(key) < SVC_RESEARCH_KEY_MIN) {
		fprintf(stderr, "kring export research: set research_key (KRING_RESEARCH_KEY) to a secret of at "
				"least %d characters\n", SVC_RESEARCH_KEY_MIN);
		return 2;
	}
	if (cli_open_db(a.db, "export research", &st) < 0)
		return 1;
	struct svc s = { .st = st, .actor = ACTOR, .role = ROLE, .address = "" };
	struct svc_research r = { .key = key, .keylen = strlen(key), .from = a.from, .to = a.to,
				  .emit = emit_line, .ctx = stdout };
	if (svc_export_research(&s, &r, &count, &err) < 0) {
		fprintf(stderr, "kring export research: %s\n", err.detail);
		goto done;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "kring export research: cannot write the export\n");
		goto done;
	}
	fprintf(stderr, "kring export research: %lld cases requested from %s to %s\n", (long long)count, a.from,
		a.to);
	ret = 0;
done:
	store_close(st);
	return ret;
}

/* ---- cases in kring-case/1 ------------------------------------------------- */

enum { OPT_FORMAT = 100, OPT_OUT, OPT_WITHOUT_PERSONS };

static int cases(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, OPT_DB },
					      { "from", required_argument, NULL, OPT_FROM },
					      { "to", required_argument, NULL, OPT_TO },
					      { "format", required_argument, NULL, OPT_FORMAT },
					      { "out", required_argument, NULL, OPT_OUT },
					      { "without-persons", no_argument, NULL, OPT_WITHOUT_PERSONS },
					      { 0 } };
	const char *db = NULL, *from = NULL, *to = NULL, *format = "jsonl", *out = NULL;
	bool without_persons = false;
	struct store *st = NULL;
	struct svc_error err;
	struct case_csv_out csv = { 0 };
	int64_t count = 0;
	int c, ret = 1;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_FROM: from = optarg; break;
		case OPT_TO: to = optarg; break;
		case OPT_FORMAT: format = optarg; break;
		case OPT_OUT: out = optarg; break;
		case OPT_WITHOUT_PERSONS: without_persons = true; break;
		default:
			fprintf(stderr, "kring export cases: unknown or incomplete option %s (see kring export --help)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "kring export cases: unexpected argument %s (see kring export --help)\n", argv[optind]);
		return 2;
	}
	if ((from && !date_valid(from)) || (to && !date_valid(to)) || (from && to && date_cmp(from, to) > 0)) {
		fprintf(stderr, "kring export cases: give the period as --from YYYY-MM-DD --to YYYY-MM-DD, "
				"from not after to\n");
		return 2;
	}
	bool is_csv = strcmp(format, "csv") == 0;
	if (!is_csv && strcmp(format, "jsonl") != 0) {
		fprintf(stderr, "kring export cases: --format is jsonl or csv\n");
		return 2;
	}
	if (is_csv && !out) {
		fprintf(stderr, "kring export cases: --format csv writes four files: name their folder with --out DIR\n");
		return 2;
	}
	if (cli_open_db(db, "export cases", &st) < 0)
		return 1;
	FILE *jsonl = stdout;
	if (is_csv) {
		char why[256];
		if (case_csv_create(&csv, out, "cases", why, sizeof why) < 0) {
			fprintf(stderr, "kring export cases: %s\n", why);
			goto done;
		}
	} else if (out && !(jsonl = fopen(out, "w"))) {
		fprintf(stderr, "kring export cases: cannot write %s: %s\n", out, strerror(errno));
		goto done;
	}
	struct svc s = { .st = st, .actor = ACTOR, .role = ROLE, .address = "" };
	struct svc_case_sink sink = { .from = from, .to = to, .without_persons = without_persons,
				      .emit = is_csv ? case_csv_write : emit_line, .ctx = is_csv ? (void *)&csv : jsonl };
	int rc = svc_export_cases(&s, &sink, &count, &err);
	int wrc = is_csv ? case_csv_finish(&csv) : fflush(jsonl);
	if (jsonl != stdout && fclose(jsonl) != 0)
		wrc = -1;
	jsonl = NULL;
	if (rc < 0) {
		fprintf(stderr, "kring export cases: %s\n", err.detail);
		goto done;
	}
	if (wrc != 0) {
		fprintf(stderr, "kring export cases: cannot write the export\n");
		goto done;
	}
	fprintf(stderr, "kring export cases: %lld cases\n", (long long)count);
	ret = 0;
done:
	store_close(st);
	return ret;
}

static const struct subcommand subcommands[] = {
	{ "person", person },
	{ "research", research },
	{ "cases", cases },
};

int cmd_export(int argc, char **argv)
{
	return run_subcommand("export", subcommands, sizeof subcommands / sizeof subcommands[0], argc, argv);
}
