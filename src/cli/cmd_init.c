/* kring init: create or upgrade the database. */
#include <getopt.h>
#include <stdio.h>

#include "cli/commands.h"
#include "store/store.h"
#include "util/config.h"

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' }, { 0 } };
	const char *db = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else
			return 2;
	}
	if (optind < argc) {
		fprintf(stderr, "kring init: unexpected argument %s\n", argv[optind]);
		return 2;
	}
	db = config_value("db", db, DEFAULT_DB);
	struct store *st = NULL;
	char err[512], shown[512];
	store_url_redact(db, shown, sizeof shown);
	if (store_open(db, &st, err, sizeof(err)) < 0) {
		fprintf(stderr, "kring init: %s\n", err);
		return 1;
	}
	/* the reason of a failure is printed here, as one line */
	store_set_quiet(true);
	int from = 0, to = 0;
	int rc = st->ops->migrate(st, &from, &to);
	store_close(st);
	if (rc != STORE_OK) {
		fprintf(stderr, "kring init: %s\n", store_last_error());
		return 1;
	}
	if (from == to)
		printf("kring init: %s is up to date (schema version %d)\n", shown, to);
	else
		printf("kring init: %s upgraded from schema version %d to %d\n", shown, from, to);
	return 0;
}
