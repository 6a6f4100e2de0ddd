/* pg_migrate--0.7.0--0.8.0.sql: update script from pg_migrate 0.7.0 to 0.8.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.8.0'" to load this file. \quit

-- 0.8.0 (issue 11, speed); every object added here is also added to pg_migrate--0.8.0.sql.

-- [speed] a run whose folder is the stored one skips migrate_upload_needed and the upload
CREATE FUNCTION @extschema@.migrate_folder_stored(folder_digest text)
RETURNS boolean
LANGUAGE C VOLATILE STRICT SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_folder_stored';

COMMENT ON FUNCTION @extschema@.migrate_folder_stored(text) IS
'takes the migration lock and tells whether the stored folder state holds this folder digest and the caller uploaded every stored revision: then migrate_upload_needed would return no row and uploading the folder would change nothing; false otherwise (no state stored, another digest, a revision uploaded by another role)';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_folder_stored(text) FROM PUBLIC;
