/* pg_migrate--0.7.0--0.8.0.sql: update script from pg_migrate 0.7.0 to 0.8.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.8.0'" to load this file. \quit

-- 0.8.0 (issue 11, speed); every object added here is also added to pg_migrate--0.8.0.sql.

-- [plan] the stored planning graph and the plan without its SQL (docs/planning.md): migrate_upload
-- keeps the catalog's revision graph, encoded, in the folder state's row, which the trigger
-- folder_state_forget deletes on any other write of pg_migrate.revision; planning reads that
-- one value instead of the table while it is there.  Stored uncompressed: it is read whole by
-- every planning call, and decompressing costs more than reading the larger value.
ALTER TABLE pg_migrate.folder_state ADD COLUMN graph bytea;
ALTER TABLE pg_migrate.folder_state ALTER COLUMN graph SET STORAGE EXTERNAL;

COMMENT ON COLUMN pg_migrate.folder_state.graph IS
'the revision graph of the stored folder in the library''s binary format (RevisionGraph::Encode), read by planning instead of pg_migrate.revision; NULL when written before 0.8.0';

CREATE FUNCTION @extschema@.migrate_plan(direction text, target text, with_sql boolean)
RETURNS TABLE (step integer, revision text, direction text, description text, sql text)
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_plan';

COMMENT ON FUNCTION @extschema@.migrate_plan(text, text, boolean) IS
'migrate_plan(direction, target), with with_sql false: the steps alone, the sql column NULL, no stored file read or checked';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_plan(text, text, boolean) FROM PUBLIC;
