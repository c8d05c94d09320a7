/*
 * Invoices to funders (see "invoices" in service/service.h). An invoice
 * holds one line per conference held in its period under the funder's
 * agreements, at the agreement's tariff for the kind of conference; a
 * conference goes on one invoice only, unless that invoice was credited.
 * Numbers come from a counter per year raised in the same write
 * transaction, so a refused or failed issue leaves no gap. An issued
 * invoice is never changed: a correction is a credit note for the whole
 * invoice, which negates its lines (the triggers of migration 0010 refuse
 * any change in the database too).
 *
 * Who may: domain/invoice.c. Invoices name cases by number or reference
 * only, no person, so they are not written to the access log (like
 * agreements).
 *
 * The seller comes from the settings (util/config.c) and is copied into the
 * invoice when it is issued, as are the funder's name and address, so that
 * the PDF and the XML of an invoice stay the same for ever.
 */
#include "service/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/invoice.h"
#include "store/invoice_sql.h"
#include "util/config.h"
#include "util/text.h"

/* ---- the seller: settings, with defaults for a demo ----------------------- */

static const struct {
	const char *field;   /* the invoice's column */
	const char *setting; /* KRING_INVOICE_SELLER_... */
	const char *dflt;    /* fictitious, for a demo (docs/invoices.md) */
} SELLER[] = {
	{ "seller_name", "invoice_seller_name", "Eigen Kracht Centrale (demo)" },
	{ "seller_kvk", "invoice_seller_kvk", "12345678" },
	{ "seller_vat", "invoice_seller_vat", "NL001234567B01" },
	{ "seller_iban", "invoice_seller_iban", "NL91ABNA0417164300" },
	{ "seller_address", "invoice_seller_address", "Voorbeeldstraat 1" },
	{ "seller_postcode", "invoice_seller_postcode", "1000 AA" },
	{ "seller_city", "invoice_seller_city", "Amsterdam" },
};

/* the buyer: the invoice's column and the funder's field it is copied from */
static const char *const BUYER[][2] = {
	{ "buyer_name", "name" }, { "buyer_address", "address" }, { "buyer_postcode", "postcode" },
	{ "buyer_city", "city" }, { "buyer_oin", "oin" }, { "buyer_reference", "buyer_reference" },
};

static int payment_days(void)
{
	int64_t days;
	const char *v = config_value("invoice_payment_days", NULL, NULL);
	if (v && parse_int64(v, 0, 365, &days) == 0)
		return (int)days;
	return INVOICE_DEFAULT_TERM_DAYS;
}

/* ---- inputs, declared like records so that they get the model's checks ---- */

static const struct field create_fields[] = {
	{ .name = "funder_id", .type = FT_REF, .flags = F_REQUIRED, .ref = "funder", .doc = "the funder to invoice" },
	{ .name = "from", .type = FT_DATE, .flags = F_REQUIRED, .doc = "first day of the period (conferences held from)" },
	{ .name = "to", .type = FT_DATE, .flags = F_REQUIRED, .doc = "last day of the period" },
	{ .name = "region_id", .type = FT_REF, .ref = "region",
	  .doc = "only the conferences of this region (every region when absent; a regional manager of "
		 "some regions must name one of them unless they have only one)" },
	{ .name = "issued_on", .type = FT_DATE, .doc = "date of issue (default today)" },
};
static const struct entity CREATE_INPUT = { "invoice_input", "", "", "New invoice", create_fields,
	sizeof create_fields / sizeof create_fields[0], E_INTERNAL };

static const struct field credit_fields[] = {
	{ .name = "reason", .type = FT_TEXT, .flags = F_REQUIRED, .max = 500,
	  .doc = "why the invoice is credited (printed on the credit note)" },
	{ .name = "issued_on", .type = FT_DATE, .doc = "date of issue (default today)" },
};
static const struct entity CREDIT_INPUT = { "credit_input", "", "", "Credit note", credit_fields,
	sizeof credit_fields / sizeof credit_fields[0], E_INTERNAL };

const struct entity *svc_invoice_input(bool credit)
{
	return credit ? &CREDIT_INPUT : &CREATE_INPUT;
}

/* ---- who may ---------------------------------------------------------------- */

struct who {
	struct principal p;
	int64_t regions[SVC_MAX_REGIONS];
	int64_t own_funder;
};

static void who_of(const json_t *user, struct who *w)
{
	size_t i;
	json_t *v;
	memset(w, 0, sizeof *w);
	json_array_foreach(json_object_get(user, "roles"), i, v) {
		int r = role_from_name(json_string_value(v));
		if (r >= 0)
			w->p.roles |= 1u << r;
	}
	json_array_foreach(json_object_get(user, "region_ids"), i, v) {
		if (w->p.nregions < SVC_MAX_REGIONS && json_is_integer(v))
			w->regions[w->p.nregions++] = json_integer_value(v);
	}
	w->p.region_ids = w->regions;
	w->p.all_regions = rec_bool(user, "all_regions");
	w->own_funder = rec_int(user, "funder_id");
}

/* may the account do op on invoices at all (funder_id 0), or on this one?
 * 0, or -1 with 403/404; commands may everything */
static int may(struct svc *s, enum invoice_op op, int64_t funder_id, int64_t region_id, struct svc_error *err)
{
	struct who w;
	enum role role;
	if (!s->user)
		return 0;
	who_of(s->user, &w);
	switch (invoice_may(&w.p, w.own_funder, op, funder_id, region_id, &role)) {
	case INVOICE_ALLOWED:
		s->role = role_name(role);
		return 0;
	case INVOICE_HIDDEN:
		svc_error_set(err, 404, "not_found", "", "no such invoice");
		return -1;
	case INVOICE_FORBIDDEN:
		break;
	}
	svc_error_set(err, 403, "forbidden", "", "your roles do not allow you to %s invoices",
		      op == INVOICE_READ ? "read" : "issue");
	return -1;
}

static int may_record(struct svc *s, enum invoice_op op, const json_t *inv, struct svc_error *err)
{
	return may(s, op, rec_int(inv, "funder_id"), rec_int(inv, "region_id"), err);
}

/* ---- small helpers ------------------------------------------------------------ */

static int oom(struct svc_error *err)
{
	svc_error_set(err, 500, "internal", "", "out of memory");
	return -1;
}

static int set(json_t *o, const char *k, json_t *v, struct svc_error *err)
{
	if (!v || json_object_set_new(o, k, v) < 0)
		return oom(err);
	return 0;
}

/* every record of e matching one equality filter, by id */
static int list_where(struct svc *s, const struct entity *e, const char *field, json_t *value, json_t **out,
		      struct svc_error *err)
{
	struct store_filter f = { model_field(e, field), value, STORE_EQ };
	json_t *all = json_array();
	int64_t after = 0;
	*out = NULL;
	if (!all || !value) {
		json_decref(all);
		json_decref(value);
		return oom(err);
	}
	for (;;) {
		json_t *page = NULL;
		int rc = s->st->ops->list(s->st, e, &f, 1, after, 500, &page);
		if (rc != STORE_OK) {
			json_decref(all);
			json_decref(value);
			return svc_fail_store(err, rc, e->name);
		}
		size_t n = json_array_size(page);
		if (n)
			after = rec_int(json_array_get(page, n - 1), "id");
		json_array_extend(all, page);
		json_decref(page);
		if (n < 500)
			break;
	}
	json_decref(value);
	*out = all;
	return 0;
}

/* the next number of the year of issued_on, the counter raised (inside the
 * open write transaction) */
static int next_number(struct svc *s, const char *issued_on, char number[INVOICE_NUMBER_LEN],
		       struct svc_error *err)
{
	int year = invoice_year(issued_on);
	json_t *rows = NULL, *out = NULL;
	int rc;
	if (list_where(s, &ENTITY_INVOICE_COUNTER, "year", json_integer(year), &rows, err) < 0)
		return -1;
	json_t *counter = json_array_get(rows, 0);
	int64_t n = counter ? rec_int(counter, "last_number") + 1 : 1;
	if (counter) {
		json_t *changes = json_pack("{s:I}", "last_number", (json_int_t)n);
		rc = changes ? s->st->ops->update(s->st, &ENTITY_INVOICE_COUNTER, rec_int(counter, "id"),
						  rec_int(counter, "version"), changes, &out)
			     : STORE_ERROR;
		json_decref(changes);
	} else {
		json_t *rec = json_pack("{s:i, s:I}", "year", year, "last_number", (json_int_t)n);
		rc = rec ? s->st->ops->insert(s->st, &ENTITY_INVOICE_COUNTER, rec, &out) : STORE_ERROR;
		json_decref(rec);
	}
	json_decref(rows);
	json_decref(out);
	/* another issue took the number first: run the whole use case again */
	if (rc == STORE_CONFLICT || rc == STORE_DUPLICATE)
		rc = STORE_BUSY;
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, "invoice number");
	invoice_number(year, n, number);
	return 0;
}

/* the invoice as shown: the record, its lines, and the credit note that
 * cancels it or the invoice it cancels (each {id, number, issued_on} or
 * null); inside an open transaction */
static int load(struct svc *s, int64_t id, json_t **out, struct svc_error *err)
{
	json_t *inv = NULL, *lines = NULL, *credits = NULL, *by = NULL;
	*out = NULL;
	int rc = s->st->ops->get(s->st, &ENTITY_INVOICE, id, &inv);
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, "invoice");
	if (list_where(s, &ENTITY_INVOICE_LINE, "invoice_id", json_integer(id), &lines, err) < 0)
		goto fail;
	if (list_where(s, &ENTITY_INVOICE, "credits_invoice_id", json_integer(id), &by, err) < 0)
		goto fail;
	json_t *cn = json_array_get(by, 0);
	json_t *credited_by = cn ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)rec_int(cn, "id"), "number",
					     rec_str(cn, "number"), "issued_on", rec_str(cn, "issued_on"))
				 : json_null();
	json_t *credits_ref = json_null();
	if (rec_int(inv, "credits_invoice_id")) {
		rc = s->st->ops->get(s->st, &ENTITY_INVOICE, rec_int(inv, "credits_invoice_id"), &credits);
		if (rc != STORE_OK) {
			json_decref(credited_by);
			svc_fail_store(err, rc, "invoice");
			goto fail;
		}
		credits_ref = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)rec_int(credits, "id"), "number",
					rec_str(credits, "number"), "issued_on", rec_str(credits, "issued_on"));
	}
	if (set(inv, "lines", lines, err) < 0 || set(inv, "credited_by", credited_by, err) < 0 ||
	    set(inv, "credits", credits_ref, err) < 0) {
		lines = NULL;
		goto fail;
	}
	json_decref(by);
	json_decref(credits);
	*out = inv;
	return 0;
fail:
	json_decref(inv);
	json_decref(lines);
	json_decref(by);
	json_decref(credits);
	return -1;
}

/* ---- issuing an invoice ---------------------------------------------------------- */

struct create_args {
	int64_t funder_id, region_id;
	const char *from, *to;
	char issued_on[11];
};

static int create_once(struct svc *s, const struct create_args *a, json_t **out, struct svc_error *err)
{
	json_t *funder = NULL, *rows = NULL, *inv = NULL, *stored = NULL, *row;
	char number[INVOICE_NUMBER_LEN], due[11];
	int64_t total = 0;
	size_t i;
	int rc, ret = -1;

	*out = NULL;
	if (svc_begin(s, true, err) < 0)
		return -1;
	rc = s->st->ops->get(s->st, &ENTITY_FUNDER, a->funder_id, &funder);
	if (rc == STORE_NOT_FOUND) {
		svc_error_set(err, 422, "unknown_reference", "funder_id", "there is no funder %lld",
			      (long long)a->funder_id);
		goto rollback;
	}
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "funder");
		goto rollback;
	}
	if (a->region_id) {
		json_t *region = NULL;
		rc = s->st->ops->get(s->st, &ENTITY_REGION, a->region_id, &region);
		json_decref(region);
		if (rc != STORE_OK) {
			if (rc == STORE_NOT_FOUND)
				svc_error_set(err, 422, "unknown_reference", "region_id", "there is no region %lld",
					      (long long)a->region_id);
			else
				svc_fail_store(err, rc, "region");
			goto rollback;
		}
	}
	rc = invoice_sql_billable(s->st, a->funder_id, a->region_id, a->from, a->to, &rows);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "invoice");
		goto rollback;
	}
	if (json_array_size(rows) == 0) {
		svc_error_set(err, 422, "nothing_to_invoice", "", "no conference held from %s to %s under an agreement "
			      "of %s is waiting to be invoiced", a->from, a->to, rec_str(funder, "name"));
		goto rollback;
	}
	/* every line's tariff first: an agreement without a tariff for a kind
	 * refuses the whole invoice */
	json_array_foreach(rows, i, row) {
		static const char *const tariffs[] = { "tariff_family_cents", "tariff_restoration_cents",
			"tariff_group_cents", "tariff_learning_cents" };
		json_t *agreement = json_object();
		for (size_t k = 0; agreement && k < 4; k++)
			json_object_set(agreement, tariffs[k], json_array_get(row, 5 + k));
		int64_t cents = 0;
		const char *kind = json_string_value(json_array_get(row, 1));
		int ok = agreement ? invoice_tariff(agreement, kind, &cents) : -1;
		json_decref(agreement);
		if (ok < 0) {
			svc_error_set(err, 422, "no_tariff", "", "agreement %lld has no tariff for a %s conference "
				      "(request %lld): give it one first", (long long)json_integer_value(json_array_get(row, 3)),
				      kind ? kind : "", (long long)json_integer_value(json_array_get(row, 0)));
			goto rollback;
		}
		if (json_array_append_new(row, json_integer(cents)) < 0) {
			oom(err);
			goto rollback;
		}
		total += cents;
	}
	if (next_number(s, a->issued_on, number, err) < 0)
		goto rollback;
	invoice_due_on(a->issued_on, payment_days(), due);
	inv = json_pack("{s:s, s:s, s:I, s:o, s:s, s:s, s:s, s:s, s:I, s:s}", "number", number, "kind", "invoice",
			"funder_id", (json_int_t)a->funder_id, "region_id",
			a->region_id ? json_integer(a->region_id) : json_null(), "period_from", a->from, "period_to", a->to,
			"issued_on", a->issued_on, "due_on", due, "total_cents", (json_int_t)total, "issued_by",
			s->actor && *s->actor ? s->actor : "system");
	if (!inv) {
		oom(err);
		goto rollback;
	}
	for (size_t k = 0; k < sizeof SELLER / sizeof SELLER[0]; k++)
		if (set(inv, SELLER[k].field, json_string(config_value(SELLER[k].setting, NULL, SELLER[k].dflt)), err) < 0)
			goto rollback;
	for (size_t k = 0; k < sizeof BUYER / sizeof BUYER[0]; k++) {
		json_t *v = json_object_get(funder, BUYER[k][1]);
		if (set(inv, BUYER[k][0], v ? json_incref(v) : json_null(), err) < 0)
			goto rollback;
	}
	rc = s->st->ops->insert(s->st, &ENTITY_INVOICE, inv, &stored);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc == STORE_DUPLICATE ? STORE_BUSY : rc, "invoice");
		goto rollback;
	}
	json_array_foreach(rows, i, row) {
		char text[256];
		int64_t rid = json_integer_value(json_array_get(row, 0)), cents = json_integer_value(json_array_get(row, 9));
		const char *kind = json_string_value(json_array_get(row, 1));
		const char *held = json_string_value(json_array_get(row, 4));
		invoice_line_text(kind, held, rid, json_string_value(json_array_get(row, 2)), text, sizeof text);
		json_t *line = json_pack("{s:I, s:I, s:O, s:s, s:s, s:s, s:I, s:i, s:I}", "invoice_id",
					 (json_int_t)rec_int(stored, "id"), "request_id", (json_int_t)rid, "agreement_id",
					 json_array_get(row, 3), "kind", kind ? kind : "", "held_on", held ? held : "",
					 "description", text, "tariff_cents", (json_int_t)cents, "quantity", 1,
					 "amount_cents", (json_int_t)cents);
		json_t *lout = NULL;
		rc = line ? s->st->ops->insert(s->st, &ENTITY_INVOICE_LINE, line, &lout) : STORE_ERROR;
		json_decref(line);
		json_decref(lout);
		if (rc != STORE_OK) {
			svc_fail_store(err, rc, "invoice line");
			goto rollback;
		}
	}
	if (load(s, rec_int(stored, "id"), out, err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0) {
		json_decref(*out);
		*out = NULL;
		goto done;
	}
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	json_decref(funder);
	json_decref(rows);
	json_decref(inv);
	json_decref(stored);
	return ret;
}

/* the regions an account without all_regions manages, when it holds no
 * role that issues everywhere */
static bool scoped_manager(const struct svc *s, struct who *w)
{
	if (!s->user)
		return false;
	who_of(s->user, w);
	return !(w->p.roles & (1u << ROLE_ADMIN)) && !w->p.all_regions;
}

int svc_invoice_create(struct svc *s, const json_t *input, json_t **out, struct svc_error *err)
{
	struct create_args a = { 0 };
	struct verr v;
	json_t *in = NULL;
	struct who w;
	int ret = -1;

	*out = NULL;
	/* the role first: a refused account learns nothing from validation */
	if (may(s, INVOICE_ISSUE, 0, 0, err) < 0)
		return -1;
	if (validate_record(&CREATE_INPUT, input, V_CREATE, &in, &v) < 0)
		return svc_fail_validation(err, &v);
	a.funder_id = rec_int(in, "funder_id");
	a.region_id = rec_int(in, "region_id");
	a.from = rec_str(in, "from");
	a.to = rec_str(in, "to");
	if (rec_str(in, "issued_on"))
		snprintf(a.issued_on, sizeof a.issued_on, "%s", rec_str(in, "issued_on"));
	else
		date_today(a.issued_on);
	if (date_cmp(a.from, a.to) > 0) {
		svc_error_set(err, 422, "invalid", "to", "the period ends before it starts");
		goto done;
	}
	if (date_cmp(a.issued_on, a.to) < 0) {
		svc_error_set(err, 422, "invalid", "issued_on", "an invoice is issued after its period has ended");
		goto done;
	}
	if (scoped_manager(s, &w) && !a.region_id) {
		if (w.p.nregions != 1) {
			svc_error_set(err, 422, "required", "region_id", "name the region to invoice: one of yours");
			goto done;
		}
		a.region_id = w.regions[0];
	}
	/* a region not the account's: refused outright, as for reports */
	if (may(s, INVOICE_ISSUE, a.funder_id, a.region_id, err) < 0) {
		if (err->status == 404)
			svc_error_set(err, 403, "forbidden", "region_id", "you may invoice the conferences of your own "
				      "regions only");
		goto done;
	}
	for (int attempt = 0;; attempt++) {
		if ((ret = create_once(s, &a, out, err)) == 0 || !svc_retry(err, attempt))
			break;
	}
done:
	json_decref(in);
	return ret;
}

/* ---- a credit note for a whole invoice ------------------------------------------ */

static int credit_once(struct svc *s, int64_t id, const json_t *in, const char *issued_on, json_t **out,
		       struct svc_error *err)
{
	json_t *orig = NULL, *cn = NULL, *stored = NULL, *line;
	char number[INVOICE_NUMBER_LEN], due[11];
	size_t i;
	int ret = -1;

	*out = NULL;
	if (svc_begin(s, true, err) < 0)
		return -1;
	if (load(s, id, &orig, err) < 0)
		goto rollback;
	if (may_record(s, INVOICE_ISSUE, orig, err) < 0)
		goto rollback;
	if (strcmp(rec_str(orig, "kind"), "invoice") != 0) {
		svc_error_set(err, 409, "not_an_invoice", "", "%s is a credit note: only an invoice is credited",
			      rec_str(orig, "number"));
		goto rollback;
	}
	if (!json_is_null(json_object_get(orig, "credited_by"))) {
		svc_error_set(err, 409, "already_credited", "", "invoice %s is credited already by %s",
			      rec_str(orig, "number"),
			      json_string_value(json_object_get(json_object_get(orig, "credited_by"), "number")));
		goto rollback;
	}
	if (date_cmp(issued_on, rec_str(orig, "issued_on")) < 0) {
		svc_error_set(err, 422, "invalid", "issued_on", "a credit note is issued on or after its invoice");
		goto rollback;
	}
	if (next_number(s, issued_on, number, err) < 0)
		goto rollback;
	invoice_due_on(issued_on, payment_days(), due);
	/* the same parties and period as the invoice it cancels, every amount negated */
	cn = json_deep_copy(orig);
	if (!cn) {
		oom(err);
		goto rollback;
	}
	static const char *const drop[] = { "id", "version", "created_at", "updated_at", "lines", "credited_by",
		"credits" };
	for (size_t k = 0; k < sizeof drop / sizeof drop[0]; k++)
		json_object_del(cn, drop[k]);
	if (set(cn, "number", json_string(number), err) < 0 || set(cn, "kind", json_string("credit_note"), err) < 0 ||
	    set(cn, "issued_on", json_string(issued_on), err) < 0 || set(cn, "due_on", json_string(due), err) < 0 ||
	    set(cn, "total_cents", json_integer(-rec_int(orig, "total_cents")), err) < 0 ||
	    set(cn, "credits_invoice_id", json_integer(id), err) < 0 ||
	    set(cn, "reason", json_string(rec_str(in, "reason")), err) < 0 ||
	    set(cn, "issued_by", json_string(s->actor && *s->actor ? s->actor : "system"), err) < 0)
		goto rollback;
	int rc = s->st->ops->insert(s->st, &ENTITY_INVOICE, cn, &stored);
	if (rc != STORE_OK) {
		/* UNIQUE (credits_invoice_id): credited meanwhile */
		svc_fail_store(err, rc == STORE_DUPLICATE ? STORE_BUSY : rc, "credit note");
		goto rollback;
	}
	json_array_foreach(json_object_get(orig, "lines"), i, line) {
		json_t *neg = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:i, s:I}", "invoice_id",
					(json_int_t)rec_int(stored, "id"), "request_id", (json_int_t)rec_int(line, "request_id"),
					"agreement_id", (json_int_t)rec_int(line, "agreement_id"), "kind", rec_str(line, "kind"),
					"held_on", rec_str(line, "held_on"), "description", rec_str(line, "description"),
					"tariff_cents", (json_int_t)rec_int(line, "tariff_cents"), "quantity", -1,
					"amount_cents", (json_int_t)-rec_int(line, "amount_cents"));
		json_t *lout = NULL;
		rc = neg ? s->st->ops->insert(s->st, &ENTITY_INVOICE_LINE, neg, &lout) : STORE_ERROR;
		json_decref(neg);
		json_decref(lout);
		if (rc != STORE_OK) {
			svc_fail_store(err, rc, "credit note line");
			goto rollback;
		}
	}
	if (load(s, rec_int(stored, "id"), out, err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0) {
		json_decref(*out);
		*out = NULL;
		goto done;
	}
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	json_decref(orig);
	json_decref(cn);
	json_decref(stored);
	return ret;
}

int svc_invoice_credit(struct svc *s, int64_t id, const json_t *input, json_t **out, struct svc_error *err)
{
	struct verr v;
	json_t *in = NULL;
	char issued_on[11];
	int ret = -1;

	*out = NULL;
	if (may(s, INVOICE_ISSUE, 0, 0, err) < 0)
		return -1;
	/* the invoice's scope before the input: an account outside it learns
	 * nothing from validation errors (checked again in the transaction) */
	if (s->user) {
		json_t *inv = NULL;
		if (svc_begin(s, false, err) < 0)
			return -1;
		int rc = s->st->ops->get(s->st, &ENTITY_INVOICE, id, &inv);
		s->st->ops->rollback(s->st);
		if (rc != STORE_OK)
			return svc_fail_store(err, rc, "invoice");
		rc = may_record(s, INVOICE_ISSUE, inv, err);
		json_decref(inv);
		if (rc < 0)
			return -1;
	}
	if (validate_record(&CREDIT_INPUT, input, V_CREATE, &in, &v) < 0)
		return svc_fail_validation(err, &v);
	if (rec_str(in, "issued_on"))
		snprintf(issued_on, sizeof issued_on, "%s", rec_str(in, "issued_on"));
	else
		date_today(issued_on);
	for (int attempt = 0;; attempt++) {
		if ((ret = credit_once(s, id, in, issued_on, out, err)) == 0 || !svc_retry(err, attempt))
			break;
	}
	json_decref(in);
	return ret;
}

/* ---- reading ------------------------------------------------------------------------ */

static int get_once(struct svc *s, int64_t id, json_t **out, struct svc_error *err)
{
	*out = NULL;
	if (svc_begin(s, false, err) < 0)
		return -1;
	if (load(s, id, out, err) < 0 || may_record(s, INVOICE_READ, *out, err) < 0) {
		json_decref(*out);
		*out = NULL;
		s->st->ops->rollback(s->st);
		return -1;
	}
	s->st->ops->rollback(s->st); /* read only */
	return 0;
}

int svc_invoice_get(struct svc *s, int64_t id, json_t **out, struct svc_error *err)
{
	*out = NULL;
	if (may(s, INVOICE_READ, 0, 0, err) < 0)
		return -1;
	for (int attempt = 0;; attempt++) {
		int ret = get_once(s, id, out, err);
		if (ret == 0 || !svc_retry(err, attempt))
			return ret;
	}
}

int svc_invoice_find(struct svc *s, const char *number, int64_t *id, struct svc_error *err)
{
	json_t *rows = NULL;
	*id = 0;
	if (svc_begin(s, false, err) < 0)
		return -1;
	int rc = list_where(s, &ENTITY_INVOICE, "number", json_string(number ? number : ""), &rows, err);
	s->st->ops->rollback(s->st);
	if (rc < 0)
		return -1;
	*id = rec_int(json_array_get(rows, 0), "id");
	json_decref(rows);
	if (!*id) {
		svc_error_set(err, 404, "not_found", "number", "there is no invoice %s", number ? number : "");
		return -1;
	}
	return 0;
}

/* the filters a list of invoices takes */
static const char *const LIST_FILTERS[] = { "funder_id", "region_id", "kind", "number" };
#define NLIST_FILTERS (sizeof LIST_FILTERS / sizeof LIST_FILTERS[0])

static int list_once(struct svc *s, const struct store_filter *filters, size_t nf, int64_t after, int64_t limit,
		     json_t **out, struct svc_error *err)
{
	json_t *items = json_array();
	int64_t cursor = 0, total = 0, last = 0;
	bool more = false;
	*out = NULL;
	if (!items)
		return oom(err);
	if (svc_begin(s, false, err) < 0) {
		json_decref(items);
		return -1;
	}
	/* record by record: an account may see invoices by region and by
	 * funder at once; invoices are few (one per funder and month) */
	for (;;) {
		json_t *page = NULL, *item;
		size_t i;
		int rc = s->st->ops->list(s->st, &ENTITY_INVOICE, filters, nf, cursor, 500, &page);
		if (rc != STORE_OK) {
			s->st->ops->rollback(s->st);
			json_decref(items);
			return svc_fail_store(err, rc, "invoice");
		}
		json_array_foreach(page, i, item) {
			struct svc_error ignore;
			cursor = rec_int(item, "id");
			if (may_record(s, INVOICE_READ, item, &ignore) < 0)
				continue;
			total++;
			if (cursor <= after)
				continue;
			if ((int64_t)json_array_size(items) < limit) {
				json_array_append(items, item);
				last = cursor;
			} else {
				more = true;
			}
		}
		size_t n = json_array_size(page);
		json_decref(page);
		if (n < 500)
			break;
	}
	s->st->ops->rollback(s->st); /* read only */
	char next[32] = "";
	if (more)
		snprintf(next, sizeof next, "%lld", (long long)last);
	*out = json_pack("{s:o, s:o, s:I}", "items", items, "next", next[0] ? json_string(next) : json_null(), "total",
			 (json_int_t)total);
	return *out ? 0 : oom(err);
}

int svc_invoice_list(struct svc *s, const struct svc_list_params *p, json_t **out, struct svc_error *err)
{
	struct store_filter filters[NLIST_FILTERS];
	size_t nf = 0;
	int64_t after = 0;
	int ret = -1;

	*out = NULL;
	if (may(s, INVOICE_READ, 0, 0, err) < 0)
		return -1;
	if (p->limit < 1 || p->limit > 500) {
		svc_error_set(err, 400, "bad_parameter", "limit", "limit must be between 1 and 500");
		return -1;
	}
	if (p->after && parse_int64(p->after, 0, INT64_MAX - 1, &after) < 0) {
		svc_error_set(err, 400, "bad_parameter", "after", "after must be a cursor from a previous page");
		return -1;
	}
	for (size_t i = 0; i < p->nfilters; i++) {
		const char *name = p->filter_names[i];
		const struct field *f = NULL;
		for (size_t k = 0; k < NLIST_FILTERS; k++)
			if (strcmp(LIST_FILTERS[k], name) == 0)
				f = model_field(&ENTITY_INVOICE, name);
		bool twice = false;
		for (size_t k = 0; k < nf; k++)
			twice = twice || filters[k].field == f;
		if (!f || twice) {
			svc_error_set(err, 400, "bad_parameter", name,
				      twice ? "%s is given twice" : "%s is not a filter of invoice lists: the filters are "
				      "funder_id, region_id, kind and number", name);
			goto done;
		}
		struct verr v;
		if (validate_filter_value(f, p->filter_values[i], &filters[nf].value, &v) < 0) {
			svc_error_set(err, 400, "bad_parameter", name, "%s", v.detail);
			goto done;
		}
		filters[nf].cmp = STORE_EQ;
		filters[nf++].field = f;
	}
	for (int attempt = 0;; attempt++) {
		if ((ret = list_once(s, filters, nf, after, p->limit, out, err)) == 0 || !svc_retry(err, attempt))
			break;
	}
done:
	for (size_t i = 0; i < nf; i++)
		json_decref(filters[i].value);
	return ret;
}
