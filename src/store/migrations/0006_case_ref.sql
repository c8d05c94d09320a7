-- 0006_case_ref: the case's own reference (dossier number), as an outside
-- system or an old spreadsheet knows it. kring import matches cases by it:
-- importing the same ref again changes that case instead of adding one.
-- NULL for cases entered in kring without one; NULLs do not collide in a
-- UNIQUE index on either backend, so the index also serves the lookup.
ALTER TABLE requests ADD COLUMN ref TEXT;
CREATE UNIQUE INDEX requests_ref_idx ON requests (ref);
