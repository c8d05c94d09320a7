/* kring audit: check the access log's hash chain; list who viewed or changed
 * a person's file (NEN 7513). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/open_db.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/config.h"
#include "util/text.h"

#define PAGE 500

/* a value from the log on one line: control characters (a user name is
 * text from outside) are shown as '?', so that no entry can move the
 * terminal's cursor or forge a line of its own */
static void put_text(const char *s)
{
	if (!s || !*s) {
		fputc('-', stdout);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, stdout);
}

static void put_id(const json_t *v)
{
	if (json_is_integer(v))
		printf("%lld", (long long)json_integer_value(v));
	else
		fputc('-', stdout);
}

/* parse --db and the arguments after the subcommand; -1 after a message */
static int parse(int argc, char **argv, const char *sub, int nargs, const char **db)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' }, { 0 } };
	int c;

	optind = 1;
	opterr = 0; /* our own one-line messages instead of getopt's */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd') {
			*db = optarg;
		} else {
			fprintf(stderr, "kring audit %s: unknown or incomplete option %s (see kring audit --help)\n",
				sub, argv[optind - 1]);
			return -1;
		}
	}
	if (argc - optind != nargs) {
		fprintf(stderr, "kring audit %s: %s (see kring audit --help)\n", sub,
			nargs ? "name the request: kring audit person ID" : "unexpected argument");
		return -1;
	}
	return 0;
}

static int verify(int argc, char **argv)
{
	const char *db = NULL;
	struct store *st = NULL;
	struct audit_report rep;
	char err[512];
	int ret = 1;

	if (parse(argc, argv, "verify", 0, &db) < 0)
		return 2;
	if (cli_open_db(db, "audit verify", &st) < 0)
		return 1;
	if (audit_verify(st, &rep, err, sizeof err) < 0) {
		fprintf(stderr, "kring audit verify: %s\n", err);
		goto done;
	}
	switch (rep.state) {
	case AUDIT_INTACT:
		printf("kring audit: %lld entries, chain intact\n", (long long)rep.entries);
		if (rep.entries > 0)
			printf("kring audit: last entry %lld, hash %s\n", (long long)rep.last_id, rep.last_hash);
		ret = 0;
		break;
	case AUDIT_ALTERED:
		printf("kring audit: chain broken at entry %lld (event %s): its content was altered "
		       "(it does not match its hash)\n",
		       (long long)rep.bad_id, rep.bad_event_id);
		break;
	case AUDIT_UNLINKED:
		if (rep.prev_id)
			printf("kring audit: chain broken at entry %lld (event %s): it does not follow entry %lld "
			       "(an entry between them was removed, or this one was inserted by hand)\n",
			       (long long)rep.bad_id, rep.bad_event_id, (long long)rep.prev_id);
		else
			printf("kring audit: chain broken at entry %lld (event %s): it is the first entry but "
			       "does not start the chain (entries before it were removed, or it was inserted by hand)\n",
			       (long long)rep.bad_id, rep.bad_event_id);
		break;
	}
done:
	store_close(st);
	return ret;
}

static int person(int argc, char **argv)
{
	const char *db = NULL;
	struct store *st = NULL;
	int64_t request_id, after = 0, shown = 0;
	int ret = 1;

	if (parse(argc, argv, "person", 1, &db) < 0)
		return 2;
	if (parse_int64(argv[optind], 1, INT64_MAX, &request_id) < 0) {
		fprintf(stderr, "kring audit person: the request id must be a positive number\n");
		return 2;
	}
	if (cli_open_db(db, "audit person", &st) < 0)
		return 1;
	if (st->ops->begin(st, false) != STORE_OK) {
		fprintf(stderr, "kring audit person: cannot start reading: %s\n", store_last_error());
		goto done;
	}
	for (;;) {
		json_t *items = NULL;
		if (st->ops->audit_list(st, after, PAGE, request_id, &items) != STORE_OK) {
			fprintf(stderr, "kring audit person: reading the access log: %s\n", store_last_error());
			st->ops->rollback(st);
			goto done;
		}
		size_t i, n = json_array_size(items);
		json_t *e;
		json_array_foreach(items, i, e) {
			static const char *const text_columns[] = { "at", "user_name", "role", "action", "outcome",
								    "object_type" };
			for (size_t k = 0; k < sizeof text_columns / sizeof text_columns[0]; k++) {
				put_text(json_string_value(json_object_get(e, text_columns[k])));
				fputc('\t', stdout);
			}
			put_id(json_object_get(e, "object_id"));
			fputc('\t', stdout);
			put_text(json_string_value(json_object_get(e, "address")));
			fputc('\n', stdout);
			after = (int64_t)json_integer_value(json_object_get(e, "id"));
			shown++;
		}
		json_decref(items);
		if (n < PAGE)
			break;
	}
	st->ops->rollback(st); /* read only */
	if (!shown)
		fprintf(stderr, "kring audit person: no entries about request %lld\n", (long long)request_id);
	ret = 0;
done:
	store_close(st);
	return ret;
}

static const struct subcommand subcommands[] = {
	{ "verify", verify },
	{ "person", person },
};

int cmd_audit(int argc, char **argv)
{
	return run_subcommand("audit", subcommands, sizeof subcommands / sizeof subcommands[0], argc, argv);
}
