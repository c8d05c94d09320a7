/*
 * Fuzz target for util/text.c: the checks every string from outside passes.
 *
 * The input is used twice: as raw bytes (which may hold NUL) for utf8_valid
 * and utf8_length, and as a NUL-terminated copy (cut at the first NUL, as a
 * C string from a query string or JSON would be) for date_valid,
 * time_valid and parse_int64. Each answer is compared with a reference
 * written here from the specification, not from text.c:
 *  - UTF-8: the well-formed byte sequences of Unicode table 3-7;
 *  - dates: glibc's timegm/gmtime_r calendar, and date_days/date_from_days
 *    as each other's inverse, one day apart per day;
 *  - times: HH:MM, 00:00 to 23:59;
 *  - integers: an optional '-' and digits only, in range; the value printed
 *    again is the text without leading zeros (and without the '-' of -0).
 * A disagreement calls abort().
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz_text: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

/* ---- UTF-8 -------------------------------------------------------------- */

/* bytes that may follow lead byte c as the second byte (table 3-7) */
static bool second_ok(uint8_t c, uint8_t b)
{
	switch (c) {
	case 0xE0: return b >= 0xA0 && b <= 0xBF;
	case 0xED: return b >= 0x80 && b <= 0x9F;
	case 0xF0: return b >= 0x90 && b <= 0xBF;
	case 0xF4: return b >= 0x80 && b <= 0x8F;
	default: return b >= 0x80 && b <= 0xBF;
	}
}

/* well-formed UTF-8? *count gets the number of code points */
static bool ref_utf8(const uint8_t *s, size_t len, size_t *count)
{
	size_t i = 0, n = 0;
	while (i < len) {
		uint8_t c = s[i];
		size_t need;
		if (c <= 0x7F)
			need = 0;
		else if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3;
		else
			return false;
		if (len - i - 1 < need)
			return false;
		if (need && !second_ok(c, s[i + 1]))
			return false;
		for (size_t k = 2; k <= need; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += need + 1;
		n++;
	}
	*count = n;
	return true;
}

static void check_utf8(const uint8_t *data, size_t size)
{
	size_t count = 0;
	bool want = ref_utf8(data, size, &count);
	bool got = utf8_valid((const char *)data, size);
	CHECK(got == want, "utf8_valid says %d, table 3-7 says %d", got, want);
	size_t len = utf8_length((const char *)data, size);
	CHECK(len <= size, "utf8_length %zu of %zu bytes", len, size);
	if (want)
		CHECK(len == count, "utf8_length %zu, %zu code points", len, count);
}

/* ---- dates and times ---------------------------------------------------- */

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int number(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
 * The reference date check: the shape, years 1900..2199, and a day that
 * glibc's calendar keeps as it is (31 April becomes 1 May, so it does not
 * exist). *days gets the days since 1970-01-01 from timegm.
 */
static bool ref_date(const char *s, int64_t *days)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
	    !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
		return false;
	int y = number(s, 4), m = number(s + 5, 2), d = number(s + 8, 2);
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };
	time_t t = timegm(&tm);
	struct tm back;
	CHECK(gmtime_r(&t, &back) != NULL, "gmtime_r failed for %s", s);
	if (back.tm_year != y - 1900 || back.tm_mon != m - 1 || back.tm_mday != d)
		return false;
	*days = ((int64_t)t - 12 * 3600) / 86400;
	return true;
}

static int sign(int64_t v)
{
	return (v > 0) - (v < 0);
}

static void check_date(const char *s)
{
	int64_t want_days = 0;
	bool want = ref_date(s, &want_days);
	bool got = date_valid(s);
	CHECK(got == want, "date_valid(\"%s\") says %d, the calendar says %d", s, got, want);
	if (!got)
		return;

	int64_t days = date_days(s);
	CHECK(days == want_days, "date_days(\"%s\") = %lld, timegm says %lld", s, (long long)days,
	      (long long)want_days);
	char back[11];
	date_from_days(days, back);
	CHECK(strcmp(back, s) == 0, "date_from_days(date_days(\"%s\")) = \"%s\"", s, back);

	/* the next day: valid (but after 2199-12-31), later, one day on */
	char next[11];
	date_from_days(days + 1, next);
	if (strcmp(s, "2199-12-31") != 0) {
		CHECK(date_valid(next), "the day after %s is \"%s\"", s, next);
		CHECK(date_days(next) == days + 1, "%s comes %lld days after %s", next,
		      (long long)(date_days(next) - days), s);
		CHECK(date_cmp(s, next) < 0, "date_cmp puts %s after %s", s, next);
	}

	/* date_cmp orders as the days do */
	static const char ref[] = "2000-02-29";
	CHECK(sign(date_cmp(s, ref)) == sign(days - date_days(ref)),
	      "date_cmp(%s, %s) disagrees with date_days", s, ref);
}

/* a day number in 1900..2199 taken from the input: back and forth */
static void check_days(const uint8_t *data, size_t size)
{
	uint32_t u = 0;
	for (size_t i = 0; i < size && i < 4; i++)
		u = u << 8 | data[i];
	int64_t lo = date_days("1900-01-01"), hi = date_days("2199-12-31");
	int64_t days = lo + (int64_t)(u % (uint32_t)(hi - lo + 1));
	char s[11];
	date_from_days(days, s);
	CHECK(date_valid(s), "date_from_days(%lld) = \"%s\"", (long long)days, s);
	CHECK(date_days(s) == days, "date_days(date_from_days(%lld)) = %lld", (long long)days,
	      (long long)date_days(s));
}

static void check_time(const char *s)
{
	bool want = strlen(s) == 5 && s[2] == ':' && all_digits(s, 2) && all_digits(s + 3, 2) &&
		    number(s, 2) <= 23 && number(s + 3, 2) <= 59;
	bool got = time_valid(s);
	CHECK(got == want, "time_valid(\"%s\") says %d, want %d", s, got, want);
}

/* ---- integers ----------------------------------------------------------- */

static void check_int(const char *s)
{
	/* the reference: -?[0-9]+ whose value fits in int64_t */
	bool neg = s[0] == '-';
	const char *digits = s + neg;
	size_t n = strlen(digits);
	bool shape = n > 0 && all_digits(digits, n);
	const char *z = digits;
	while (shape && z[0] == '0' && z[1])
		z++;
	size_t zn = shape ? strlen(z) : 0;
	const char *limit = neg ? "9223372036854775808" : "9223372036854775807";
	bool fits = shape && (zn < 19 || (zn == 19 && strcmp(z, limit) <= 0));

	const int64_t untouched = 0x5a5a5a5a5a5a5a5a;
	int64_t v = untouched;
	int rc = parse_int64(s, INT64_MIN, INT64_MAX, &v);
	CHECK(rc == 0 || rc == -1, "parse_int64 returned %d", rc);
	CHECK((rc == 0) == fits, "parse_int64(\"%s\") = %d, want %s", s, rc,
	      fits ? "a number" : "a refusal");
	if (rc < 0) {
		CHECK(v == untouched, "parse_int64(\"%s\") refused but wrote %lld", s, (long long)v);
	} else {
		/* printed again: the digits without leading zeros, and the '-'
		 * unless the value is 0 */
		char want[32], got[32];
		bool zero = strcmp(z, "0") == 0;
		snprintf(want, sizeof(want), "%s%s", neg && !zero ? "-" : "", z);
		snprintf(got, sizeof(got), "%lld", (long long)v);
		CHECK(strcmp(want, got) == 0, "parse_int64(\"%s\") = %s, want %s", s, got, want);
		CHECK((v < 0) == (neg && !zero), "parse_int64(\"%s\") has the wrong sign", s);
	}

	/* the ranges kring asks for: ids (router) and versions (If-Match) */
	static const int64_t ranges[][2] = { { 1, INT64_MAX }, { 0, INT64_MAX }, { 1, 500 },
					     { INT64_MIN, -1 } };
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		int64_t w = untouched;
		int r = parse_int64(s, ranges[i][0], ranges[i][1], &w);
		bool in = rc == 0 && v >= ranges[i][0] && v <= ranges[i][1];
		CHECK((r == 0) == in, "parse_int64(\"%s\", %lld, %lld) = %d", s,
		      (long long)ranges[i][0], (long long)ranges[i][1], r);
		CHECK(r == 0 ? w == v : w == untouched, "parse_int64(\"%s\") in range %zu wrote %lld",
		      s, i, (long long)w);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_utf8(data, size);
	check_days(data, size);

	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_date(s);
	check_time(s);
	check_int(s);
	free(s);
	return 0;
}
