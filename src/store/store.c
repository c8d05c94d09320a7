/* Opening a store by URL, and what the backends share: fault logging, URL
 * redaction, the newest schema version. */
#include "store/store.h"
#include "store/backend.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"

static _Thread_local char last_error[512];
static bool quiet;

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

void store_log(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof last_error, fmt, ap);
	va_end(ap);
	/* one line, whatever a database library put into its message */
	for (char *p = last_error; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if (!quiet)
		fprintf(stderr, "kring store: %s\n", last_error);
}

const char *store_last_error(void)
{
	return last_error[0] ? last_error : "unknown database error";
}

void store_set_quiet(bool q)
{
	quiet = q;
}

int store_latest_version(void)
{
	int known = 0;
	for (size_t i = 0; i < store_nmigrations; i++)
		if (store_migrations[i].version > known)
			known = store_migrations[i].version;
	return known;
}

/* the user information's password, and the value of a password=
 * parameter, replaced by "***"; other URLs unchanged */
void store_url_redact(const char *url, char *out, size_t outlen)
{
	struct buf b;
	const char *scheme_end, *auth, *at = NULL, *colon = NULL, *p;

	if (!outlen)
		return;
	out[0] = '\0';
	if (!url)
		return;
	buf_init(&b, 0);
	scheme_end = strstr(url, "://");
	p = url;
	if (scheme_end) {
		auth = scheme_end + 3;
		/* the authority ends at the first '/', '?' or '#'; its last '@'
		 * ends the user information */
		size_t alen = strcspn(auth, "/?#");
		for (const char *q = auth; q < auth + alen; q++)
			if (*q == '@')
				at = q;
		colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon) {
			buf_printf(&b, "%.*s:***", (int)(colon - url), url);
			p = at;
		}
	}
	/* the query: password=... in any position */
	const char *query = strchr(p, '?');
	if (query) {
		buf_printf(&b, "%.*s", (int)(query - p), p);
		p = query;
		while (*p) {
			size_t n = strcspn(p + 1, "&#") + 1; /* one separator and its pair */
			if (strncmp(p + 1, "password=", 9) == 0)
				buf_printf(&b, "%c%s", *p, "password=***");
			else
				buf_printf(&b, "%.*s", (int)n, p);
			p += n;
			if (*p == '#')
				break;
		}
	}
	buf_adds(&b, p);
	snprintf(out, outlen, "%s", buf_str(&b) ? buf_str(&b) : "");
	buf_release(&b);
}

/*
 * Open the database a URL names. The URL itself is never copied into err:
 * a postgres:// URL may carry a password. "sqlite://..." is refused rather
 * than guessed at, because tools disagree on whether "sqlite:///x" means
 * "/x" or "x".
 */
int store_open(const char *url, struct store **out, char *err, size_t errlen)
{
	int ret = -1;

	*out = NULL;
	if (!url || !*url) {
		store_set_err(err, errlen, "%s", "no database URL given (expected sqlite:PATH or postgres://...)");
		goto cleanup;
	}
	if (has_prefix(url, "postgres://") || has_prefix(url, "postgresql://")) {
		ret = store_postgres_open(url, out, err, errlen) == 0 ? 0 : -1;
		goto cleanup;
	}
	if (has_prefix(url, "sqlite://")) {
		store_set_err(err, errlen, "%s", "write the database URL as sqlite:PATH, without //");
		goto cleanup;
	}
	if (!has_prefix(url, "sqlite:")) {
		store_set_err(err, errlen, "%s",
			"unsupported database URL scheme (expected sqlite:PATH or postgres://user:password@host:port/dbname)");
		goto cleanup;
	}
	const char *path = url + strlen("sqlite:");
	if (!*path) {
		store_set_err(err, errlen, "%s", "the database URL sqlite: names no file (expected sqlite:PATH)");
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
