-- 0008_coordinator_pool: what matching a coordinator to a request needs.
-- The coordinator's pool facts are appended to coordinators in model order:
-- languages understood at a basic level, municipalities served (none: every
-- municipality of its regions), capacity (cases at the same time), periods
-- unavailable ("YYYY-MM-DD/YYYY-MM-DD"), the training record (the 6-day
-- course, coaching sessions, refresher courses), affiliations with
-- organisations and funders, and declared private relations (names). Lists
-- are JSON arrays; existing coordinators get empty lists and capacity 3.
ALTER TABLE coordinators ADD COLUMN languages_basic TEXT NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN municipalities TEXT NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN capacity INTEGER NOT NULL DEFAULT 3;
ALTER TABLE coordinators ADD COLUMN unavailable TEXT NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN course_on TEXT;
ALTER TABLE coordinators ADD COLUMN coaching_dates TEXT NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN refresher_dates TEXT NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN organisation_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN funder_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE coordinators ADD COLUMN family_relations TEXT NOT NULL DEFAULT '[]';

-- The family's municipality and the date they would like the conference.
ALTER TABLE requests ADD COLUMN municipality TEXT;
ALTER TABLE requests ADD COLUMN wanted_on TEXT;

-- The regional manager's choice of coordinator (written by
-- assign-coordinator), with the shortlist of that moment as JSON text.
CREATE TABLE coordinator_choices (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id),
	coordinator_id INTEGER NOT NULL REFERENCES coordinators (id),
	chosen_on TEXT NOT NULL,
	chosen_by TEXT,
	reason TEXT,
	shortlist TEXT,
	weights TEXT
) STRICT;
CREATE INDEX coordinator_choices_request_id_idx ON coordinator_choices (request_id);
CREATE INDEX coordinator_choices_coordinator_id_idx ON coordinator_choices (coordinator_id);
