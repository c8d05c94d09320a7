#ifndef KRING_RENDER_HTML_H
#define KRING_RENDER_HTML_H
/*
 * The HTML writer. Every byte of a page goes through one of these:
 *
 *   html_lit   a string literal of the page's own markup (never data)
 *   html_text  text content: & < > " ' escaped
 *   html_attr  an attribute value (inside double quotes): the same escapes
 *   html_url   one component of a URL (a path segment or a query value):
 *              percent-encoded, then attribute-escaped
 *   html_int   an integer
 *
 * html_lit is a macro that accepts only string literals, so that data can
 * never reach the page unescaped by mistake. A failed append (out of memory,
 * or the page's size cap) marks the buffer; html_failed tells.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct html {
	struct buf b;
	bool failed;
};

void html_init(struct html *h, size_t limit);
void html_release(struct html *h);
/* the page so far (NUL-terminated) and its length */
const char *html_str(const struct html *h);
size_t html_len(const struct html *h);
/* hand the page's bytes to the caller (free()), leaving h empty */
char *html_take(struct html *h, size_t *len);

/* the page's own markup: literals only ("" "x" concatenation works) */
#define html_lit(h, s) html_literal_((h), "" s "", sizeof(s) - 1)
void html_literal_(struct html *h, const char *s, size_t len);

void html_text(struct html *h, const char *s);
void html_textn(struct html *h, const char *s, size_t len);
void html_attr(struct html *h, const char *s);
void html_url(struct html *h, const char *s);
void html_int(struct html *h, int64_t v);

/* ` name="value"` with the value attribute-escaped; name is a literal */
#define html_attr_kv(h, name, value) \
	do { html_lit((h), " " name "=\""); html_attr((h), (value)); html_lit((h), "\""); } while (0)

#endif
