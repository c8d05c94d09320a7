-- 0005_retention (PostgreSQL): the same column as 0005_retention.sqlite.sql
-- (see there), as a DATE.
ALTER TABLE requests ADD COLUMN anonymised_on DATE;
