/* kring migrate-db: move a service's database to another store (SQLite to
 * PostgreSQL), verified table by table. */
#include <getopt.h>
#include <stdio.h>

#include "cli/commands.h"
#include "store/copy.h"
#include "store/store.h"

int cmd_migrate_db(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ 0 },
	};
	const char *from = NULL, *to = NULL;
	struct store *src = NULL, *dst = NULL;
	static struct copy_report rep;
	char err[1024], shown_from[512], shown_to[512];
	int c, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f')
			from = optarg;
		else if (c == 't')
			to = optarg;
		else
			return 2;
	}
	if (optind < argc) {
		fprintf(stderr, "kring migrate-db: unexpected argument %s\n", argv[optind]);
		return 2;
	}
	if (!from || !to) {
		fprintf(stderr, "kring migrate-db: both --from URL and --to URL are needed\n");
		return 2;
	}
	store_url_redact(from, shown_from, sizeof shown_from);
	store_url_redact(to, shown_to, sizeof shown_to);
	/* reasons are printed here, one line each */
	store_set_quiet(true);
	if (store_open(from, &src, err, sizeof err) < 0) {
		fprintf(stderr, "kring migrate-db: the source: %s\n", err);
		goto done;
	}
	if (store_open(to, &dst, err, sizeof err) < 0) {
		fprintf(stderr, "kring migrate-db: the target: %s\n", err);
		goto done;
	}
	/* an empty target gets the schema first; one at another version is
	 * refused by store_copy */
	int v = 0, a = 0, b = 0;
	if (dst->ops->schema_version(dst, &v) != STORE_OK) {
		fprintf(stderr, "kring migrate-db: the target: %s\n", store_last_error());
		goto done;
	}
	if (v == 0 && dst->ops->migrate(dst, &a, &b) != STORE_OK) {
		fprintf(stderr, "kring migrate-db: creating the schema in the target: %s\n", store_last_error());
		goto done;
	}
	if (store_copy(src, dst, &rep, err, sizeof err) < 0) {
		fprintf(stderr, "kring migrate-db: %s\n", err);
		goto done;
	}
	printf("kring migrate-db: %s -> %s\n", shown_from, shown_to);
	printf("%-20s %10s  %s\n", "table", "rows", "sha256 (source = target)");
	for (size_t i = 0; i < rep.ntables; i++)
		printf("%-20s %10lld  %s\n", rep.tables[i].name, (long long)rep.tables[i].rows,
		       rep.tables[i].sha256);
	printf("kring migrate-db: %zu tables copied and verified\n", rep.ntables);
	ret = 0;
done:
	store_close(src);
	store_close(dst);
	return ret;
}
