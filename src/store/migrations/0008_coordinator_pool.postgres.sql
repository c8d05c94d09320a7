-- 0008_coordinator_pool (PostgreSQL): the same columns and table as
-- 0008_coordinator_pool.sqlite.sql (see there), in PostgreSQL's types.
ALTER TABLE coordinators ADD COLUMN languages_basic JSONB NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN municipalities JSONB NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN capacity BIGINT NOT NULL DEFAULT 3;
ALTER TABLE coordinators ADD COLUMN unavailable JSONB NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN course_on DATE;
ALTER TABLE coordinators ADD COLUMN coaching_dates JSONB NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN refresher_dates JSONB NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN organisation_ids JSONB NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN funder_ids JSONB NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN family_relations JSONB NOT NULL DEFAULT '[]';

ALTER TABLE requests ADD COLUMN municipality TEXT;
ALTER TABLE requests ADD COLUMN wanted_on DATE;

CREATE TABLE coordinator_choices (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	request_id BIGINT NOT NULL REFERENCES requests (id),
	coordinator_id BIGINT NOT NULL REFERENCES coordinators (id),
	chosen_on DATE NOT NULL,
	chosen_by TEXT,
	reason TEXT,
	shortlist TEXT,
	weights TEXT
);
CREATE INDEX coordinator_choices_request_id_idx ON coordinator_choices (request_id);
CREATE INDEX coordinator_choices_coordinator_id_idx ON coordinator_choices (coordinator_id);
