-- 0004_access_log (PostgreSQL): the same table as 0004_access_log.sqlite.sql
-- (see there), in PostgreSQL's types, with triggers that refuse UPDATE,
-- DELETE and TRUNCATE.
CREATE TABLE access_log (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	event_id TEXT NOT NULL UNIQUE,
	at TIMESTAMPTZ NOT NULL,
	action TEXT NOT NULL CHECK (action IN ('create', 'read', 'update', 'delete', 'export',
		'login', 'login_failed', 'logout')),
	outcome TEXT NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
	user_name TEXT NOT NULL,
	role TEXT NOT NULL,
	on_behalf_of TEXT,
	request_id BIGINT,
	object_type TEXT NOT NULL,
	object_id BIGINT,
	address TEXT NOT NULL,
	prev_hash TEXT NOT NULL UNIQUE,
	hash TEXT NOT NULL
);
CREATE INDEX access_log_request_id_idx ON access_log (request_id);
CREATE INDEX access_log_at_idx ON access_log (at);

CREATE FUNCTION access_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'access_log is append-only';
END;
$$;
CREATE TRIGGER access_log_no_update_or_delete BEFORE UPDATE OR DELETE ON access_log
	FOR EACH ROW EXECUTE FUNCTION access_log_refuse();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
	FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse();

-- Holds no rows. A transaction that appends to the log locks it before its
-- first other statement: LOCK TABLE takes no snapshot, so the SERIALIZABLE
-- transaction's snapshot, taken after the lock is granted, holds every entry
-- committed before, and the entry it reads as the last one is the last one.
-- (pg_advisory_xact_lock is a function called by a SELECT, whose snapshot is
-- taken before the lock is waited for.) A table of its own, so that the
-- lock never meets autovacuum on access_log.
CREATE TABLE access_log_lock ();
