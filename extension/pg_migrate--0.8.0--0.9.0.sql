/* pg_migrate--0.8.0--0.9.0.sql: update script from pg_migrate 0.8.0 to 0.9.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.9.0'" to load this file. \quit

-- 0.9.0 (issue 11, speed); every object added here is also added to pg_migrate--0.9.0.sql.

-- [speed] the event trigger functions have no SET clause: they set search_path themselves around
-- the work they do outside migrations (ddl_guard.cpp, PushSafeSearchPath), not on every DDL
-- statement of a migration, where they return at once.
ALTER FUNCTION pg_migrate.ddl_guard() RESET search_path;
ALTER FUNCTION pg_migrate.ddl_record() RESET search_path;
ALTER FUNCTION pg_migrate.ddl_record_drop() RESET search_path;

-- [speed] pgmig current in one call: the lines of a folder the database stored, at its heads
CREATE FUNCTION @extschema@.migrate_current_stored(folder_digest text)
RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
SELECT s.current_lines
FROM pg_migrate.folder_state s
WHERE s.digest OPERATOR(pg_catalog.=) folder_digest
  AND s.heads OPERATOR(pg_catalog.=)
      (SELECT COALESCE(pg_catalog.array_agg(revision ORDER BY revision COLLATE "C"), '{}') FROM pg_migrate.version)
$$;

COMMENT ON FUNCTION @extschema@.migrate_current_stored(text) IS
'migrate_current_lines() when the stored folder state also holds this folder digest: what pgmig current prints for a folder the database stored, at its heads, in one call (migrate_nothing_to_do(digest, ''upgrade'', ''heads'') and migrate_current_lines() together); NULL otherwise';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_current_stored(text) FROM PUBLIC;
