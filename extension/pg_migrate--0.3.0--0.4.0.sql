/* pg_migrate--0.3.0--0.4.0.sql: update script from pg_migrate 0.3.0 to 0.4.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.4.0'" to load this file. \quit

COMMENT ON COLUMN pg_migrate.log.reason IS 'why the applied revision was repaired (migrate_repair), why the step failed (migrate_log_failure writes "<sqlstate>: <message>"), or why the revisions were stamped (migrate_stamp''s reason); NULL for the other steps';

-- [adopt] stamping with a reason (pgmig import alembic --adopt, pgmig baseline)

CREATE FUNCTION @extschema@.migrate_stamp(targets text[], purge boolean, reason text)
RETURNS TABLE (from_revisions text[], to_revisions text[], description text)
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_stamp';

COMMENT ON FUNCTION @extschema@.migrate_stamp(text[], boolean, text) IS
'migrate_stamp(targets, purge) that writes reason (NULL: none) into every log row it adds, e.g. "adopted from alembic_version"';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_stamp(text[], boolean, text) FROM PUBLIC;

-- [snapshot] autogenerate: privileges, storage parameters, extension versions
