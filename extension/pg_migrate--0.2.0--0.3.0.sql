/* pg_migrate--0.2.0--0.3.0.sql: update script from pg_migrate 0.2.0 to 0.3.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.3.0'" to load this file. \quit

-- [engine] non-transactional revisions, transaction modes, lock safety, rehearsal

-- [locks] lock safety settings' functions, the migration lock

-- The migration lock at session level, for a run of several transactions (pgmig
-- --transaction-per-revision, a DBA's script): the migrate_* calls of the same session then take
-- it at once.  Like the transaction-level wait, it names the holder and waits at most
-- pg_migrate.migration_lock_timeout.
CREATE FUNCTION pg_migrate.lock_session()
RETURNS void
LANGUAGE C VOLATILE STRICT SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_lock_session';

COMMENT ON FUNCTION pg_migrate.lock_session() IS
'take the migration lock at session level (it waits at most pg_migrate.migration_lock_timeout, after a notice naming the session that holds it); held until pg_migrate.unlock_session() or the end of the session';

CREATE FUNCTION pg_migrate.unlock_session()
RETURNS boolean
LANGUAGE C VOLATILE STRICT SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_unlock_session';

COMMENT ON FUNCTION pg_migrate.unlock_session() IS
'release the migration lock taken by pg_migrate.lock_session(); false when this session did not hold it';

REVOKE EXECUTE ON FUNCTION pg_migrate.lock_session() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_migrate.unlock_session() FROM PUBLIC;

-- [integrity] what runs is what was checked; standby; runs, restore points and backups

-- [lint] lint
-- migrate_lint keeps the caller's search_path, as migrate_upgrade does, so the names in the
-- revisions' SQL resolve to the tables the upgrade would change; its own statements are
-- schema-qualified.
CREATE FUNCTION @extschema@.migrate_lint(direction text DEFAULT 'upgrade', target text DEFAULT 'head')
RETURNS TABLE (revision text, file_name text, line integer, rule text, relation text, relation_size bigint,
               estimated_rows bigint, lock_mode text, message text, detail text, hint text, waived boolean)
LANGUAGE C STABLE SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_lint';

COMMENT ON FUNCTION @extschema@.migrate_lint(text, text) IS
'the risks of the steps migrate_upgrade or migrate_downgrade (direction) would run to target, checked against the live catalog without running them: one row per finding, with the revision file''s line, the rule, the table, its size and the lock; waived is true for findings a "-- lint: ignore RULE" comment waives';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_lint(text, text) FROM PUBLIC;

-- [drift] drift and guard
