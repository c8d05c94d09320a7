-- 0003_accounts: user accounts, their sessions and API tokens, and the count
-- of failed logins per user name and per address (see service/accounts.c).
-- Columns follow the model (ENTITY_USER, ENTITY_SESSION,
-- ENTITY_LOGIN_THROTTLE in src/domain/model.c). A token is stored only as
-- its SHA-256; a password only as its argon2id hash.

CREATE TABLE users (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	username TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	password_hash TEXT,
	roles TEXT NOT NULL,
	region_ids TEXT NOT NULL,
	all_regions INTEGER NOT NULL CHECK (all_regions IN (0, 1)),
	coordinator_id INTEGER REFERENCES coordinators (id),
	funder_id INTEGER REFERENCES funders (id),
	language TEXT NOT NULL,
	disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
	failed_logins INTEGER NOT NULL,
	locked INTEGER NOT NULL CHECK (locked IN (0, 1)),
	last_failed_at TEXT,
	totp_secret TEXT,
	totp_last_step INTEGER,
	recovery_codes TEXT NOT NULL
) STRICT;
CREATE INDEX users_coordinator_id_idx ON users (coordinator_id);
CREATE INDEX users_funder_id_idx ON users (funder_id);

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users (id),
	kind TEXT NOT NULL,
	label TEXT,
	last_seen_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	address TEXT
) STRICT;
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TABLE login_throttles (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	key TEXT NOT NULL UNIQUE,
	failures INTEGER NOT NULL,
	last_failed_at TEXT NOT NULL
) STRICT;
