/* kring backup: an online, checked copy of a live SQLite database. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "store/sqlite_backup.h"
#include "util/config.h"

static int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * The file an sqlite:PATH URL names, or NULL with a message on stderr. The
 * URL is never echoed: a postgres:// URL may carry a password.
 */
static const char *sqlite_path(const char *url)
{
	if (has_prefix(url, "postgres://") || has_prefix(url, "postgresql://")) {
		fprintf(stderr, "kring backup: a PostgreSQL database is backed up with pg_dump "
				"or pg_basebackup, not kring backup (see docs/operations.md)\n");
		return NULL;
	}
	if (has_prefix(url, "sqlite://")) {
		fprintf(stderr, "kring backup: write the database URL as sqlite:PATH, without //\n");
		return NULL;
	}
	if (!has_prefix(url, "sqlite:") || !url[strlen("sqlite:")]) {
		fprintf(stderr, "kring backup: expected the database URL sqlite:PATH\n");
		return NULL;
	}
	return url + strlen("sqlite:");
}

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' }, { 0 } };
	const char *db = NULL;
	int c;

	optind = 1;
	opterr = 0; /* our own one-line messages instead of getopt's */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd') {
			db = optarg;
		} else {
			fprintf(stderr, "kring backup: unknown or incomplete option %s (see kring backup --help)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "kring backup: %s (usage: kring backup [--db sqlite:PATH] OUT)\n",
			optind >= argc ? "name the file to write" : "one output file only");
		return 2;
	}
	const char *out = argv[optind];
	const char *src = sqlite_path(config_value("db", db, DEFAULT_DB));
	if (!src)
		return 1;
	struct sqlite_backup_info info;
	char err[512];
	if (store_sqlite_backup(src, out, &info, err, sizeof err) < 0) {
		fprintf(stderr, "kring backup: %s\n", err);
		return 1;
	}
	if (info.schema_version < 0)
		printf("kring backup: %s copied to %s (%" PRId64 " bytes, integrity ok, "
		       "no kring schema)\n", src, out, info.bytes);
	else
		printf("kring backup: %s copied to %s (%" PRId64 " bytes, integrity ok, "
		       "schema version %d)\n", src, out, info.bytes, info.schema_version);
	return 0;
}
