-- 0010_invoices (PostgreSQL): invoices and credit notes per funder and
-- period, their lines (one per conference held), and the counter that
-- numbers them YYYY-NNNN per year without gaps (service/invoices.c raises it
-- in the transaction that issues the invoice). Columns follow the model
-- (ENTITY_INVOICE, ENTITY_INVOICE_LINE, ENTITY_INVOICE_COUNTER); the funder
-- gets the invoice address the buyer's part of an e-invoice needs.
--
-- An issued invoice is never changed or deleted: a correction is a credit
-- note that references it. The triggers make the database refuse an UPDATE,
-- DELETE or TRUNCATE of invoices and their lines; one credit note per
-- invoice.
ALTER TABLE funders ADD COLUMN address TEXT;
ALTER TABLE funders ADD COLUMN postcode TEXT;
ALTER TABLE funders ADD COLUMN city TEXT;
ALTER TABLE funders ADD COLUMN oin TEXT;
ALTER TABLE funders ADD COLUMN buyer_reference TEXT;

CREATE TABLE invoices (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	number TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
	funder_id BIGINT NOT NULL REFERENCES funders (id),
	region_id BIGINT REFERENCES regions (id),
	period_from DATE NOT NULL,
	period_to DATE NOT NULL,
	issued_on DATE NOT NULL,
	due_on DATE NOT NULL,
	total_cents BIGINT NOT NULL,
	credits_invoice_id BIGINT UNIQUE REFERENCES invoices (id),
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
);
CREATE INDEX invoices_kind_idx ON invoices (kind);
CREATE INDEX invoices_funder_id_idx ON invoices (funder_id);
CREATE INDEX invoices_region_id_idx ON invoices (region_id);

CREATE TABLE invoice_lines (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	invoice_id BIGINT NOT NULL REFERENCES invoices (id),
	request_id BIGINT NOT NULL REFERENCES requests (id),
	agreement_id BIGINT NOT NULL REFERENCES agreements (id),
	kind TEXT NOT NULL,
	held_on DATE NOT NULL,
	description TEXT NOT NULL,
	tariff_cents BIGINT NOT NULL,
	quantity BIGINT NOT NULL CHECK (quantity IN (-1, 1)),
	amount_cents BIGINT NOT NULL,
	CHECK (amount_cents = tariff_cents * quantity)
);
CREATE INDEX invoice_lines_invoice_id_idx ON invoice_lines (invoice_id);
CREATE INDEX invoice_lines_request_id_idx ON invoice_lines (request_id);
CREATE INDEX invoice_lines_agreement_id_idx ON invoice_lines (agreement_id);

CREATE TABLE invoice_counters (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	year BIGINT NOT NULL UNIQUE,
	last_number BIGINT NOT NULL CHECK (last_number >= 0)
);

CREATE FUNCTION invoices_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'an issued invoice is never changed or deleted: issue a credit note';
END;
$$;
CREATE TRIGGER invoices_no_update_or_delete BEFORE UPDATE OR DELETE ON invoices
	FOR EACH ROW EXECUTE FUNCTION invoices_refuse();
CREATE TRIGGER invoices_no_truncate BEFORE TRUNCATE ON invoices
	FOR EACH STATEMENT EXECUTE FUNCTION invoices_refuse();
CREATE TRIGGER invoice_lines_no_update_or_delete BEFORE UPDATE OR DELETE ON invoice_lines
	FOR EACH ROW EXECUTE FUNCTION invoices_refuse();
CREATE TRIGGER invoice_lines_no_truncate BEFORE TRUNCATE ON invoice_lines
	FOR EACH STATEMENT EXECUTE FUNCTION invoices_refuse();

-- the counter only goes up, one at a time
CREATE FUNCTION invoice_counters_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' OR NEW.last_number <> OLD.last_number + 1 OR NEW.year <> OLD.year THEN
		RAISE EXCEPTION 'invoice numbers go up one at a time and are never given back';
	END IF;
	RETURN NEW;
END;
$$;
CREATE TRIGGER invoice_counters_up BEFORE UPDATE OR DELETE ON invoice_counters
	FOR EACH ROW EXECUTE FUNCTION invoice_counters_check();
CREATE TRIGGER invoice_counters_no_truncate BEFORE TRUNCATE ON invoice_counters
	FOR EACH STATEMENT EXECUTE FUNCTION invoices_refuse();
