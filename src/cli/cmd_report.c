/* kring report: the annual figures, the outcomes and the cost-benefit
 * report, as JSON, CSV, XLSX or PDF. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/open_db.h"
#include "cli/unit_costs.h"
#include "render/report_out.h"
#include "service/service.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/text.h"


enum { OPT_DB = 1, OPT_YEAR, OPT_FROM, OPT_TO, OPT_REGION, OPT_FUNDER, OPT_TRACK, OPT_UNIT_COSTS, OPT_FORMAT,
       OPT_LANG, OPT_OUT };

static const struct option opts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "year", required_argument, NULL, OPT_YEAR },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "region", required_argument, NULL, OPT_REGION },
	{ "funder", required_argument, NULL, OPT_FUNDER },
	{ "track", required_argument, NULL, OPT_TRACK },
	{ "unit-costs", required_argument, NULL, OPT_UNIT_COSTS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "out", required_argument, NULL, OPT_OUT },
	{ 0 },
};

struct args {
	const char *db, *year, *unit_costs, *format, *lang, *out;
	struct svc_report_params p;
};

static int parse(int argc, char **argv, struct args *a)
{
	int c;

	optind = 1;
	opterr = 0; /* our own one-line messages instead of getopt's */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: a->db = optarg; break;
		case OPT_YEAR: a->year = optarg; break;
		case OPT_FROM: a->p.from = optarg; break;
		case OPT_TO: a->p.to = optarg; break;
		case OPT_REGION: a->p.region = optarg; break;
		case OPT_FUNDER: a->p.funder = optarg; break;
		case OPT_TRACK: a->p.track = optarg; break;
		case OPT_UNIT_COSTS: a->unit_costs = optarg; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_LANG: a->lang = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		default:
			fprintf(stderr, "kring report: unknown or incomplete option %s (see kring report --help)\n",
				argv[optind - 1]);
			return -1;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "kring report: name one report: annual, outcomes or costs (see kring report --help)\n");
		return -1;
	}
	a->p.name = argv[optind];
	if (a->year) {
		int64_t y;
		if (parse_int64(a->year, 1901, 2199, &y) < 0) {
			fprintf(stderr, "kring report: --year must be a year such as 2010\n");
			return -1;
		}
		a->p.year = (int)y;
	}
	return 0;
}

/* the whole file at path into out (NUL-terminated); -1 after a message */
/* the report in the format asked for; -1 after a message */
static int write_report(const json_t *report, const struct args *a, enum report_format f, enum lang l)
{
	struct buf b;
	int ret = -1;
	FILE *out = stdout;

	buf_init(&b, 0);
	if (f == REPORT_JSON) {
		/* in the order the report was built, which is fixed; reals as
		 * written (66.7, not 66.700000000000003) */
		char *text = json_dumps(report, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
		if (!text || buf_adds(&b, text) < 0 || buf_addc(&b, '\n') < 0) {
			free(text);
			fprintf(stderr, "kring report: out of memory\n");
			goto done;
		}
		free(text);
	} else if (report_render(report, f, l, &b) < 0) {
		fprintf(stderr, "kring report: the report could not be written as %s\n", report_format_ext(f));
		goto done;
	}
	if (a->out && !(out = fopen(a->out, "wb"))) {
		fprintf(stderr, "kring report: cannot write %s: %s\n", a->out, strerror(errno));
		goto done;
	}
	if (fwrite(b.data ? b.data : "", 1, b.len, out) != b.len || fflush(out) != 0) {
		fprintf(stderr, "kring report: cannot write %s\n", a->out ? a->out : "the report");
		goto done;
	}
	ret = 0;
done:
	if (out != stdout && out && fclose(out) != 0 && ret == 0) {
		fprintf(stderr, "kring report: cannot write %s\n", a->out);
		ret = -1;
	}
	buf_release(&b);
	return ret;
}

int cmd_report(int argc, char **argv)
{
	struct args a = { 0 };
	struct store *st = NULL;
	struct svc_error err;
	struct buf costs;
	json_t *report = NULL;
	int ret = 1, f = REPORT_JSON, l = LANG_NL;

	buf_init(&costs, UNIT_COSTS_MAX);
	if (parse(argc, argv, &a) < 0)
		return 2;
	if (a.format && (f = report_format_from_name(a.format)) < 0) {
		fprintf(stderr, "kring report: --format must be json, csv, xlsx or pdf\n");
		return 2;
	}
	if (a.lang && (l = i18n_from_code(a.lang)) < 0) {
		fprintf(stderr, "kring report: --lang must be nl or en\n");
		return 2;
	}
	if ((f == REPORT_XLSX || f == REPORT_PDF) && !a.out && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "kring report: %s is not for a terminal: give --out FILE or redirect the output\n",
			report_format_ext((enum report_format)f));
		return 2;
	}
	if (cli_unit_costs("report", a.unit_costs, &costs, &a.p.unit_costs_file) < 0)
		goto done;
	if (a.p.unit_costs_file)
		a.p.unit_costs_json = buf_str(&costs);
	if (cli_open_db(a.db, "report", &st) < 0)
		goto done;
	struct svc s = { .st = st, .actor = "cli", .role = "system", .address = "" };
	if (svc_report(&s, &a.p, &report, &err) < 0) {
		if (err.field[0] && strcmp(err.field, "name") != 0)
			fprintf(stderr, "kring report: %s: %s\n", strcmp(err.field, "unit_costs") == 0 ? "--unit-costs"
									      : err.field, err.detail);
		else
			fprintf(stderr, "kring report: %s\n", err.detail);
		ret = err.status == 404 || err.status == 422 ? 2 : 1;
		goto done;
	}
	if (write_report(report, &a, (enum report_format)f, (enum lang)l) < 0)
		goto done;
	ret = 0;
done:
	json_decref(report);
	store_close(st);
	buf_release(&costs);
	return ret;
}
