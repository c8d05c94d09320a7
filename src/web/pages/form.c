#include "web/pages/form.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* decode s[0..len) into out (NUL-terminated); -1 on a bad escape or NUL */
static int decode(const char *s, size_t len, char *out)
{
	size_t w = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '+') {
			out[w++] = ' ';
		} else if (c == '%') {
			int hi, lo;
			if (i + 2 >= len || (hi = hex_digit(s[i + 1])) < 0 || (lo = hex_digit(s[i + 2])) < 0)
				return -1;
			if (hi == 0 && lo == 0)
				return -1;
			out[w++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '\0') {
			return -1;
		} else {
			out[w++] = c;
		}
	}
	out[w] = '\0';
	return utf8_valid(out, w) ? 0 : -1;
}

int form_parse(struct form *f, const char *body, size_t len)
{
	memset(f, 0, sizeof *f);
	if (!body || len == 0)
		return 0;
	/* the decoded strings are never longer than the encoded ones */
	f->mem = malloc(len + FORM_MAX_FIELDS * 2 + 2);
	if (!f->mem)
		return -1;
	char *w = f->mem;
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		if (end > i) {
			const char *eq = memchr(body + i, '=', end - i);
			size_t nlen = eq ? (size_t)(eq - (body + i)) : end - i;
			if (f->n >= FORM_MAX_FIELDS)
				goto bad;
			f->names[f->n] = w;
			if (decode(body + i, nlen, w) < 0)
				goto bad;
			w += strlen(w) + 1;
			f->values[f->n] = w;
			if (decode(eq ? eq + 1 : body + end, eq ? (size_t)(body + end - eq - 1) : 0, w) < 0)
				goto bad;
			w += strlen(w) + 1;
			f->n++;
		}
		i = end + 1;
	}
	return 0;
bad:
	form_release(f);
	return -1;
}

void form_release(struct form *f)
{
	free(f->mem);
	memset(f, 0, sizeof *f);
}

const char *form_get(const struct form *f, const char *name)
{
	return form_get_nth(f, name, 0);
}

size_t form_count(const struct form *f, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->names[i], name) == 0)
			n++;
	return n;
}

const char *form_get_nth(const struct form *f, const char *name, size_t nth)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->names[i], name) == 0 && nth-- == 0)
			return f->values[i];
	return NULL;
}
