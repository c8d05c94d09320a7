/* Opening an existing database at this kring's schema version. */
#include "cli/open_db.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "util/config.h"

int cli_open_db(const char *flag, const char *what, struct store **st)
{
	const char *url = config_value("db", flag, DEFAULT_DB);
	char err[512];
	int version = 0, latest = store_latest_version();

	*st = NULL;
	store_set_quiet(true);
	if (strncmp(url, "sqlite:", 7) == 0 && url[7] && strcmp(url + 7, ":memory:") != 0 &&
	    access(url + 7, F_OK) != 0) {
		fprintf(stderr, "kring %s: no database %s\n", what, url + 7);
		return -1;
	}
	if (store_open(url, st, err, sizeof err) < 0) {
		fprintf(stderr, "kring %s: %s\n", what, err);
		return -1;
	}
	if ((*st)->ops->schema_version(*st, &version) != STORE_OK) {
		fprintf(stderr, "kring %s: %s\n", what, store_last_error());
		goto fail;
	}
	if (version != latest) {
		fprintf(stderr, "kring %s: the database is at schema version %d and this kring needs %d: %s\n", what,
			version, latest, version < latest ? "run kring init on it first" : "upgrade kring");
		goto fail;
	}
	return 0;
fail:
	store_close(*st);
	*st = NULL;
	return -1;
}
