/*
 * Unit tests for the render layer (render/html.c, render/i18n.c) and the
 * posted-form parser of the pages (web/pages/form.c, compiled into this
 * test): escaping, Dutch and English dates and money, reading money as
 * people type it, choosing the language, and decoding forms.
 *
 * html_lit takes only string literals: html_lit(h, s) expands to
 * html_literal_(h, "" s "", sizeof(s) - 1), so a variable (const char *s)
 * does not compile ("expected ')' before 's'"): data cannot reach a page
 * unescaped through it. That is a property of the compiler, not of a run,
 * so it is documented here rather than tested; every_byte_of_a_literal_
 * reaches_the_page shows what a literal does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render/html.h"
#include "render/i18n.h"
#include "web/pages/form.h"

/* ---- html ------------------------------------------------------------ */

/* what fn makes of s, compared with want */
#define ASSERT_HTML(fn, s, want) \
	do { \
		struct html h_; \
		html_init(&h_, 0); \
		fn(&h_, (s)); \
		assert_false(h_.failed); \
		assert_string_equal(html_str(&h_), (want)); \
		html_release(&h_); \
	} while (0)

static void text_escapes_markup_characters(void **state)
{
	(void)state;
	ASSERT_HTML(html_text, "Fam. de Vries", "Fam. de Vries");
	ASSERT_HTML(html_text, "<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	ASSERT_HTML(html_text, "A & B \"C\" 'D'", "A &amp; B &quot;C&quot; &#39;D&#39;");
	ASSERT_HTML(html_text, "&amp;", "&amp;amp;");
	ASSERT_HTML(html_text, "co\xc3\xb6rdinator \xe2\x82\xac", "co\xc3\xb6rdinator \xe2\x82\xac");
	ASSERT_HTML(html_text, "", "");
	ASSERT_HTML(html_text, NULL, "");
}

static void text_drops_control_characters(void **state)
{
	(void)state;
	ASSERT_HTML(html_text, "a\x01" "b\x08" "c\x1b[31md\x1f", "abc[31md");
	/* tab and line breaks stay: they are text */
	ASSERT_HTML(html_text, "regel 1\nregel 2\r\n\tdrie", "regel 1\nregel 2\r\n\tdrie");
}

static void textn_stops_at_its_length(void **state)
{
	(void)state;
	struct html h;
	html_init(&h, 0);
	html_textn(&h, "<ab>cd", 3);
	assert_string_equal(html_str(&h), "&lt;ab");
	html_release(&h);
}

static void attr_escapes_quotes_and_markup(void **state)
{
	(void)state;
	ASSERT_HTML(html_attr, "\" onmouseover=\"alert(1)", "&quot; onmouseover=&quot;alert(1)");
	ASSERT_HTML(html_attr, "' autofocus x='", "&#39; autofocus x=&#39;");
	ASSERT_HTML(html_attr, "<>&", "&lt;&gt;&amp;");
	ASSERT_HTML(html_attr, "a\x02" "b", "ab");

	struct html h;
	html_init(&h, 0);
	html_attr_kv(&h, "value", "\"x\" & <y>");
	assert_string_equal(html_str(&h), " value=\"&quot;x&quot; &amp; &lt;y&gt;\"");
	html_release(&h);
}

static void url_percent_encodes_everything_but_unreserved(void **state)
{
	(void)state;
	ASSERT_HTML(html_url, "abc-XYZ_0.9~", "abc-XYZ_0.9~");
	ASSERT_HTML(html_url, "a b&c=d/e?f#g", "a%20b%26c%3Dd%2Fe%3Ff%23g");
	ASSERT_HTML(html_url, "\"><script>", "%22%3E%3Cscript%3E");
	ASSERT_HTML(html_url, "'+%", "%27%2B%25");
	ASSERT_HTML(html_url, "co\xc3\xb6rdinator", "co%C3%B6rdinator");
	ASSERT_HTML(html_url, "\n", "%0A");
	ASSERT_HTML(html_url, NULL, "");
}

static void every_byte_of_a_literal_reaches_the_page(void **state)
{
	(void)state;
	struct html h;
	html_init(&h, 0);
	html_lit(&h, "<p class=\"a\">");
	html_lit(&h, "x" "y");
	html_int(&h, -42);
	html_int(&h, INT64_MAX);
	html_lit(&h, "</p>");
	assert_string_equal(html_str(&h), "<p class=\"a\">xy-429223372036854775807</p>");
	assert_int_equal(html_len(&h), strlen(html_str(&h)));
	size_t len = 0;
	char *page = html_take(&h, &len);
	assert_int_equal(len, strlen(page));
	assert_int_equal(html_len(&h), 0);
	free(page);
	html_release(&h);
}

static void a_page_over_its_limit_is_marked_failed(void **state)
{
	(void)state;
	struct html h;
	html_init(&h, 8);
	html_lit(&h, "12345");
	assert_false(h.failed);
	html_text(&h, "<<");
	assert_true(h.failed);
	/* nothing more is added once it failed */
	size_t len = html_len(&h);
	html_lit(&h, "x");
	assert_int_equal(html_len(&h), len);
	html_release(&h);
}

/* ---- dates and money ------------------------------------------------- */

static void a_typed_date_is_read_day_first_or_as_iso(void **state)
{
	(void)state;
	char out[11];
	assert_true(i18n_parse_date("14-03-2010", out));
	assert_string_equal(out, "2010-03-14");
	assert_true(i18n_parse_date("14/03/2010", out));
	assert_string_equal(out, "2010-03-14");
	assert_true(i18n_parse_date("2010-03-14", out));
	assert_string_equal(out, "2010-03-14");
	assert_false(i18n_parse_date("30-02-2010", out));
	assert_false(i18n_parse_date("14-03/2010", out));
	assert_false(i18n_parse_date("1-3-2010", out));
	assert_false(i18n_parse_date("", out));
	assert_false(i18n_parse_date(NULL, out));
}

static void a_text_gets_its_arguments_in_place(void **state)
{
	(void)state;
	char out[64];
	/* "{1} in all" / "{1} in totaal" */
	tr_format(LANG_EN, "common.total", "12", NULL, out, sizeof out);
	assert_string_equal(out, "12 in all");
	tr_format(LANG_NL, "common.total", "12", NULL, out, sizeof out);
	assert_string_equal(out, "12 in totaal");
	/* a missing argument is empty; a short buffer cuts the text short */
	tr_format(LANG_EN, "common.total", NULL, NULL, out, sizeof out);
	assert_string_equal(out, " in all");
	char small[5];
	tr_format(LANG_EN, "common.total", "123456", NULL, small, sizeof small);
	assert_string_equal(small, "1234");
	/* a key the catalogue lacks is shown as itself */
	tr_format(LANG_EN, "no.such.key", "x", NULL, out, sizeof out);
	assert_string_equal(out, "no.such.key");
}

static void dates_are_written_day_first(void **state)
{
	(void)state;
	char out[32];
	i18n_date(LANG_NL, "2010-03-14", out);
	assert_string_equal(out, "14-03-2010");
	i18n_date(LANG_EN, "2010-03-14", out);
	assert_string_equal(out, "14/03/2010");
	i18n_date(LANG_NL, "2024-02-29", out);
	assert_string_equal(out, "29-02-2024");
}

static void what_is_no_date_passes_through(void **state)
{
	(void)state;
	char out[32];
	i18n_date(LANG_NL, "2010-02-30", out);
	assert_string_equal(out, "2010-02-30");
	i18n_date(LANG_NL, "14-03-2010", out);
	assert_string_equal(out, "14-03-2010");
	i18n_date(LANG_EN, "gisteren", out);
	assert_string_equal(out, "gisteren");
	i18n_date(LANG_EN, "", out);
	assert_string_equal(out, "");
	i18n_date(LANG_NL, NULL, out);
	assert_string_equal(out, "");
	/* an overlong text is cut to the buffer, never past it */
	i18n_date(LANG_NL, "0123456789012345678901234567890123456789", out);
	assert_int_equal(strlen(out), 31);
}

static void timestamps_are_written_in_utc(void **state)
{
	(void)state;
	char out[40];
	i18n_timestamp(LANG_NL, "2010-03-14T13:45:07Z", out);
	assert_string_equal(out, "14-03-2010 13:45 UTC");
	i18n_timestamp(LANG_EN, "2010-03-14T13:45:07Z", out);
	assert_string_equal(out, "14/03/2010 13:45 UTC");
	i18n_timestamp(LANG_EN, "kort", out);
	assert_string_equal(out, "kort");
}

#define ASSERT_MONEY(l, cents, want) \
	do { \
		char m_[40]; \
		i18n_money((l), (cents), m_); \
		assert_string_equal(m_, (want)); \
	} while (0)

static void money_is_written_the_dutch_and_the_english_way(void **state)
{
	(void)state;
	ASSERT_MONEY(LANG_NL, 190000, "\xe2\x82\xac 1.900,00");
	ASSERT_MONEY(LANG_EN, 190000, "\xe2\x82\xac" "1,900.00");
	ASSERT_MONEY(LANG_NL, 0, "\xe2\x82\xac 0,00");
	ASSERT_MONEY(LANG_EN, 0, "\xe2\x82\xac" "0.00");
	ASSERT_MONEY(LANG_NL, 5, "\xe2\x82\xac 0,05");
	ASSERT_MONEY(LANG_NL, 99999, "\xe2\x82\xac 999,99");
	ASSERT_MONEY(LANG_NL, 100000, "\xe2\x82\xac 1.000,00");
	ASSERT_MONEY(LANG_NL, 123456789, "\xe2\x82\xac 1.234.567,89");
	ASSERT_MONEY(LANG_EN, 123456789, "\xe2\x82\xac" "1,234,567.89");
	ASSERT_MONEY(LANG_NL, 450000, "\xe2\x82\xac 4.500,00");
}

static void negative_money_keeps_its_sign(void **state)
{
	(void)state;
	ASSERT_MONEY(LANG_NL, -190050, "\xe2\x82\xac -1.900,50");
	ASSERT_MONEY(LANG_EN, -190050, "-\xe2\x82\xac" "1,900.50");
	ASSERT_MONEY(LANG_NL, -1, "\xe2\x82\xac -0,01");
	/* the smallest int64 has no positive counterpart: still written right */
	ASSERT_MONEY(LANG_NL, INT64_MIN, "\xe2\x82\xac -92.233.720.368.547.758,08");
}

static void money_for_a_form_field_has_no_grouping(void **state)
{
	(void)state;
	char out[40];
	i18n_money_input(LANG_NL, 190000, out);
	assert_string_equal(out, "1900,00");
	i18n_money_input(LANG_EN, 190005, out);
	assert_string_equal(out, "1900.05");
	i18n_money_input(LANG_NL, -50, out);
	assert_string_equal(out, "-0,50");
	/* what the form shows, the parser reads back */
	int64_t c = 0;
	i18n_money_input(LANG_NL, 123456789, out);
	assert_int_equal(i18n_parse_money(out, &c), 0);
	assert_int_equal(c, 123456789);
	i18n_money_input(LANG_EN, 123456789, out);
	assert_int_equal(i18n_parse_money(out, &c), 0);
	assert_int_equal(c, 123456789);
	i18n_money(LANG_NL, 123456789, out);
	assert_int_equal(i18n_parse_money(out, &c), 0);
	assert_int_equal(c, 123456789);
	i18n_money(LANG_EN, 123456789, out);
	assert_int_equal(i18n_parse_money(out, &c), 0);
	assert_int_equal(c, 123456789);
}

#define ASSERT_PARSES(text, want) \
	do { \
		int64_t c_ = -1; \
		assert_int_equal(i18n_parse_money((text), &c_), 0); \
		assert_int_equal(c_, (want)); \
	} while (0)
#define ASSERT_REFUSED(text) \
	do { \
		int64_t c_ = 777; \
		assert_int_equal(i18n_parse_money((text), &c_), -1); \
		assert_int_equal(c_, 777); \
	} while (0)

static void money_is_read_as_people_type_it(void **state)
{
	(void)state;
	ASSERT_PARSES("1900", 190000);
	ASSERT_PARSES("1.900", 190000);
	ASSERT_PARSES("1.900,00", 190000);
	ASSERT_PARSES("\xe2\x82\xac 1.900,50", 190050);
	ASSERT_PARSES("\xe2\x82\xac" "1,900.50", 190050);
	ASSERT_PARSES("1900.5", 190050);
	ASSERT_PARSES("1900,5", 190050);
	ASSERT_PARSES("1,900.50", 190050);
	ASSERT_PARSES(" 12,5 ", 1250);
	ASSERT_PARSES("0", 0);
	ASSERT_PARSES("0,05", 5);
	ASSERT_PARSES("1.234.567,89", 123456789);
	ASSERT_PARSES("1,234,567.89", 123456789);
	ASSERT_PARSES("1\xc2\xa0" "900", 190000);    /* a no-break space */
	ASSERT_PARSES("\t1900,00\t", 190000);
	/* whole euros the Dutch way, as in "€ 1.900,-" */
	ASSERT_PARSES("4500,-", 450000);
	ASSERT_PARSES("\xe2\x82\xac 1.900,-", 190000);
	ASSERT_PARSES("1.900,--", 190000);
}

static void what_is_no_amount_is_refused(void **state)
{
	(void)state;
	ASSERT_REFUSED("");
	ASSERT_REFUSED("   ");
	ASSERT_REFUSED("\xe2\x82\xac");
	ASSERT_REFUSED("abc");
	ASSERT_REFUSED("12abc");
	ASSERT_REFUSED("1.90.0");
	ASSERT_REFUSED("1,9,00");
	ASSERT_REFUSED("1.9000");
	ASSERT_REFUSED("1.900,000");
	ASSERT_REFUSED("12.");
	ASSERT_REFUSED(",50");
	ASSERT_REFUSED(".5");
	ASSERT_REFUSED("1,234.567,89");  /* two kinds of grouping */
	ASSERT_REFUSED("-5");             /* amounts are never negative */
	ASSERT_REFUSED("5-");
	ASSERT_REFUSED(",-");
	ASSERT_REFUSED("1,2,-");
	ASSERT_REFUSED("1.-");
	ASSERT_REFUSED("1e3");
	ASSERT_REFUSED("99999999999999999999");
	ASSERT_REFUSED(NULL);
	/* a text longer than any amount */
	ASSERT_REFUSED("1111111111111111111111111111111111111111111111111111111111111111111111");
}

/*
 * A separator followed by three digits at the end is grouping, never the
 * decimal sign, in either language: "12,345" is twelve thousand three
 * hundred and forty-five euros (as in English), since no amount of money has
 * three decimals. "12.345" reads the same.
 */
static void three_digits_after_a_separator_are_thousands(void **state)
{
	(void)state;
	ASSERT_PARSES("12,345", 1234500);
	ASSERT_PARSES("12.345", 1234500);
}

/*
 * The decimal sign is not the sign that groups the thousands: "1.900.50"
 * and "1,900,50" are typing errors, and reading them as 1900.50 would hide
 * one that turns "1.000.000" into a thousand euros ("1.000.00").
 */
static void the_decimal_sign_differs_from_the_grouping_sign(void **state)
{
	(void)state;
	ASSERT_REFUSED("1.900.50");
	ASSERT_REFUSED("1,900,50");
	ASSERT_REFUSED("1.000.00");
	ASSERT_PARSES("1.000.000", 100000000);
}

/* ---- the language of a page ------------------------------------------ */

static void the_accounts_language_wins(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate("en", "nl"), LANG_EN);
	assert_int_equal(i18n_negotiate("nl", "en-GB,en;q=0.9"), LANG_NL);
	/* a language kring does not speak counts as none */
	assert_int_equal(i18n_negotiate("de", "en"), LANG_EN);
	assert_int_equal(i18n_negotiate("", NULL), LANG_NL);
}

static void accept_language_picks_the_first_language_kring_speaks(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate(NULL, "en-GB,en;q=0.9"), LANG_EN);
	assert_int_equal(i18n_negotiate(NULL, "de,en;q=0.5"), LANG_EN);
	assert_int_equal(i18n_negotiate(NULL, "de-DE, en-US;q=0.8, nl;q=0.7"), LANG_EN);
	assert_int_equal(i18n_negotiate(NULL, "fr-FR,fr;q=0.9,nl;q=0.8,en;q=0.7"), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, "EN-us"), LANG_EN);
	assert_int_equal(i18n_negotiate(NULL, "en"), LANG_EN);
	assert_int_equal(i18n_negotiate(NULL, "nl"), LANG_NL);
}

static void without_a_language_kring_speaks_it_is_dutch(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate(NULL, "fr"), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, "en;q=0"), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, "en;q=0.0,fr"), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, NULL), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, ""), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, "*"), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, "english"), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, ",,, ;;"), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, "e"), LANG_NL);
}

/* RFC 9110 allows spaces around the ';' of a weight: "en ; q=0" refuses
 * English as much as "en;q=0" */
static void a_refusal_with_spaces_is_a_refusal(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate(NULL, "en; q=0"), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, "en ;q=0, fr"), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, "en;Q=0"), LANG_NL);
	assert_int_equal(i18n_negotiate(NULL, "en; q=0.5"), LANG_EN);
}

static void language_codes(void **state)
{
	(void)state;
	assert_string_equal(i18n_code(LANG_NL), "nl");
	assert_string_equal(i18n_code(LANG_EN), "en");
	assert_int_equal(i18n_from_code("nl"), LANG_NL);
	assert_int_equal(i18n_from_code("en"), LANG_EN);
	assert_int_equal(i18n_from_code("EN"), -1);
	assert_int_equal(i18n_from_code("de"), -1);
	assert_int_equal(i18n_from_code(NULL), -1);
}

/* ---- posted forms ---------------------------------------------------- */

static struct form parsed(const char *body)
{
	struct form f;
	assert_int_equal(form_parse(&f, body, strlen(body)), 0);
	return f;
}

static void refused(const char *body, size_t len)
{
	struct form f;
	assert_int_equal(form_parse(&f, body, len), -1);
	assert_int_equal(f.n, 0);
	assert_null(f.mem);
}

static void a_form_is_decoded(void **state)
{
	(void)state;
	struct form f = parsed("name=Fam.+de+Vries&place=Buurthuis%20%26%20tuin&note=co%C3%B6rdinator%3A+%E2%82%AC");
	assert_int_equal(f.n, 3);
	assert_string_equal(form_get(&f, "name"), "Fam. de Vries");
	assert_string_equal(form_get(&f, "place"), "Buurthuis & tuin");
	assert_string_equal(form_get(&f, "note"), "co\xc3\xb6rdinator: \xe2\x82\xac");
	assert_null(form_get(&f, "other"));
	assert_int_equal(form_count(&f, "other"), 0);
	form_release(&f);

	/* escapes in either case, a literal '+' only as %2B, names decoded too */
	f = parsed("a%2bb=1%2B1&%61=%3d%3D");
	assert_string_equal(form_get(&f, "a+b"), "1+1");
	assert_string_equal(form_get(&f, "a"), "==");
	form_release(&f);
}

static void repeated_names_keep_their_order(void **state)
{
	(void)state;
	struct form f = parsed("topics=money&x=1&topics=housing&topics=school");
	assert_int_equal(form_count(&f, "topics"), 3);
	assert_string_equal(form_get(&f, "topics"), "money");
	assert_string_equal(form_get_nth(&f, "topics", 0), "money");
	assert_string_equal(form_get_nth(&f, "topics", 1), "housing");
	assert_string_equal(form_get_nth(&f, "topics", 2), "school");
	assert_null(form_get_nth(&f, "topics", 3));
	assert_string_equal(form_get_nth(&f, "x", 0), "1");
	form_release(&f);
}

static void empty_values_and_names_without_a_value(void **state)
{
	(void)state;
	struct form f = parsed("empty=&flag&=nameless&&last=");
	assert_int_equal(f.n, 4);
	assert_string_equal(form_get(&f, "empty"), "");
	assert_string_equal(form_get(&f, "flag"), "");
	assert_string_equal(form_get(&f, ""), "nameless");
	assert_string_equal(form_get(&f, "last"), "");
	form_release(&f);

	/* the first '=' splits: the rest belongs to the value */
	f = parsed("a=b=c");
	assert_string_equal(form_get(&f, "a"), "b=c");
	form_release(&f);

	/* nothing posted is an empty form, not an error */
	struct form g;
	assert_int_equal(form_parse(&g, "", 0), 0);
	assert_int_equal(g.n, 0);
	assert_int_equal(form_parse(&g, NULL, 0), 0);
	assert_int_equal(g.n, 0);
	form_release(&g);
	g = parsed("&&&");
	assert_int_equal(g.n, 0);
	form_release(&g);
}

static void only_the_given_length_is_read(void **state)
{
	(void)state;
	struct form f;
	const char *body = "a=1&b=2";
	assert_int_equal(form_parse(&f, body, 3), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(form_get(&f, "a"), "1");
	assert_null(form_get(&f, "b"));
	form_release(&f);
}

static void bad_encodings_are_refused(void **state)
{
	(void)state;
	/* NUL, encoded or raw */
	refused("a=x%00y", 7);
	refused("a%00=1", 6);
	refused("a=x\0y", 5);
	/* broken escapes */
	refused("a=%", 3);
	refused("a=%4", 4);
	refused("a=%4g", 5);
	refused("a=%zz&b=1", 9);
	refused("a%=1", 4);
	/* invalid UTF-8: a lone continuation byte, an overlong '/', a surrogate,
	 * a cut-off sequence; encoded or raw */
	refused("a=%80", 5);
	refused("a=%C0%AF", 8);
	refused("a=%ED%A0%80", 11);
	refused("a=%E2%82", 8);
	refused("a=\xff", 3);
	refused("%C3=1", 5);
}

static void too_many_fields_are_refused(void **state)
{
	(void)state;
	size_t n = FORM_MAX_FIELDS + 1;
	char *body = malloc(n * 2 + 1);
	assert_non_null(body);
	for (size_t i = 0; i < n; i++) {
		body[2 * i] = 'x';
		body[2 * i + 1] = '&';
	}
	struct form f;
	/* FORM_MAX_FIELDS of them are fine */
	assert_int_equal(form_parse(&f, body, (n - 1) * 2), 0);
	assert_int_equal(f.n, FORM_MAX_FIELDS);
	assert_int_equal(form_count(&f, "x"), FORM_MAX_FIELDS);
	form_release(&f);
	assert_int_equal(form_parse(&f, body, n * 2), -1);
	assert_int_equal(f.n, 0);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_escapes_markup_characters),
		cmocka_unit_test(text_drops_control_characters),
		cmocka_unit_test(textn_stops_at_its_length),
		cmocka_unit_test(attr_escapes_quotes_and_markup),
		cmocka_unit_test(url_percent_encodes_everything_but_unreserved),
		cmocka_unit_test(every_byte_of_a_literal_reaches_the_page),
		cmocka_unit_test(a_page_over_its_limit_is_marked_failed),
		cmocka_unit_test(a_typed_date_is_read_day_first_or_as_iso),
		cmocka_unit_test(a_text_gets_its_arguments_in_place),
		cmocka_unit_test(dates_are_written_day_first),
		cmocka_unit_test(what_is_no_date_passes_through),
		cmocka_unit_test(timestamps_are_written_in_utc),
		cmocka_unit_test(money_is_written_the_dutch_and_the_english_way),
		cmocka_unit_test(negative_money_keeps_its_sign),
		cmocka_unit_test(money_for_a_form_field_has_no_grouping),
		cmocka_unit_test(money_is_read_as_people_type_it),
		cmocka_unit_test(what_is_no_amount_is_refused),
		cmocka_unit_test(three_digits_after_a_separator_are_thousands),
		cmocka_unit_test(the_decimal_sign_differs_from_the_grouping_sign),
		cmocka_unit_test(the_accounts_language_wins),
		cmocka_unit_test(accept_language_picks_the_first_language_kring_speaks),
		cmocka_unit_test(without_a_language_kring_speaks_it_is_dutch),
		cmocka_unit_test(a_refusal_with_spaces_is_a_refusal),
		cmocka_unit_test(language_codes),
		cmocka_unit_test(a_form_is_decoded),
		cmocka_unit_test(repeated_names_keep_their_order),
		cmocka_unit_test(empty_values_and_names_without_a_value),
		cmocka_unit_test(only_the_given_length_is_read),
		cmocka_unit_test(bad_encodings_are_refused),
		cmocka_unit_test(too_many_fields_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
