/* kring invoice: issue invoices to funders per period, list them, show one
 * as JSON, UBL XML or PDF, and credit one (service/invoices.c). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/open_db.h"
#include "domain/invoice.h"
#include "render/invoice_out.h"
#include "service/service.h"
#include "util/buf.h"
#include "util/text.h"

enum { OPT_DB = 1, OPT_FUNDER, OPT_FROM, OPT_TO, OPT_REGION, OPT_ISSUED_ON, OPT_FORMAT, OPT_OUT, OPT_LANG,
       OPT_REASON };

static const struct option opts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "funder", required_argument, NULL, OPT_FUNDER },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "region", required_argument, NULL, OPT_REGION },
	{ "issued-on", required_argument, NULL, OPT_ISSUED_ON },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ 0 },
};

struct args {
	const char *db, *funder, *from, *to, *region, *issued_on, *format, *out, *lang, *reason;
	const char *number; /* show, credit */
};

/* the options of subcommand sub, and nargs arguments after them; -1 after
 * a message */
static int parse(int argc, char **argv, const char *sub, int nargs, struct args *a)
{
	int c;
	optind = 1;
	opterr = 0; /* our own one-line messages instead of getopt's */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		const char **slot[] = { [OPT_DB] = &a->db, [OPT_FUNDER] = &a->funder, [OPT_FROM] = &a->from,
			[OPT_TO] = &a->to, [OPT_REGION] = &a->region, [OPT_ISSUED_ON] = &a->issued_on,
			[OPT_FORMAT] = &a->format, [OPT_OUT] = &a->out, [OPT_LANG] = &a->lang, [OPT_REASON] = &a->reason };
		if (c < OPT_DB || c > OPT_REASON) {
			fprintf(stderr, "kring invoice %s: unknown or incomplete option %s (see kring invoice --help)\n", sub,
				argv[optind - 1]);
			return -1;
		}
		*slot[c] = optarg;
	}
	if (argc - optind != nargs) {
		fprintf(stderr, "kring invoice %s: %s (see kring invoice --help)\n", sub,
			nargs ? "name the invoice by its number, e.g. 2024-0001" : "unexpected argument");
		return -1;
	}
	a->number = nargs ? argv[optind] : NULL;
	return 0;
}

static struct svc cli_svc(struct store *st)
{
	struct svc s = { .st = st, .actor = "cli", .role = "system", .address = "" };
	return s;
}

static void fail(const char *sub, const struct svc_error *err)
{
	if (err->field[0])
		fprintf(stderr, "kring invoice %s: %s: %s\n", sub, err->field, err->detail);
	else
		fprintf(stderr, "kring invoice %s: %s\n", sub, err->detail);
}

static int exit_code(const struct svc_error *err)
{
	return err->status >= 400 && err->status < 500 ? 2 : 1;
}

/* a JSON value as a number, when text is a whole number; else a string */
static json_t *id_value(const char *text)
{
	int64_t v;
	return parse_int64(text, 1, INT64_MAX, &v) == 0 ? json_integer(v) : json_string(text);
}

/* one line per invoice: number, kind, issue date, funder, period, total */
static void print_line(const json_t *inv)
{
	char total[32];
	invoice_amount(json_integer_value(json_object_get(inv, "total_cents")), total, sizeof total);
	printf("%s\t%s\t%s\t%lld\t%s\t%s\t%s\n", json_string_value(json_object_get(inv, "number")),
	       json_string_value(json_object_get(inv, "kind")), json_string_value(json_object_get(inv, "issued_on")),
	       (long long)json_integer_value(json_object_get(inv, "funder_id")),
	       json_string_value(json_object_get(inv, "period_from")), json_string_value(json_object_get(inv, "period_to")),
	       total);
}

/* write b to --out or standard output; -1 after a message */
static int write_out(const char *sub, const struct buf *b, const char *path)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "kring invoice %s: cannot write %s: %s\n", sub, path, strerror(errno));
		return -1;
	}
	int bad = fwrite(b->data ? b->data : "", 1, b->len, f) != b->len || fflush(f) != 0;
	if (path && fclose(f) != 0)
		bad = 1;
	if (bad) {
		fprintf(stderr, "kring invoice %s: cannot write %s\n", sub, path ? path : "the invoice");
		return -1;
	}
	return 0;
}

static int create(int argc, char **argv)
{
	struct args a = { 0 };
	struct store *st = NULL;
	struct svc_error err;
	json_t *in = NULL, *out = NULL;
	int ret = 1;

	if (parse(argc, argv, "create", 0, &a) < 0)
		return 2;
	if (!a.funder || !a.from || !a.to) {
		fprintf(stderr, "kring invoice create: give --funder ID, --from DATE and --to DATE\n");
		return 2;
	}
	in = json_pack("{s:o, s:s, s:s}", "funder_id", id_value(a.funder), "from", a.from, "to", a.to);
	if (in && a.region)
		json_object_set_new(in, "region_id", id_value(a.region));
	if (in && a.issued_on)
		json_object_set_new(in, "issued_on", json_string(a.issued_on));
	if (!in) {
		fprintf(stderr, "kring invoice create: out of memory\n");
		return 1;
	}
	if (cli_open_db(a.db, "invoice create", &st) < 0)
		goto done;
	struct svc s = cli_svc(st);
	if (svc_invoice_create(&s, in, &out, &err) < 0) {
		fail("create", &err);
		ret = exit_code(&err);
		goto done;
	}
	print_line(out);
	ret = 0;
done:
	json_decref(in);
	json_decref(out);
	store_close(st);
	return ret;
}

static int list(int argc, char **argv)
{
	struct args a = { 0 };
	struct store *st = NULL;
	struct svc_error err;
	int ret = 1;

	if (parse(argc, argv, "list", 0, &a) < 0)
		return 2;
	const char *names[1] = { "funder_id" }, *values[1] = { a.funder };
	if (cli_open_db(a.db, "invoice list", &st) < 0)
		return 1;
	struct svc s = cli_svc(st);
	char after[32] = "";
	for (;;) {
		struct svc_list_params p = { names, values, a.funder ? 1 : 0, after[0] ? after : NULL, 500 };
		json_t *page = NULL, *inv;
		size_t i;
		if (svc_invoice_list(&s, &p, &page, &err) < 0) {
			fail("list", &err);
			ret = exit_code(&err);
			goto done;
		}
		json_array_foreach(json_object_get(page, "items"), i, inv)
			print_line(inv);
		const char *next = json_string_value(json_object_get(page, "next"));
		snprintf(after, sizeof after, "%s", next ? next : "");
		json_decref(page);
		if (!after[0])
			break;
	}
	ret = 0;
done:
	store_close(st);
	return ret;
}

static int show(int argc, char **argv)
{
	struct args a = { 0 };
	struct store *st = NULL;
	struct svc_error err;
	json_t *inv = NULL;
	struct buf b;
	int64_t id;
	int ret = 1, lang = LANG_NL;

	buf_init(&b, 0);
	if (parse(argc, argv, "show", 1, &a) < 0)
		return 2;
	const char *format = a.format ? a.format : "json";
	if (strcmp(format, "json") != 0 && strcmp(format, "xml") != 0 && strcmp(format, "pdf") != 0) {
		fprintf(stderr, "kring invoice show: --format must be json, xml or pdf\n");
		return 2;
	}
	if (a.lang && (lang = i18n_from_code(a.lang)) < 0) {
		fprintf(stderr, "kring invoice show: --lang must be nl or en\n");
		return 2;
	}
	if (strcmp(format, "pdf") == 0 && !a.out && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "kring invoice show: a PDF is not for a terminal: give --out FILE or redirect the output\n");
		return 2;
	}
	if (cli_open_db(a.db, "invoice show", &st) < 0)
		return 1;
	struct svc s = cli_svc(st);
	if (svc_invoice_find(&s, a.number, &id, &err) < 0 || svc_invoice_get(&s, id, &inv, &err) < 0) {
		fail("show", &err);
		ret = exit_code(&err);
		goto done;
	}
	int rc;
	if (strcmp(format, "xml") == 0) {
		rc = invoice_ubl(inv, &b);
	} else if (strcmp(format, "pdf") == 0) {
		rc = invoice_pdf(inv, (enum lang)lang, &b);
	} else {
		char *text = json_dumps(inv, JSON_INDENT(2));
		rc = text && buf_adds(&b, text) == 0 && buf_addc(&b, '\n') == 0 ? 0 : -1;
		free(text);
	}
	if (rc < 0) {
		fprintf(stderr, "kring invoice show: the invoice could not be written as %s\n", format);
		goto done;
	}
	if (write_out("show", &b, a.out) < 0)
		goto done;
	ret = 0;
done:
	buf_release(&b);
	json_decref(inv);
	store_close(st);
	return ret;
}

static int credit(int argc, char **argv)
{
	struct args a = { 0 };
	struct store *st = NULL;
	struct svc_error err;
	json_t *in = NULL, *out = NULL;
	int64_t id;
	int ret = 1;

	if (parse(argc, argv, "credit", 1, &a) < 0)
		return 2;
	if (!a.reason) {
		fprintf(stderr, "kring invoice credit: give --reason TEXT (it is printed on the credit note)\n");
		return 2;
	}
	in = json_pack("{s:s}", "reason", a.reason);
	if (in && a.issued_on)
		json_object_set_new(in, "issued_on", json_string(a.issued_on));
	if (!in) {
		fprintf(stderr, "kring invoice credit: out of memory\n");
		return 1;
	}
	if (cli_open_db(a.db, "invoice credit", &st) < 0)
		goto done;
	struct svc s = cli_svc(st);
	if (svc_invoice_find(&s, a.number, &id, &err) < 0 || svc_invoice_credit(&s, id, in, &out, &err) < 0) {
		fail("credit", &err);
		ret = exit_code(&err);
		goto done;
	}
	print_line(out);
	ret = 0;
done:
	json_decref(in);
	json_decref(out);
	store_close(st);
	return ret;
}

int cmd_invoice(int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "create", create },
		{ "list", list },
		{ "show", show },
		{ "credit", credit },
	};
	return run_subcommand("invoice", subs, sizeof subs / sizeof subs[0], argc, argv);
}
