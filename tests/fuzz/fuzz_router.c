/*
 * Fuzz target for web/router.c: router_match on any method and path.
 *
 * Input: the method, then a NUL or newline, then the path (without a
 * separator the whole input is the method and the path is empty). The real
 * route table is linked, with the handlers it names, and nothing is called
 * through it.
 *
 * Besides "no crash, no UB", the contract of http.h is checked and a broken
 * one calls abort():
 *  - the answer is 0, 404 or 405;
 *  - 0: the route is a row of the table with this method, its {id}s were
 *    all collected, each id is 1 or more, and the pattern with the ids
 *    written in is the path itself (so no other spelling of a number, such
 *    as 007 or +7, reaches a handler); allow is empty;
 *  - 405: allow lists exactly the methods of the routes of this path, each
 *    once, and not this method;
 *  - 404: allow is empty;
 *  - which routes are "of this path" is decided again by a reference
 *    matcher: a pattern with the path's numeric segments written in for
 *    its {id}s is the path.
 * The same request is also matched with allow buffers too small for the
 * list, each exactly as large as router_match is told, so ASan catches a
 * write past one; a match stays the same match whatever the size.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz_router: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

/* the size of struct http_resp's allow, which the server passes */
#define ALLOW_SIZE sizeof(((struct http_resp *)0)->allow)

/*
 * pattern with ids written in for its {id}s, into out[size]; false when
 * the ids run out or the result does not fit (then it cannot be the path,
 * which fits the fuzzer's input)
 */
static bool fill(const char *pattern, const int64_t *ids, int nids, char *out, size_t size)
{
	size_t len = 0;
	int used = 0;
	for (const char *p = pattern; *p;) {
		if (strncmp(p, "{id}", 4) == 0) {
			if (used >= nids)
				return false;
			int w = snprintf(out + len, size - len, "%lld", (long long)ids[used++]);
			if (w < 0 || (size_t)w >= size - len)
				return false;
			len += (size_t)w;
			p += 4;
		} else {
			if (len + 1 >= size)
				return false;
			out[len++] = *p++;
		}
	}
	out[len] = '\0';
	return used == nids;
}

static int count_ids(const char *pattern)
{
	int n = 0;
	for (const char *p = strstr(pattern, "{id}"); p; p = strstr(p + 4, "{id}"))
		n++;
	return n;
}

/* method is one of the ", "-separated words of allow */
static bool listed(const char *allow, const char *method)
{
	size_t n = strlen(method);
	for (const char *p = allow; *p;) {
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, method, n) == 0)
			return true;
		p += len + (end ? 2 : 0);
	}
	return false;
}

/* the ids of a path: every run of digits, not starting with 0, that is a
 * whole segment */
static int path_ids(const char *path, int64_t *ids, int max)
{
	int n = 0;
	for (const char *s = path; *s && n < max; s++) {
		if (s[0] != '/' || s[1] < '1' || s[1] > '9')
			continue;
		char *end;
		long long v = strtoll(s + 1, &end, 10);
		if (*end == '/' || *end == '\0')
			ids[n++] = v;
	}
	return n;
}

/* the reference matcher: pattern, with the ids of the path (ids[n], from
 * path_ids) written in for its {id}s, is the path */
static bool fits(const char *pattern, const char *path, const int64_t *ids, int n)
{
	int want = count_ids(pattern);
	char again[160]; /* a pattern with two ids fits; a longer path cannot match */
	return want <= n && fill(pattern, ids, want, again, sizeof(again)) &&
	       strcmp(again, path) == 0;
}

static void check_match(const char *method, const char *path)
{
	/* the server's size first, then small ones that cannot hold the list */
	static const size_t sizes[] = { ALLOW_SIZE, 1, 4, 9 };
	int first = -1;
	const struct route *first_route = NULL;
	char allow_all[ALLOW_SIZE];

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t allowlen = sizes[k];
		char *allow = malloc(allowlen);
		CHECK(allow != NULL, "out of memory");
		memset(allow, 'x', allowlen);
		struct http_req req = { .method = method, .path = path, .nids = -1 };
		int rc = router_match(&req, allow, allowlen);
		CHECK(memchr(allow, '\0', allowlen) != NULL, "allow[%zu] is not terminated",
		      allowlen);
		CHECK(rc == 0 || rc == 404 || rc == 405, "router_match returned %d", rc);
		if (k == 0) {
			first = rc;
			first_route = req.route;
			memcpy(allow_all, allow, sizeof(allow_all));
		}
		/* a small allow buffer may lose the 405 (nothing fits in it),
		 * never a match */
		CHECK((rc == 0) == (first == 0) && req.route == first_route,
		      "allow[%zu] changes the answer: %d, not %d", allowlen, rc, first);

		if (rc == 0) {
			const struct route *r = req.route;
			CHECK(r >= routes && r < routes + nroutes, "the route is not in the table");
			CHECK(strcmp(r->method, method) == 0, "%s matched a %s route", method,
			      r->method);
			CHECK(req.nids == count_ids(r->pattern), "%d ids for %s", req.nids,
			      r->pattern);
			for (int i = 0; i < req.nids; i++)
				CHECK(req.ids[i] >= 1, "id %lld in %s", (long long)req.ids[i], path);
			char again[160]; /* a pattern with two ids fits; a longer path cannot match */
			CHECK(fill(r->pattern, req.ids, req.nids, again, sizeof(again)) &&
				      strcmp(again, path) == 0,
			      "%s matched %s but writes back as %s", path, r->pattern, again);
			CHECK(allow[0] == '\0', "allow \"%s\" on a match", allow);
		} else if (rc == 404 && k == 0) {
			/* (a buffer too small for one method may keep a cut
			 * one: the server's never is) */
			CHECK(allow[0] == '\0', "404 with allow \"%s\"", allow);
		}
		free(allow);
	}

	/* the answer agrees with the reference matcher over the whole table */
	int64_t ids[HTTP_MAX_IDS];
	int nids = path_ids(path, ids, HTTP_MAX_IDS);
	bool any = false;
	for (size_t i = 0; i < nroutes; i++) {
		if (!fits(routes[i].pattern, path, ids, nids))
			continue;
		any = true;
		CHECK(first == 0 || strcmp(routes[i].method, method) != 0,
		      "%d for %s %s, which is a route", first, method, routes[i].pattern);
		CHECK(first != 405 || listed(allow_all, routes[i].method),
		      "405 for %s without %s in allow \"%s\"", path, routes[i].method, allow_all);
	}
	CHECK((first == 404) == !any, "%d for %s, which %s a route", first, path,
	      any ? "is" : "is not");
	if (first == 405) {
		CHECK(allow_all[0] != '\0', "405 without allowed methods");
		CHECK(!listed(allow_all, method), "405 for %s, which allow lists: %s", method,
		      allow_all);
		/* and allow lists nothing else */
		for (const char *p = allow_all; *p;) {
			const char *end = strstr(p, ", ");
			size_t len = end ? (size_t)(end - p) : strlen(p);
			bool found = false;
			for (size_t i = 0; i < nroutes && !found; i++)
				found = strlen(routes[i].method) == len &&
					strncmp(routes[i].method, p, len) == 0 &&
					fits(routes[i].pattern, path, ids, nids);
			CHECK(found, "allow \"%s\" lists a method %s has not", allow_all, path);
			char word[ALLOW_SIZE];
			snprintf(word, sizeof(word), "%.*s", (int)len, p);
			CHECK(!listed(p + len, word), "allow \"%s\" lists %s twice", allow_all, word);
			p += len + (end ? 2 : 0);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* one buffer: method, NUL, path, NUL */
	char *buf = malloc(size + 2);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	buf[size + 1] = '\0';

	size_t cut = 0;
	while (cut < size && data[cut] != '\0' && data[cut] != '\n')
		cut++;
	buf[cut] = '\0';
	const char *method = buf;
	const char *path = cut < size ? buf + cut + 1 : buf + size + 1;

	check_match(method, path);
	free(buf);
	return 0;
}
