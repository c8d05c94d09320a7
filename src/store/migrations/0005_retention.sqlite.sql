-- 0005_retention: the date a case was anonymised after its retention period
-- (kring retention: names, contact data and free text replaced, the
-- anonymous facts kept). NULL while the case holds its personal data.
ALTER TABLE requests ADD COLUMN anonymised_on TEXT;
