#ifndef KRING_RENDER_I18N_H
#define KRING_RENDER_I18N_H
/*
 * The message catalogue and the Dutch and English ways of writing dates and
 * money. The texts come from the .po files under po/LANG/, embedded at build time
 * (scripts/embed-po.py): every key exists in every language, or the build
 * fails.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum lang { LANG_NL, LANG_EN, I18N_LANGS };

/* the generated catalogue: sorted keys, and per language the texts */
extern const size_t i18n_nkeys;
extern const char *const i18n_keys[];
extern const char *const *const i18n_texts[I18N_LANGS];

/* the text of key in lang; the key itself when the catalogue lacks it (a
 * unit test makes sure every key the code uses exists) */
const char *tr(enum lang l, const char *key);
/* the text of key, or NULL when the catalogue lacks it (optional texts:
 * hints, overrides) */
const char *tr_maybe(enum lang l, const char *key);
/* a key made of parts: tr of "a.b.c" from ("a", "b", "c"); NULL parts end it */
const char *tr3(enum lang l, const char *a, const char *b, const char *c);
const char *tr3_maybe(enum lang l, const char *a, const char *b, const char *c);

/* the text of key with {1} and {2} replaced by a1 and a2 (NULL: empty),
 * into out (cut short to fit) */
void tr_format(enum lang l, const char *key, const char *a1, const char *a2, char *out, size_t len);

/* "nl" / "en" */
const char *i18n_code(enum lang l);
/* LANG_NL or LANG_EN for "nl"/"en", -1 otherwise */
int i18n_from_code(const char *code);
/* the account's language when set, else the first of Accept-Language that
 * kring speaks, else Dutch */
enum lang i18n_negotiate(const char *account_language, const char *accept_language);

/* a date YYYY-MM-DD as people write it: 14-03-2010 (nl), 14/03/2010 (en);
 * the input itself when it is not a date */
void i18n_date(enum lang l, const char *iso, char out[32]);
/* a UTC timestamp YYYY-MM-DDTHH:MM:SSZ as 14-03-2010 13:45 UTC */
void i18n_timestamp(enum lang l, const char *iso, char out[40]);
/* a date as a person types it where no date picker exists: 2010-03-14,
 * 14-03-2010 or 14/03/2010, into YYYY-MM-DD; false when it is none */
bool i18n_parse_date(const char *text, char out[11]);
/* cents as money: € 1.900,00 (nl), €1,900.00 (en) */
void i18n_money(enum lang l, int64_t cents, char out[40]);
/* cents as the value of a form field: 1900,00 (nl), 1900.00 (en) */
void i18n_money_input(enum lang l, int64_t cents, char out[40]);
/*
 * Money as a person types it, into cents: "1900", "1.900", "1.900,00",
 * "€ 1.900,50", "1900.5", "1,900.50". A comma followed by one or two digits
 * at the end is the decimal sign; so is a point followed by one or two
 * digits at the end (in English, or when there is no other separator).
 * Returns 0, or -1 when the text is no amount.
 */
int i18n_parse_money(const char *text, int64_t *cents);

#endif
