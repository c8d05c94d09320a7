/* Unit tests for util/text.c: the checks on text from outside. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/text.h"

/* utf8_valid over a string literal, which may hold bytes of any value */
#define VALID(lit) utf8_valid((lit), sizeof(lit) - 1)

static void ascii_and_empty_text_are_valid_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(VALID("Eigen Kracht"));
	assert_true(VALID("tab\tand\nnewline"));
}

static void valid_multibyte_sequences_are_accepted(void **state)
{
	(void)state;
	assert_true(VALID("co\xc3\xb6rdinator"));       /* ö, 2 bytes */
	assert_true(VALID("\xe2\x82\xac 4.500"));      /* €, 3 bytes */
	assert_true(VALID("\xf0\x9f\x98\x80"));         /* U+1F600, 4 bytes */
	assert_true(VALID("\xf4\x8f\xbf\xbf"));         /* U+10FFFF, the last code point */
	assert_true(VALID("\xed\x9f\xbf"));             /* U+D7FF, just below the surrogates */
	assert_true(VALID("\xee\x80\x80"));             /* U+E000, just above them */
}

static void overlong_encodings_are_refused(void **state)
{
	(void)state;
	assert_false(VALID("\xc0\xaf"));         /* '/' in 2 bytes */
	assert_false(VALID("\xc1\xbf"));
	assert_false(VALID("\xe0\x80\xaf"));     /* '/' in 3 bytes */
	assert_false(VALID("\xe0\x9f\xbf"));     /* U+07FF in 3 bytes */
	assert_false(VALID("\xf0\x80\x80\xaf")); /* '/' in 4 bytes */
	assert_false(VALID("\xf0\x8f\xbf\xbf")); /* U+FFFF in 4 bytes */
}

static void surrogates_are_refused(void **state)
{
	(void)state;
	assert_false(VALID("\xed\xa0\x80")); /* U+D800 */
	assert_false(VALID("\xed\xbf\xbf")); /* U+DFFF */
	assert_false(VALID("\xed\xa0\xbd\xed\xb8\x80")); /* a CESU-8 pair */
}

static void truncated_sequences_are_refused(void **state)
{
	(void)state;
	assert_false(VALID("\xc3"));
	assert_false(VALID("ab\xe2\x82"));
	assert_false(VALID("\xf0\x9f\x98"));
	/* a sequence cut by len, even when the bytes follow in memory */
	assert_false(utf8_valid("\xc3\xb6", 1));
	/* a lead byte followed by a non-continuation byte */
	assert_false(VALID("\xc3" "a"));
	assert_false(VALID("\xe2\x82" "a"));
}

static void code_points_above_u10ffff_are_refused(void **state)
{
	(void)state;
	assert_false(VALID("\xf4\x90\x80\x80")); /* U+110000 */
	assert_false(VALID("\xf5\x80\x80\x80"));
	assert_false(VALID("\xf7\xbf\xbf\xbf"));
	assert_false(VALID("\xf8\x88\x80\x80\x80")); /* old 5-byte form */
	assert_false(VALID("\xfe"));
	assert_false(VALID("\xff"));
}

static void stray_continuation_bytes_are_refused(void **state)
{
	(void)state;
	assert_false(VALID("\x80"));
	assert_false(VALID("a\xbf" "b"));
}

static void length_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("abc", 3), 3);
	assert_int_equal(utf8_length("co\xc3\xb6rdinator", 12), 11);
	assert_int_equal(utf8_length("\xe2\x82\xac\xf0\x9f\x98\x80", 7), 2);
}

static void leap_days_follow_the_gregorian_rules(void **state)
{
	(void)state;
	assert_true(date_valid("2000-02-29"));  /* divisible by 400 */
	assert_false(date_valid("1900-02-29")); /* divisible by 100 only */
	assert_true(date_valid("2024-02-29"));  /* divisible by 4 */
	assert_false(date_valid("2023-02-29"));
	assert_false(date_valid("2100-02-29"));
	assert_true(date_valid("2024-02-28"));
}

static void dates_that_do_not_exist_are_refused(void **state)
{
	(void)state;
	assert_false(date_valid("2010-02-30"));
	assert_false(date_valid("2010-04-31"));
	assert_false(date_valid("2010-13-01"));
	assert_false(date_valid("2010-00-10"));
	assert_false(date_valid("2010-01-00"));
	assert_false(date_valid("2010-01-32"));
	assert_true(date_valid("2010-12-31"));
	assert_true(date_valid("2010-01-01"));
}

static void dates_outside_1900_to_2199_are_refused(void **state)
{
	(void)state;
	assert_true(date_valid("1900-01-01"));
	assert_true(date_valid("2199-12-31"));
	assert_false(date_valid("1899-12-31"));
	assert_false(date_valid("2200-01-01"));
	assert_false(date_valid("0000-01-01"));
}

static void badly_written_dates_are_refused(void **state)
{
	(void)state;
	assert_false(date_valid(NULL));
	assert_false(date_valid(""));
	assert_false(date_valid("2010-1-05"));
	assert_false(date_valid("2010-01-5"));
	assert_false(date_valid("10-01-05"));
	assert_false(date_valid("2010/01/05"));
	assert_false(date_valid("05-01-2010"));
	assert_false(date_valid("2010-01-05 "));
	assert_false(date_valid(" 2010-01-05"));
	assert_false(date_valid("2010-01-05T10:00:00Z"));
	assert_false(date_valid("2010-0a-05"));
	assert_false(date_valid("+010-01-05"));
	assert_false(date_valid("2010-+1-05"));
	assert_false(date_valid("2010--1-05"));
}

static void date_days_counts_from_1970(void **state)
{
	(void)state;
	assert_int_equal(date_days("1970-01-01"), 0);
	assert_int_equal(date_days("1970-01-02"), 1);
	assert_int_equal(date_days("1969-12-31"), -1);
	assert_int_equal(date_days("2000-01-01"), 10957);
	assert_int_equal(date_days("1900-01-01"), -25567);
}

static void date_from_days_is_the_inverse_of_date_days(void **state)
{
	(void)state;
	char out[11];
	date_from_days(0, out);
	assert_string_equal(out, "1970-01-01");
	date_from_days(date_days("2024-02-29") + 1, out);
	assert_string_equal(out, "2024-03-01");
	/* every day of two centuries, leap rules included */
	for (int64_t d = date_days("1900-01-01"); d <= date_days("2100-12-31"); d++) {
		date_from_days(d, out);
		assert_true(date_valid(out));
		assert_int_equal(date_days(out), d);
	}
}

static void date_days_differences_cross_months_and_leap_days(void **state)
{
	(void)state;
	assert_int_equal(date_days("2024-03-01") - date_days("2024-02-28"), 2);
	assert_int_equal(date_days("2023-03-01") - date_days("2023-02-28"), 1);
	assert_int_equal(date_days("2000-03-01") - date_days("2000-02-28"), 2);
	assert_int_equal(date_days("1900-03-01") - date_days("1900-02-28"), 1);
	assert_int_equal(date_days("2011-01-01") - date_days("2010-01-01"), 365);
	assert_int_equal(date_days("2025-01-01") - date_days("2024-01-01"), 366);
	assert_int_equal(date_days("2010-12-31") - date_days("2010-12-01"), 30);
}

static void dates_compare_in_time_order(void **state)
{
	(void)state;
	assert_int_equal(date_cmp("2010-01-01", "2010-01-01"), 0);
	assert_true(date_cmp("2010-01-01", "2010-01-02") < 0);
	assert_true(date_cmp("2011-01-01", "2010-12-31") > 0);
}

static void times_of_day_are_checked(void **state)
{
	(void)state;
	assert_true(time_valid("00:00"));
	assert_true(time_valid("09:30"));
	assert_true(time_valid("23:59"));
	assert_false(time_valid("24:00"));
	assert_false(time_valid("12:60"));
	assert_false(time_valid("9:30"));
	assert_false(time_valid("09:3"));
	assert_false(time_valid("09:30:00"));
	assert_false(time_valid("0930"));
	assert_false(time_valid("09.30"));
	assert_false(time_valid("ab:cd"));
	assert_false(time_valid(""));
	assert_false(time_valid(NULL));
}

static void whole_numbers_parse_within_bounds(void **state)
{
	(void)state;
	int64_t v = -7;
	assert_int_equal(parse_int64("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_int64("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_int64("-5", -10, 10, &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(parse_int64("10", 1, 10, &v), 0); /* bounds are inclusive */
	assert_int_equal(parse_int64("1", 1, 10, &v), 0);
}

static void numbers_outside_the_bounds_are_refused(void **state)
{
	(void)state;
	int64_t v = 99;
	assert_int_equal(parse_int64("11", 1, 10, &v), -1);
	assert_int_equal(parse_int64("0", 1, 10, &v), -1);
	assert_int_equal(parse_int64("-1", 0, 10, &v), -1);
	assert_int_equal(v, 99); /* untouched on failure */
}

static void the_int64_extremes_parse_and_overflow_is_refused(void **state)
{
	(void)state;
	int64_t v = 0;
	assert_int_equal(parse_int64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(parse_int64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(parse_int64("9223372036854775808", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(parse_int64("-9223372036854775809", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(parse_int64("99999999999999999999999", INT64_MIN, INT64_MAX, &v), -1);
}

static void text_that_is_not_a_plain_integer_is_refused(void **state)
{
	(void)state;
	int64_t v = 0;
	const char *bad[] = { NULL, "", "-", "+1", " 1", "1 ", "1x", "x1", "1.0", "1e3", "0x10",
			      "--1", "- 1", "１" /* fullwidth digit */ };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse_int64(bad[i], INT64_MIN, INT64_MAX, &v), -1);
}

static void leading_zeros_read_as_decimal(void **state)
{
	(void)state;
	int64_t v = 0;
	assert_int_equal(parse_int64("010", 0, 100, &v), 0);
	assert_int_equal(v, 10); /* not octal */
}

static void today_and_now_have_their_iso_shapes(void **state)
{
	(void)state;
	char d[11], t[21];
	date_today(d);
	time_now_iso(t);
	assert_true(date_valid(d));
	assert_int_equal(strlen(t), 20);
	assert_int_equal(t[10], 'T');
	assert_int_equal(t[19], 'Z');
	assert_memory_equal(d, t, 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ascii_and_empty_text_are_valid_utf8),
		cmocka_unit_test(valid_multibyte_sequences_are_accepted),
		cmocka_unit_test(overlong_encodings_are_refused),
		cmocka_unit_test(surrogates_are_refused),
		cmocka_unit_test(truncated_sequences_are_refused),
		cmocka_unit_test(code_points_above_u10ffff_are_refused),
		cmocka_unit_test(stray_continuation_bytes_are_refused),
		cmocka_unit_test(length_counts_code_points),
		cmocka_unit_test(leap_days_follow_the_gregorian_rules),
		cmocka_unit_test(dates_that_do_not_exist_are_refused),
		cmocka_unit_test(dates_outside_1900_to_2199_are_refused),
		cmocka_unit_test(badly_written_dates_are_refused),
		cmocka_unit_test(date_days_counts_from_1970),
		cmocka_unit_test(date_from_days_is_the_inverse_of_date_days),
		cmocka_unit_test(date_days_differences_cross_months_and_leap_days),
		cmocka_unit_test(dates_compare_in_time_order),
		cmocka_unit_test(times_of_day_are_checked),
		cmocka_unit_test(whole_numbers_parse_within_bounds),
		cmocka_unit_test(numbers_outside_the_bounds_are_refused),
		cmocka_unit_test(the_int64_extremes_parse_and_overflow_is_refused),
		cmocka_unit_test(text_that_is_not_a_plain_integer_is_refused),
		cmocka_unit_test(leading_zeros_read_as_decimal),
		cmocka_unit_test(today_and_now_have_their_iso_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
