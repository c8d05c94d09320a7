-- 0010_invoices (SQLite): invoices and credit notes per funder and period,
-- their lines (one per conference held), and the counter that numbers them
-- YYYY-NNNN per year without gaps (service/invoices.c raises it in the
-- transaction that issues the invoice). Columns follow the model
-- (ENTITY_INVOICE, ENTITY_INVOICE_LINE, ENTITY_INVOICE_COUNTER); the funder
-- gets the invoice address the buyer's part of an e-invoice needs.
--
-- An issued invoice is never changed or deleted: a correction is a credit
-- note that references it. The triggers make the database refuse an UPDATE
-- or DELETE on invoices and their lines; one credit note per invoice.
ALTER TABLE funders ADD COLUMN address TEXT;
ALTER TABLE funders ADD COLUMN postcode TEXT;
ALTER TABLE funders ADD COLUMN city TEXT;
ALTER TABLE funders ADD COLUMN oin TEXT;
ALTER TABLE funders ADD COLUMN buyer_reference TEXT;

CREATE TABLE invoices (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	number TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
	funder_id INTEGER NOT NULL REFERENCES funders (id),
	region_id INTEGER REFERENCES regions (id),
	period_from TEXT NOT NULL,
	period_to TEXT NOT NULL,
	issued_on TEXT NOT NULL,
	due_on TEXT NOT NULL,
	total_cents INTEGER NOT NULL,
	credits_invoice_id INTEGER UNIQUE REFERENCES invoices (id),
	reason TEXT,
	issued_by TEXT NOT NULL,
	seller_name TEXT,
	seller_kvk TEXT,
	seller_vat TEXT,
	seller_iban TEXT,
	seller_address TEXT,
	seller_postcode TEXT,
	seller_city TEXT,
	buyer_name TEXT,
	buyer_address TEXT,
	buyer_postcode TEXT,
	buyer_city TEXT,
	buyer_oin TEXT,
	buyer_reference TEXT,
	CHECK ((kind = 'credit_note') = (credits_invoice_id IS NOT NULL))
) STRICT;
CREATE INDEX invoices_kind_idx ON invoices (kind);
CREATE INDEX invoices_funder_id_idx ON invoices (funder_id);
CREATE INDEX invoices_region_id_idx ON invoices (region_id);

CREATE TABLE invoice_lines (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	invoice_id INTEGER NOT NULL REFERENCES invoices (id),
	request_id INTEGER NOT NULL REFERENCES requests (id),
	agreement_id INTEGER NOT NULL REFERENCES agreements (id),
	kind TEXT NOT NULL,
	held_on TEXT NOT NULL,
	description TEXT NOT NULL,
	tariff_cents INTEGER NOT NULL,
	quantity INTEGER NOT NULL CHECK (quantity IN (-1, 1)),
	amount_cents INTEGER NOT NULL,
	CHECK (amount_cents = tariff_cents * quantity)
) STRICT;
CREATE INDEX invoice_lines_invoice_id_idx ON invoice_lines (invoice_id);
CREATE INDEX invoice_lines_request_id_idx ON invoice_lines (request_id);
CREATE INDEX invoice_lines_agreement_id_idx ON invoice_lines (agreement_id);

CREATE TABLE invoice_counters (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	year INTEGER NOT NULL UNIQUE,
	last_number INTEGER NOT NULL CHECK (last_number >= 0)
) STRICT;

CREATE TRIGGER invoices_no_update BEFORE UPDATE ON invoices
BEGIN
	SELECT RAISE(ABORT, 'an issued invoice is never changed: issue a credit note');
END;
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
BEGIN
	SELECT RAISE(ABORT, 'an issued invoice is never deleted: issue a credit note');
END;
CREATE TRIGGER invoice_lines_no_update BEFORE UPDATE ON invoice_lines
BEGIN
	SELECT RAISE(ABORT, 'an issued invoice is never changed: issue a credit note');
END;
CREATE TRIGGER invoice_lines_no_delete BEFORE DELETE ON invoice_lines
BEGIN
	SELECT RAISE(ABORT, 'an issued invoice is never deleted: issue a credit note');
END;
-- the counter only goes up, one at a time
CREATE TRIGGER invoice_counters_up BEFORE UPDATE ON invoice_counters
WHEN NEW.last_number <> OLD.last_number + 1 OR NEW.year <> OLD.year
BEGIN
	SELECT RAISE(ABORT, 'invoice numbers go up one at a time');
END;
CREATE TRIGGER invoice_counters_no_delete BEFORE DELETE ON invoice_counters
BEGIN
	SELECT RAISE(ABORT, 'invoice numbers are never given back');
END;
