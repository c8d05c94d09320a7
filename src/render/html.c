#include "render/html.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_init(struct html *h, size_t limit)
{
	buf_init(&h->b, limit);
	h->failed = false;
}

void html_release(struct html *h)
{
	buf_release(&h->b);
}

const char *html_str(const struct html *h)
{
	return buf_str(&h->b);
}

size_t html_len(const struct html *h)
{
	return h->b.len;
}

char *html_take(struct html *h, size_t *len)
{
	char *p = h->b.data;
	*len = h->b.len;
	if (!p) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
	}
	h->b.data = NULL;
	h->b.len = h->b.cap = 0;
	return p;
}

static void put(struct html *h, const char *s, size_t len)
{
	if (!h->failed && buf_add(&h->b, s, len) < 0)
		h->failed = true;
}

void html_literal_(struct html *h, const char *s, size_t len)
{
	put(h, s, len);
}

/* the escaped form of one byte, or NULL when it stays as it is */
static const char *escape_of(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

void html_textn(struct html *h, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = escape_of(c);
		/* control characters other than tab and newline never reach a page */
		bool drop = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
		if (!esc && !drop)
			continue;
		put(h, s + start, i - start);
		if (esc)
			put(h, esc, strlen(esc));
		start = i + 1;
	}
	put(h, s + start, len - start);
}

void html_text(struct html *h, const char *s)
{
	if (s)
		html_textn(h, s, strlen(s));
}

void html_attr(struct html *h, const char *s)
{
	html_text(h, s);
}

void html_url(struct html *h, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			     c == '-' || c == '_' || c == '.' || c == '~';
		if (plain) {
			char ch = (char)c;
			put(h, &ch, 1);
		} else {
			char enc[3] = { '%', hex[c >> 4], hex[c & 15] };
			put(h, enc, 3);
		}
	}
}

void html_int(struct html *h, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%" PRId64, v);
	if (n > 0)
		put(h, num, (size_t)n);
}
