/* Invoices to funders: the rules without I/O (see domain/invoice.h). */
#include "domain/invoice.h"

#include <stdio.h>
#include <string.h>

#include "domain/model.h"
#include "util/text.h"

/* which invoices a rule covers */
enum invoice_scope {
	IS_ALL,     /* every invoice */
	IS_REGIONS, /* those of the account's regions */
	IS_FUNDER,  /* those to the account's own funder */
};

static const struct {
	enum role role;
	unsigned ops; /* bit (1u << enum invoice_op) */
	enum invoice_scope scope;
} rules[] = {
	{ ROLE_ADMIN, 1u << INVOICE_READ | 1u << INVOICE_ISSUE, IS_ALL },
	{ ROLE_REGIONAL_MANAGER, 1u << INVOICE_READ | 1u << INVOICE_ISSUE, IS_REGIONS },
	{ ROLE_FUNDER, 1u << INVOICE_READ, IS_FUNDER },
};

static bool in_scope(const struct principal *p, int64_t own_funder, enum invoice_scope scope, int64_t funder_id,
		     int64_t region_id)
{
	switch (scope) {
	case IS_ALL:
		return true;
	case IS_REGIONS:
		if (p->all_regions)
			return true;
		for (size_t i = 0; region_id && i < p->nregions; i++)
			if (p->region_ids[i] == region_id)
				return true;
		return false;
	case IS_FUNDER:
		return own_funder != 0 && own_funder == funder_id;
	}
	return false;
}

enum invoice_access invoice_may(const struct principal *p, int64_t own_funder, enum invoice_op op,
				int64_t funder_id, int64_t region_id, enum role *role)
{
	bool scoped = false;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		if (!(p->roles & (1u << rules[i].role)) || !(rules[i].ops & (1u << op)))
			continue;
		if (funder_id && !in_scope(p, own_funder, rules[i].scope, funder_id, region_id)) {
			scoped = true;
			continue;
		}
		if (role)
			*role = rules[i].role;
		return INVOICE_ALLOWED;
	}
	return scoped ? INVOICE_HIDDEN : INVOICE_FORBIDDEN;
}

void invoice_number(int year, int64_t n, char out[INVOICE_NUMBER_LEN])
{
	snprintf(out, INVOICE_NUMBER_LEN, "%04d-%04lld", year, (long long)n);
}

int invoice_year(const char *issued_on)
{
	int64_t y = 0;
	char digits[5];
	if (!issued_on || strlen(issued_on) < 4)
		return 0;
	memcpy(digits, issued_on, 4);
	digits[4] = '\0';
	return parse_int64(digits, 1900, 2199, &y) == 0 ? (int)y : 0;
}

int invoice_tariff(const json_t *agreement, const char *kind, int64_t *cents)
{
	char name[64];
	if (!kind || model_enum_index(ENUM_KIND, kind) < 0)
		return -1;
	snprintf(name, sizeof name, "tariff_%s_cents", kind);
	json_t *v = json_object_get(agreement, name);
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*cents = json_integer_value(v);
	return 0;
}

void invoice_amount(int64_t cents, char *out, size_t len)
{
	/* via unsigned, so that INT64_MIN has a magnitude too */
	uint64_t mag = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(out, len, "%s%llu.%02llu", cents < 0 ? "-" : "", (unsigned long long)(mag / 100),
		 (unsigned long long)(mag % 100));
}

void invoice_due_on(const char *issued_on, int days, char out[11])
{
	date_from_days(date_days(issued_on) + days, out);
}

/* the kinds of conference as the invoice names them */
static const char *const KIND_TEXT[][2] = {
	{ "family", "individu of gezin" },
	{ "restoration", "herstel" },
	{ "group", "groep, buurt of straat" },
	{ "learning", "leervraag" },
};

void invoice_line_text(const char *kind, const char *held_on, int64_t request_id, const char *ref, char *out,
		       size_t len)
{
	const char *what = kind ? kind : "";
	for (size_t i = 0; i < sizeof KIND_TEXT / sizeof KIND_TEXT[0]; i++)
		if (kind && strcmp(KIND_TEXT[i][0], kind) == 0)
			what = KIND_TEXT[i][1];
	/* the date the Dutch way: DD-MM-YYYY */
	char date[11] = "";
	if (held_on && strlen(held_on) == 10)
		snprintf(date, sizeof date, "%.2s-%.2s-%.4s", held_on + 8, held_on + 5, held_on);
	if (ref && *ref)
		snprintf(out, len, "Eigen Kracht-conferentie (%s), gehouden op %s, dossier %s", what, date, ref);
	else
		snprintf(out, len, "Eigen Kracht-conferentie (%s), gehouden op %s, dossier %lld", what, date,
			 (long long)request_id);
}
