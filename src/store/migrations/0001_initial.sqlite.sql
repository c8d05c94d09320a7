-- 0001_initial: one table per entity of src/domain/model.c, plus the
-- idempotency keys. Column names equal field names and columns follow the
-- model's order; tests/unit/test_store_sqlite.c fails when the two drift.
--
-- Every table starts with the system columns id, version, created_at and
-- updated_at (UTC, YYYY-MM-DDTHH:MM:SSZ). Types: text, enum, date, time,
-- language and timestamp fields are TEXT; int, cents and references are
-- INTEGER; booleans are INTEGER 0/1; lists are TEXT holding a JSON array.
-- A column is NOT NULL when its field is required, has a default (the
-- validator fills it in before the store sees the record) or is the link to
-- the owning request.
--
-- PostgreSQL reads its own file, 0001_initial.postgres.sql, which replaces
-- the types and these two SQLite-only words:
--   AUTOINCREMENT  ids are never reused, so an id (or a stale If-Match on
--                  it) can never reach a record created after a delete; in
--                  PostgreSQL: BIGINT GENERATED ALWAYS AS IDENTITY.
--   STRICT         columns refuse values of another type, as PostgreSQL's do.
--
-- Indexes: every filterable column (F_FILTER) and every link to a request
-- (F_PARENT), except where a UNIQUE constraint gives one already.

-- Region
CREATE TABLE regions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	name TEXT NOT NULL UNIQUE
) STRICT;

-- Referrer organisation
CREATE TABLE organisations (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	region_id INTEGER REFERENCES regions (id)
) STRICT;
CREATE INDEX organisations_type_idx ON organisations (type);
CREATE INDEX organisations_region_id_idx ON organisations (region_id);

-- Funder
CREATE TABLE funders (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL
) STRICT;
CREATE INDEX funders_type_idx ON funders (type);

-- Agreement
CREATE TABLE agreements (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	funder_id INTEGER NOT NULL REFERENCES funders (id),
	name TEXT NOT NULL,
	starts_on TEXT NOT NULL,
	ends_on TEXT,
	region_id INTEGER REFERENCES regions (id),
	tariff_family_cents INTEGER,
	tariff_restoration_cents INTEGER,
	tariff_group_cents INTEGER,
	tariff_learning_cents INTEGER
) STRICT;
CREATE INDEX agreements_funder_id_idx ON agreements (funder_id);
CREATE INDEX agreements_region_id_idx ON agreements (region_id);

-- Coordinator
CREATE TABLE coordinators (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	name TEXT NOT NULL,
	gender TEXT,
	languages TEXT NOT NULL,
	backgrounds TEXT NOT NULL,
	region_ids TEXT NOT NULL,
	active INTEGER NOT NULL CHECK (active IN (0, 1)),
	email TEXT,
	phone TEXT,
	fee_cents INTEGER
) STRICT;
CREATE INDEX coordinators_gender_idx ON coordinators (gender);
CREATE INDEX coordinators_active_idx ON coordinators (active);

-- Request (case)
CREATE TABLE requests (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	requested_on TEXT NOT NULL,
	region_id INTEGER NOT NULL REFERENCES regions (id),
	referrer_type TEXT NOT NULL,
	referrer_organisation_id INTEGER REFERENCES organisations (id),
	referrer_name TEXT,
	kind TEXT NOT NULL,
	track TEXT NOT NULL,
	topics TEXT NOT NULL,
	main_persons TEXT NOT NULL,
	minors INTEGER NOT NULL,
	minors_ages TEXT,
	consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
	consent_on TEXT,
	preferred_language TEXT,
	preferred_gender TEXT,
	preferred_background TEXT,
	interpreter_needed INTEGER NOT NULL CHECK (interpreter_needed IN (0, 1)),
	interpreter_language TEXT,
	safety_notes TEXT,
	follow_up_of INTEGER REFERENCES requests (id),
	state TEXT,
	funding_source TEXT,
	funder_id INTEGER REFERENCES funders (id),
	agreement_id INTEGER REFERENCES agreements (id),
	coordinator_id INTEGER REFERENCES coordinators (id),
	outcome TEXT,
	stop_reason TEXT,
	closed_on TEXT
) STRICT;
CREATE INDEX requests_region_id_idx ON requests (region_id);
CREATE INDEX requests_referrer_type_idx ON requests (referrer_type);
CREATE INDEX requests_referrer_organisation_id_idx ON requests (referrer_organisation_id);
CREATE INDEX requests_kind_idx ON requests (kind);
CREATE INDEX requests_track_idx ON requests (track);
CREATE INDEX requests_follow_up_of_idx ON requests (follow_up_of);
CREATE INDEX requests_state_idx ON requests (state);
CREATE INDEX requests_funder_id_idx ON requests (funder_id);
CREATE INDEX requests_agreement_id_idx ON requests (agreement_id);
CREATE INDEX requests_coordinator_id_idx ON requests (coordinator_id);
CREATE INDEX requests_outcome_idx ON requests (outcome);
CREATE INDEX requests_stop_reason_idx ON requests (stop_reason);

-- Network member or informant
CREATE TABLE network_members (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id),
	name TEXT NOT NULL,
	relation TEXT NOT NULL,
	role TEXT NOT NULL,
	organisation TEXT,
	contact TEXT,
	do_not_invite INTEGER NOT NULL CHECK (do_not_invite IN (0, 1)),
	invited INTEGER NOT NULL CHECK (invited IN (0, 1)),
	consented INTEGER NOT NULL CHECK (consented IN (0, 1)),
	attended INTEGER NOT NULL CHECK (attended IN (0, 1)),
	notes TEXT
) STRICT;
CREATE INDEX network_members_request_id_idx ON network_members (request_id);
CREATE INDEX network_members_role_idx ON network_members (role);

-- Conference
CREATE TABLE conferences (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id),
	scheduled_on TEXT,
	place TEXT,
	held_on TEXT,
	phase1_start TEXT,
	phase2_start TEXT,
	phase3_start TEXT,
	ended_at TEXT,
	participants_present INTEGER,
	outcome TEXT,
	UNIQUE (request_id)
) STRICT;

-- Plan
CREATE TABLE plans (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id),
	evaluation_on TEXT,
	fallback TEXT,
	notes TEXT,
	UNIQUE (request_id)
) STRICT;

-- Plan action
CREATE TABLE plan_actions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id),
	topic TEXT NOT NULL,
	what TEXT NOT NULL,
	"by" TEXT NOT NULL,
	network_member_id INTEGER REFERENCES network_members (id),
	professional TEXT,
	due_on TEXT,
	done INTEGER NOT NULL CHECK (done IN (0, 1)),
	substitutes_professional INTEGER NOT NULL CHECK (substitutes_professional IN (0, 1))
) STRICT;
CREATE INDEX plan_actions_request_id_idx ON plan_actions (request_id);
CREATE INDEX plan_actions_topic_idx ON plan_actions (topic);
CREATE INDEX plan_actions_by_idx ON plan_actions ("by");
CREATE INDEX plan_actions_network_member_id_idx ON plan_actions (network_member_id);

-- Verdict
CREATE TABLE verdicts (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id),
	safe_and_feasible INTEGER NOT NULL CHECK (safe_and_feasible IN (0, 1)),
	by_name TEXT NOT NULL,
	organisation TEXT,
	judged_on TEXT NOT NULL,
	reasons TEXT
) STRICT;
CREATE INDEX verdicts_request_id_idx ON verdicts (request_id);

-- Measure
CREATE TABLE measures (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id),
	measure TEXT NOT NULL,
	count INTEGER NOT NULL,
	at_request TEXT NOT NULL,
	at_follow_up TEXT
) STRICT;
CREATE INDEX measures_request_id_idx ON measures (request_id);
CREATE INDEX measures_measure_idx ON measures (measure);

-- Follow-up
CREATE TABLE follow_ups (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id),
	follow_up_on TEXT NOT NULL,
	kind TEXT NOT NULL,
	situation TEXT,
	satisfaction_main_person INTEGER,
	satisfaction_child INTEGER,
	satisfaction_network INTEGER,
	satisfaction_professional INTEGER,
	actions_done_pct INTEGER,
	notes TEXT
) STRICT;
CREATE INDEX follow_ups_request_id_idx ON follow_ups (request_id);

-- Cost
CREATE TABLE costs (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id),
	kind TEXT NOT NULL,
	amount_cents INTEGER NOT NULL,
	incurred_on TEXT,
	description TEXT
) STRICT;
CREATE INDEX costs_request_id_idx ON costs (request_id);
CREATE INDEX costs_kind_idx ON costs (kind);

-- Transition
CREATE TABLE transitions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id),
	action TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state TEXT NOT NULL,
	actor TEXT NOT NULL,
	at TEXT NOT NULL,
	happened_on TEXT NOT NULL,
	note TEXT
) STRICT;
CREATE INDEX transitions_request_id_idx ON transitions (request_id);

-- The first answer given for an Idempotency-Key, per scope (route).
CREATE TABLE idempotency_keys (
	key TEXT NOT NULL,
	scope TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	status INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (key, scope)
) STRICT;
