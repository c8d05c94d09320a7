-- 0003_accounts (PostgreSQL): the tables of 0003_accounts.sqlite.sql in
-- PostgreSQL's types.

CREATE TABLE users (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	username TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	password_hash TEXT,
	roles JSONB NOT NULL,
	region_ids JSONB NOT NULL,
	all_regions BOOLEAN NOT NULL,
	coordinator_id BIGINT REFERENCES coordinators (id),
	funder_id BIGINT REFERENCES funders (id),
	language TEXT NOT NULL,
	disabled BOOLEAN NOT NULL,
	failed_logins BIGINT NOT NULL,
	locked BOOLEAN NOT NULL,
	last_failed_at TIMESTAMPTZ,
	totp_secret TEXT,
	totp_last_step BIGINT,
	recovery_codes JSONB NOT NULL
);
CREATE INDEX users_coordinator_id_idx ON users (coordinator_id);
CREATE INDEX users_funder_id_idx ON users (funder_id);

CREATE TABLE sessions (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES users (id),
	kind TEXT NOT NULL,
	label TEXT,
	last_seen_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL,
	address TEXT
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TABLE login_throttles (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 1,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	key TEXT NOT NULL UNIQUE,
	failures BIGINT NOT NULL,
	last_failed_at TIMESTAMPTZ NOT NULL
);
