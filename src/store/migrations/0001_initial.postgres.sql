-- 0001_initial (PostgreSQL): the same tables, columns and indexes as
-- 0001_initial.sqlite.sql, in PostgreSQL's own types. Column names equal
-- field names and follow the model's order; tests/unit/test_store.c checks
-- names, order and types against the model on both backends.
--
-- Types: text and enum fields are TEXT; dates DATE; times of day TIME;
-- timestamps TIMESTAMPTZ (kring sets the session time zone to UTC);
-- integers, money in cents and references BIGINT; booleans BOOLEAN; lists
-- JSONB holding a JSON array. Ids are identities that are never reused.
-- NOT NULL and indexes as in the SQLite file.

-- Region
CREATE TABLE regions (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	name TEXT NOT NULL UNIQUE
);

-- Referrer organisation
CREATE TABLE organisations (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	region_id BIGINT REFERENCES regions (id)
);
CREATE INDEX organisations_type_idx ON organisations (type);
CREATE INDEX organisations_region_id_idx ON organisations (region_id);

-- Funder
CREATE TABLE funders (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL
);
CREATE INDEX funders_type_idx ON funders (type);

-- Agreement
CREATE TABLE agreements (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	funder_id BIGINT NOT NULL REFERENCES funders (id),
	name TEXT NOT NULL,
	starts_on DATE NOT NULL,
	ends_on DATE,
	region_id BIGINT REFERENCES regions (id),
	tariff_family_cents BIGINT,
	tariff_restoration_cents BIGINT,
	tariff_group_cents BIGINT,
	tariff_learning_cents BIGINT
);
CREATE INDEX agreements_funder_id_idx ON agreements (funder_id);
CREATE INDEX agreements_region_id_idx ON agreements (region_id);

-- Coordinator
CREATE TABLE coordinators (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	name TEXT NOT NULL,
	gender TEXT,
	languages JSONB NOT NULL,
	backgrounds JSONB NOT NULL,
	region_ids JSONB NOT NULL,
	active BOOLEAN NOT NULL,
	email TEXT,
	phone TEXT,
	fee_cents BIGINT
);
CREATE INDEX coordinators_gender_idx ON coordinators (gender);
CREATE INDEX coordinators_active_idx ON coordinators (active);

-- Request (case)
CREATE TABLE requests (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	requested_on DATE NOT NULL,
	region_id BIGINT NOT NULL REFERENCES regions (id),
	referrer_type TEXT NOT NULL,
	referrer_organisation_id BIGINT REFERENCES organisations (id),
	referrer_name TEXT,
	kind TEXT NOT NULL,
	track TEXT NOT NULL,
	topics JSONB NOT NULL,
	main_persons JSONB NOT NULL,
	minors BIGINT NOT NULL,
	minors_ages TEXT,
	consent BOOLEAN NOT NULL,
	consent_on DATE,
	preferred_language TEXT,
	preferred_gender TEXT,
	preferred_background TEXT,
	interpreter_needed BOOLEAN NOT NULL,
	interpreter_language TEXT,
	safety_notes TEXT,
	follow_up_of BIGINT REFERENCES requests (id),
	state TEXT,
	funding_source TEXT,
	funder_id BIGINT REFERENCES funders (id),
	agreement_id BIGINT REFERENCES agreements (id),
	coordinator_id BIGINT REFERENCES coordinators (id),
	outcome TEXT,
	stop_reason TEXT,
	closed_on DATE
);
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
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	request_id BIGINT NOT NULL REFERENCES requests (id),
	name TEXT NOT NULL,
	relation TEXT NOT NULL,
	role TEXT NOT NULL,
	organisation TEXT,
	contact TEXT,
	do_not_invite BOOLEAN NOT NULL,
	invited BOOLEAN NOT NULL,
	consented BOOLEAN NOT NULL,
	attended BOOLEAN NOT NULL,
	notes TEXT
);
CREATE INDEX network_members_request_id_idx ON network_members (request_id);
CREATE INDEX network_members_role_idx ON network_members (role);

-- Conference
CREATE TABLE conferences (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	request_id BIGINT NOT NULL REFERENCES requests (id),
	scheduled_on DATE,
	place TEXT,
	held_on DATE,
	phase1_start TIME,
	phase2_start TIME,
	phase3_start TIME,
	ended_at TIME,
	participants_present BIGINT,
	outcome TEXT,
	UNIQUE (request_id)
);

-- Plan
CREATE TABLE plans (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	request_id BIGINT NOT NULL REFERENCES requests (id),
	evaluation_on DATE,
	fallback TEXT,
	notes TEXT,
	UNIQUE (request_id)
);

-- Plan action
CREATE TABLE plan_actions (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	request_id BIGINT NOT NULL REFERENCES requests (id),
	topic TEXT NOT NULL,
	what TEXT NOT NULL,
	"by" TEXT NOT NULL,
	network_member_id BIGINT REFERENCES network_members (id),
	professional TEXT,
	due_on DATE,
	done BOOLEAN NOT NULL,
	substitutes_professional BOOLEAN NOT NULL
);
CREATE INDEX plan_actions_request_id_idx ON plan_actions (request_id);
CREATE INDEX plan_actions_topic_idx ON plan_actions (topic);
CREATE INDEX plan_actions_by_idx ON plan_actions ("by");
CREATE INDEX plan_actions_network_member_id_idx ON plan_actions (network_member_id);

-- Verdict
CREATE TABLE verdicts (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	request_id BIGINT NOT NULL REFERENCES requests (id),
	safe_and_feasible BOOLEAN NOT NULL,
	by_name TEXT NOT NULL,
	organisation TEXT,
	judged_on DATE NOT NULL,
	reasons TEXT
);
CREATE INDEX verdicts_request_id_idx ON verdicts (request_id);

-- Measure
CREATE TABLE measures (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	request_id BIGINT NOT NULL REFERENCES requests (id),
	measure TEXT NOT NULL,
	count BIGINT NOT NULL,
	at_request TEXT NOT NULL,
	at_follow_up TEXT
);
CREATE INDEX measures_request_id_idx ON measures (request_id);
CREATE INDEX measures_measure_idx ON measures (measure);

-- Follow-up
CREATE TABLE follow_ups (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	request_id BIGINT NOT NULL REFERENCES requests (id),
	follow_up_on DATE NOT NULL,
	kind TEXT NOT NULL,
	situation TEXT,
	satisfaction_main_person BIGINT,
	satisfaction_child BIGINT,
	satisfaction_network BIGINT,
	satisfaction_professional BIGINT,
	actions_done_pct BIGINT,
	notes TEXT
);
CREATE INDEX follow_ups_request_id_idx ON follow_ups (request_id);

-- Cost
CREATE TABLE costs (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	request_id BIGINT NOT NULL REFERENCES requests (id),
	kind TEXT NOT NULL,
	amount_cents BIGINT NOT NULL,
	incurred_on DATE,
	description TEXT
);
CREATE INDEX costs_request_id_idx ON costs (request_id);
CREATE INDEX costs_kind_idx ON costs (kind);

-- Transition
CREATE TABLE transitions (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	request_id BIGINT NOT NULL REFERENCES requests (id),
	action TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state TEXT NOT NULL,
	actor TEXT NOT NULL,
	at TIMESTAMPTZ NOT NULL,
	happened_on DATE NOT NULL,
	note TEXT
);
CREATE INDEX transitions_request_id_idx ON transitions (request_id);

-- The first answer given for an Idempotency-Key, per scope (route).
CREATE TABLE idempotency_keys (
	key TEXT NOT NULL,
	scope TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	status INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (key, scope)
);
