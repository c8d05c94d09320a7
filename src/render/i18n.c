#include "render/i18n.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *tr_maybe(enum lang l, const char *key)
{
	if (!key || (unsigned)l >= I18N_LANGS)
		return NULL;
	const char *const *hit = bsearch(&key, i18n_keys, i18n_nkeys, sizeof(i18n_keys[0]), cmp_key);
	return hit ? i18n_texts[l][hit - i18n_keys] : NULL;
}

const char *tr(enum lang l, const char *key)
{
	const char *t = tr_maybe(l, key);
	return t ? t : key;
}

static const char *join3(char *buf, size_t len, const char *a, const char *b, const char *c)
{
	snprintf(buf, len, "%s%s%s%s%s", a ? a : "", b ? "." : "", b ? b : "", c ? "." : "", c ? c : "");
	return buf;
}

const char *tr3_maybe(enum lang l, const char *a, const char *b, const char *c)
{
	char key[192];
	return tr_maybe(l, join3(key, sizeof key, a, b, c));
}

const char *tr3(enum lang l, const char *a, const char *b, const char *c)
{
	const char *t = tr3_maybe(l, a, b, c);
	/* a missing key shows its last part rather than nothing */
	return t ? t : (c ? c : b ? b : a);
}

void tr_format(enum lang l, const char *key, const char *a1, const char *a2, char *out, size_t len)
{
	const char *s = tr(l, key);
	size_t used = 0;
	if (!len)
		return;
	out[0] = '\0';
	while (*s && used + 1 < len) {
		if (s[0] == '{' && (s[1] == '1' || s[1] == '2') && s[2] == '}') {
			const char *a = s[1] == '1' ? a1 : a2;
			int n = snprintf(out + used, len - used, "%s", a ? a : "");
			used += n < 0 ? 0 : ((size_t)n >= len - used ? len - used - 1 : (size_t)n);
			s += 3;
			continue;
		}
		out[used++] = *s++;
		out[used] = '\0';
	}
}

const char *i18n_code(enum lang l)
{
	return l == LANG_EN ? "en" : "nl";
}

int i18n_from_code(const char *code)
{
	if (!code)
		return -1;
	if (strcmp(code, "nl") == 0)
		return LANG_NL;
	if (strcmp(code, "en") == 0)
		return LANG_EN;
	return -1;
}

/* does the Accept-Language element seg carry the weight q=0? (RFC 9110:
 * spaces may surround the ';', and "q" may be written "Q") */
static bool refused_weight(const char *seg)
{
	for (const char *semi = strchr(seg, ';'); semi; semi = strchr(semi + 1, ';')) {
		const char *q = semi + 1;
		while (*q == ' ' || *q == '\t')
			q++;
		if ((*q == 'q' || *q == 'Q') && q[1] == '=')
			return strtod(q + 2, NULL) <= 0.0;
	}
	return false;
}

enum lang i18n_negotiate(const char *account_language, const char *accept)
{
	int l = i18n_from_code(account_language);
	if (l >= 0)
		return (enum lang)l;
	/* the first tag of Accept-Language whose primary language kring speaks
	 * and that is not refused with q=0 (browsers list tags from the most
	 * wanted down) */
	for (const char *p = accept; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *comma = strchr(p, ',');
		size_t seglen = comma ? (size_t)(comma - p) : strlen(p);
		char seg[64];
		if (seglen < sizeof seg) {
			memcpy(seg, p, seglen);
			seg[seglen] = '\0';
			bool refused = refused_weight(seg);
			char tag[3] = { (char)tolower((unsigned char)seg[0]),
					(char)(seg[0] ? tolower((unsigned char)seg[1]) : 0), 0 };
			bool primary = seglen >= 2 && isalpha((unsigned char)seg[0]) && isalpha((unsigned char)seg[1]) &&
				       (seg[2] == '\0' || seg[2] == '-' || seg[2] == ';' || seg[2] == ' ');
			l = primary ? i18n_from_code(tag) : -1;
			if (l >= 0 && !refused)
				return (enum lang)l;
		}
		p = comma;
	}
	return LANG_NL;
}

void i18n_date(enum lang l, const char *iso, char out[32])
{
	if (!iso || !date_valid(iso)) {
		snprintf(out, 32, "%s", iso ? iso : "");
		return;
	}
	/* YYYY-MM-DD -> DD-MM-YYYY or DD/MM/YYYY */
	char sep = l == LANG_EN ? '/' : '-';
	snprintf(out, 32, "%.2s%c%.2s%c%.4s", iso + 8, sep, iso + 5, sep, iso);
}

bool i18n_parse_date(const char *s, char out[11])
{
	if (!s)
		return false;
	if (strlen(s) == 10 && (s[2] == '-' || s[2] == '/') && s[5] == s[2])
		snprintf(out, 11, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
	else
		snprintf(out, 11, "%.10s", s);
	return strlen(s) == 10 && date_valid(out);
}

void i18n_timestamp(enum lang l, const char *iso, char out[40])
{
	char date[11], d[32];
	/* d holds at most 10 characters of a date */
	if (!iso || strlen(iso) < 16) {
		snprintf(out, 40, "%s", iso ? iso : "");
		return;
	}
	memcpy(date, iso, 10);
	date[10] = '\0';
	i18n_date(l, date, d);
	snprintf(out, 40, "%.10s %.5s UTC", d, iso + 11);
}

/* digits of v grouped by three with sep */
static void grouped(uint64_t v, char sep, char *out, size_t len)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%" PRIu64, v);
	size_t w = 0;
	for (int i = 0; i < n && w + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[w++] = sep;
		out[w++] = digits[i];
	}
	out[w] = '\0';
}

void i18n_money(enum lang l, int64_t cents, char out[40])
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	char whole[32];
	grouped(a / 100, l == LANG_EN ? ',' : '.', whole, sizeof whole);
	if (l == LANG_EN)
		snprintf(out, 40, "%s€%s.%02u", cents < 0 ? "-" : "", whole, (unsigned)(a % 100));
	else
		snprintf(out, 40, "€ %s%s,%02u", cents < 0 ? "-" : "", whole, (unsigned)(a % 100));
}

void i18n_money_input(enum lang l, int64_t cents, char out[40])
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(out, 40, "%s%" PRIu64 "%c%02u", cents < 0 ? "-" : "", a / 100, l == LANG_EN ? '.' : ',',
		 (unsigned)(a % 100));
}

int i18n_parse_money(const char *text, int64_t *cents)
{
	char s[64];
	size_t n = 0;
	if (!text)
		return -1;
	/* drop the euro sign, spaces (also no-break spaces) */
	for (const char *p = text; *p; p++) {
		if (*p == ' ' || *p == '\t')
			continue;
		if (strncmp(p, "€", strlen("€")) == 0) {
			p += strlen("€") - 1;
			continue;
		}
		if (strncmp(p, "\xc2\xa0", 2) == 0) {
			p++;
			continue;
		}
		if (n + 1 >= sizeof s)
			return -1;
		s[n++] = *p;
	}
	s[n] = '\0';
	if (n == 0)
		return -1;
	/* "1.900,-" or "1.900,--": whole euros, as Dutch prices are written */
	if (n >= 3 && strcmp(s + n - 3, ",--") == 0) {
		s[n - 2] = s[n - 1] = '0';
	} else if (n >= 2 && strcmp(s + n - 2, ",-") == 0) {
		if (n + 1 >= sizeof s)
			return -1;
		s[n - 1] = '0';
		s[n++] = '0';
		s[n] = '\0';
	}
	/* the decimal sign: the last ',' or '.' followed by 1 or 2 digits at the end */
	long frac = 0;
	size_t end = n;
	const char *lastsep = NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '.')
			lastsep = s + i;
	if (lastsep) {
		size_t after = (size_t)(s + n - lastsep - 1);
		bool digits = after >= 1 && after <= 2 && strspn(lastsep + 1, "0123456789") == after;
		if (digits) {
			frac = strtol(lastsep + 1, NULL, 10) * (after == 1 ? 10 : 1);
			end = (size_t)(lastsep - s);
		}
	}
	/* the whole part: digits, with thousands separators in groups of three */
	uint64_t whole = 0;
	size_t group = 0;
	bool seen_sep = false, any = false;
	char sep = 0;
	for (size_t i = 0; i < end; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (whole > (UINT64_C(1) << 50))
				return -1;
			whole = whole * 10 + (uint64_t)(c - '0');
			group++;
			any = true;
		} else if ((c == '.' || c == ',') && any && (!sep || sep == c) && (!seen_sep || group == 3)) {
			sep = c;
			seen_sep = true;
			group = 0;
		} else {
			return -1;
		}
	}
	if (!any || (seen_sep && group != 3))
		return -1;
	/* the decimal sign is not the sign that groups the thousands:
	 * "1.000.00" is a typing error, not a thousand euros */
	if (end < n && sep == s[end])
		return -1;
	*cents = (int64_t)whole * 100 + frac;
	return 0;
}
