/* pg_migrate--0.1.0--0.2.0.sql: update script from pg_migrate 0.1.0 to 0.2.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.2.0'" to load this file. \quit

-- The one writer of pg_migrate.log as a procedure, for steps run outside migrate_upgrade (the
-- offline scripts of `pgmig upgrade --sql` CALL it after each step).  Internal: it lives in the
-- catalog schema, so only roles with USAGE on it can call it, and it runs with the caller's
-- rights (the INSERT on pg_migrate.log needs that privilege); EXECUTE stays with PUBLIC for
-- that reason.
CREATE PROCEDURE pg_migrate.write_log(revision text, direction text, outcome text, started_at timestamptz,
                                      duration interval DEFAULT NULL, checksum text DEFAULT NULL,
                                      reason text DEFAULT NULL)
LANGUAGE C SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_write_log';

COMMENT ON PROCEDURE pg_migrate.write_log(text, text, text, timestamptz, interval, text, text) IS
'internal: append one row to pg_migrate.log for a step run outside migrate_upgrade (offline scripts); role, session role, application and client address come from the session; duration NULL is 0';

-- The log's comments name the new writer.
COMMENT ON TABLE pg_migrate.log IS 'every upgrade, downgrade, stamp and repair step, every failed step recorded with migrate_log_failure, and every step an offline script recorded with pg_migrate.write_log';
COMMENT ON COLUMN pg_migrate.log.outcome IS 'applied (upgrade, downgrade), stamped (stamp), repaired (repair; no SQL ran for these two, duration 0) or failed (the step failed and its transaction was rolled back; recorded afterwards with migrate_log_failure)';
COMMENT ON COLUMN pg_migrate.log.reason IS 'why the applied revision was repaired (migrate_repair), or why the step failed (migrate_log_failure writes "<sqlstate>: <message>"); NULL for the other steps';
