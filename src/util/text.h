#ifndef KRING_UTIL_TEXT_H
#define KRING_UTIL_TEXT_H
/* Checks on text from outside: UTF-8, dates, times, integers. Pure functions. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* true when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates) */
bool utf8_valid(const char *s, size_t len);
/* number of code points in valid UTF-8 */
size_t utf8_length(const char *s, size_t len);
/* true for an ISO 8601 calendar date YYYY-MM-DD that exists (1900..2199) */
bool date_valid(const char *s);
/* days since 1970-01-01 of a valid date */
int64_t date_days(const char *s);
/* the date days after 1970-01-01 as YYYY-MM-DD into out[11]; for days that
 * date_days gives (years 1900..2199) */
void date_from_days(int64_t days, char out[11]);
/* compare two valid dates like strcmp */
int date_cmp(const char *a, const char *b);
/* true for a time of day HH:MM (00:00..23:59) */
bool time_valid(const char *s);
/* the value of a hexadecimal digit (0-9, a-f, A-F), or -1 */
int hex_digit(char c);
/* parse a whole decimal integer in [min,max]; 0 on success, -1 otherwise */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);
/* today's date (UTC) as YYYY-MM-DD into out[11] */
void date_today(char out[11]);
/* the current UTC time as YYYY-MM-DDTHH:MM:SSZ into out[21] */
void time_now_iso(char out[21]);
/* seconds since 1970-01-01T00:00:00Z as YYYY-MM-DDTHH:MM:SSZ into out[21] */
void time_iso(int64_t epoch, char out[21]);
/* parse YYYY-MM-DDTHH:MM:SSZ (exactly that form) into seconds since the
 * epoch; 0 on success, -1 otherwise */
int time_parse_iso(const char *s, int64_t *epoch);

#endif
