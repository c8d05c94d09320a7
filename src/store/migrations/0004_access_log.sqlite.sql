-- 0004_access_log: the access log (NEN 7513). Every read and every change of
-- personal data, and every login, writes one entry: which event, when (UTC,
-- YYYY-MM-DDTHH:MM:SSZ), what and with which outcome, who in which role and on
-- whose behalf, about which client (the request, the case) and which record,
-- from which address.
--
-- The log is append-only: kring never updates or deletes an entry, and the
-- triggers below make the database refuse it too. Entries are hash-chained:
-- prev_hash is the hash of the entry before (64 zeros for the first), hash
-- is SHA-256 over prev_hash and the entry's content (store/audit.c defines
-- the canonical form), so `kring audit verify` finds an entry that was
-- altered, removed or inserted by hand. UNIQUE (prev_hash) keeps the chain
-- from forking: two entries can never follow the same one.
--
-- request_id and object_id have no foreign keys: an entry outlives the
-- records it names.
CREATE TABLE access_log (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id TEXT NOT NULL UNIQUE,
	at TEXT NOT NULL,
	action TEXT NOT NULL CHECK (action IN ('create', 'read', 'update', 'delete', 'export',
		'login', 'login_failed', 'logout')),
	outcome TEXT NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
	user_name TEXT NOT NULL,
	role TEXT NOT NULL,
	on_behalf_of TEXT,
	request_id INTEGER,
	object_type TEXT NOT NULL,
	object_id INTEGER,
	address TEXT NOT NULL,
	prev_hash TEXT NOT NULL UNIQUE,
	hash TEXT NOT NULL
) STRICT;
CREATE INDEX access_log_request_id_idx ON access_log (request_id);
CREATE INDEX access_log_at_idx ON access_log (at);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN
	SELECT RAISE(ABORT, 'access_log is append-only');
END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN
	SELECT RAISE(ABORT, 'access_log is append-only');
END;
