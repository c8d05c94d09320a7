#include "store/store.h"

#include <stdio.h>
#include <string.h>

static void set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Open the database a URL names. Only "sqlite:PATH" exists today. The URL
 * itself is never copied into err: a future postgres:// URL may carry a
 * password. "sqlite://..." is refused rather than guessed at, because tools
 * disagree on whether "sqlite:///x" means "/x" or "x".
 */
int store_open(const char *url, struct store **out, char *err, size_t errlen)
{
	int ret = -1;

	*out = NULL;
	if (!url || !*url) {
		set_err(err, errlen, "no database URL given (expected sqlite:PATH)");
		goto cleanup;
	}
	if (has_prefix(url, "postgres://") || has_prefix(url, "postgresql://")) {
		set_err(err, errlen, "postgres:// is not supported yet; use sqlite:PATH");
		goto cleanup;
	}
	if (has_prefix(url, "sqlite://")) {
		set_err(err, errlen, "write the database URL as sqlite:PATH, without //");
		goto cleanup;
	}
	if (!has_prefix(url, "sqlite:")) {
		set_err(err, errlen, "unsupported database URL scheme (expected sqlite:PATH)");
		goto cleanup;
	}
	const char *path = url + strlen("sqlite:");
	if (!*path) {
		set_err(err, errlen, "the database URL sqlite: names no file (expected sqlite:PATH)");
		goto cleanup;
	}
	ret = store_sqlite_open(path, out, err, errlen) == 0 ? 0 : -1;
cleanup:
	return ret;
}

/* Close a store from store_open (NULL is allowed); an open transaction is
 * rolled back by the backend. */
void store_close(struct store *st)
{
	if (st)
		st->ops->close(st);
}
