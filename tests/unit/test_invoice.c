/*
 * domain/invoice.c: numbers per year, tariffs per kind, amounts as EN 16931
 * writes them, due dates, the lines' texts, and who may read, issue and
 * credit which invoice.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "domain/invoice.h"

static void numbers_are_the_year_and_four_digits(void **state)
{
	(void)state;
	char n[INVOICE_NUMBER_LEN];
	invoice_number(2024, 7, n);
	assert_string_equal(n, "2024-0007");
	invoice_number(2025, 1, n);
	assert_string_equal(n, "2025-0001");
	invoice_number(2025, 12345, n);
	assert_string_equal(n, "2025-12345");
	assert_int_equal(invoice_year("2024-12-31"), 2024);
	assert_int_equal(invoice_year("x"), 0);
}

static void the_tariff_is_the_agreements_for_the_kind(void **state)
{
	(void)state;
	json_t *a = json_pack("{s:i, s:i, s:i, s:n}", "tariff_family_cents", 400000, "tariff_group_cents", 450000,
			      "tariff_learning_cents", 190000, "tariff_restoration_cents");
	int64_t c = 0;
	assert_int_equal(invoice_tariff(a, "family", &c), 0);
	assert_int_equal(c, 400000);
	assert_int_equal(invoice_tariff(a, "group", &c), 0);
	assert_int_equal(c, 450000);
	assert_int_equal(invoice_tariff(a, "learning", &c), 0);
	assert_int_equal(c, 190000);
	/* no tariff for the kind, or no such kind: refused, never 0 */
	assert_int_equal(invoice_tariff(a, "restoration", &c), -1);
	assert_int_equal(invoice_tariff(a, "other", &c), -1);
	assert_int_equal(invoice_tariff(a, NULL, &c), -1);
	json_decref(a);
}

static void amounts_have_two_decimals(void **state)
{
	(void)state;
	char s[32];
	invoice_amount(190000, s, sizeof s);
	assert_string_equal(s, "1900.00");
	invoice_amount(5, s, sizeof s);
	assert_string_equal(s, "0.05");
	invoice_amount(-450050, s, sizeof s);
	assert_string_equal(s, "-4500.50");
	invoice_amount(0, s, sizeof s);
	assert_string_equal(s, "0.00");
	invoice_amount(INT64_MIN, s, sizeof s);
	assert_string_equal(s, "-92233720368547758.08");
}

static void the_due_date_counts_calendar_days(void **state)
{
	(void)state;
	char d[11];
	invoice_due_on("2024-12-15", 30, d);
	assert_string_equal(d, "2025-01-14");
	invoice_due_on("2024-02-28", 1, d);
	assert_string_equal(d, "2024-02-29");
}

static void a_line_names_the_case_by_number_never_by_name(void **state)
{
	(void)state;
	char t[256];
	invoice_line_text("learning", "2024-04-10", 42, NULL, t, sizeof t);
	assert_string_equal(t, "Eigen Kracht-conferentie (leervraag), gehouden op 10-04-2024, dossier 42");
	invoice_line_text("family", "2024-04-10", 42, "EK-2024-17", t, sizeof t);
	assert_string_equal(t, "Eigen Kracht-conferentie (individu of gezin), gehouden op 10-04-2024, dossier EK-2024-17");
}

static struct principal who(unsigned roles, const int64_t *regions, size_t n, bool all)
{
	struct principal p = { .roles = roles, .region_ids = regions, .nregions = n, .all_regions = all };
	return p;
}

static void admin_may_everything(void **state)
{
	(void)state;
	struct principal p = who(1u << ROLE_ADMIN, NULL, 0, false);
	enum role r;
	assert_int_equal(invoice_may(&p, 0, INVOICE_ISSUE, 3, 0, &r), INVOICE_ALLOWED);
	assert_int_equal(r, ROLE_ADMIN);
	assert_int_equal(invoice_may(&p, 0, INVOICE_READ, 3, 9, &r), INVOICE_ALLOWED);
}

static void a_regional_manager_keeps_to_their_regions(void **state)
{
	(void)state;
	int64_t mine[] = { 4, 5 };
	struct principal p = who(1u << ROLE_REGIONAL_MANAGER, mine, 2, false);
	assert_int_equal(invoice_may(&p, 0, INVOICE_ISSUE, 0, 0, NULL), INVOICE_ALLOWED); /* the role */
	assert_int_equal(invoice_may(&p, 0, INVOICE_ISSUE, 3, 5, NULL), INVOICE_ALLOWED);
	assert_int_equal(invoice_may(&p, 0, INVOICE_READ, 3, 4, NULL), INVOICE_ALLOWED);
	assert_int_equal(invoice_may(&p, 0, INVOICE_READ, 3, 6, NULL), INVOICE_HIDDEN);
	/* an invoice over every region belongs to a manager of every region */
	assert_int_equal(invoice_may(&p, 0, INVOICE_READ, 3, 0, NULL), INVOICE_HIDDEN);
	struct principal all = who(1u << ROLE_REGIONAL_MANAGER, NULL, 0, true);
	assert_int_equal(invoice_may(&all, 0, INVOICE_ISSUE, 3, 0, NULL), INVOICE_ALLOWED);
}

static void a_funder_reads_its_own_invoices_only(void **state)
{
	(void)state;
	struct principal p = who(1u << ROLE_FUNDER, NULL, 0, false);
	assert_int_equal(invoice_may(&p, 7, INVOICE_READ, 7, 2, NULL), INVOICE_ALLOWED);
	assert_int_equal(invoice_may(&p, 7, INVOICE_READ, 8, 2, NULL), INVOICE_HIDDEN);
	assert_int_equal(invoice_may(&p, 0, INVOICE_READ, 7, 2, NULL), INVOICE_HIDDEN);
	assert_int_equal(invoice_may(&p, 7, INVOICE_ISSUE, 7, 2, NULL), INVOICE_FORBIDDEN);
}

static void other_roles_may_nothing(void **state)
{
	(void)state;
	unsigned roles[] = { 1u << ROLE_INTAKE, 1u << ROLE_COORDINATOR, 1u << ROLE_RESEARCHER, 0 };
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		struct principal p = who(roles[i], NULL, 0, true);
		assert_int_equal(invoice_may(&p, 7, INVOICE_READ, 7, 0, NULL), INVOICE_FORBIDDEN);
		assert_int_equal(invoice_may(&p, 7, INVOICE_ISSUE, 0, 0, NULL), INVOICE_FORBIDDEN);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_are_the_year_and_four_digits),
		cmocka_unit_test(the_tariff_is_the_agreements_for_the_kind),
		cmocka_unit_test(amounts_have_two_decimals),
		cmocka_unit_test(the_due_date_counts_calendar_days),
		cmocka_unit_test(a_line_names_the_case_by_number_never_by_name),
		cmocka_unit_test(admin_may_everything),
		cmocka_unit_test(a_regional_manager_keeps_to_their_regions),
		cmocka_unit_test(a_funder_reads_its_own_invoices_only),
		cmocka_unit_test(other_roles_may_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
