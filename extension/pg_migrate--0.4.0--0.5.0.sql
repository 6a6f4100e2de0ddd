/* pg_migrate--0.4.0--0.5.0.sql: update script from pg_migrate 0.4.0 to 0.5.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.5.0'" to load this file. \quit

-- [perf] the digest of the stored script folder: pgmig skips the upload of an unchanged folder
CREATE FUNCTION @extschema@.migrate_folder_digest()
RETURNS text
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_folder_digest';

COMMENT ON FUNCTION @extschema@.migrate_folder_digest() IS
'SHA-256 over the file name and checksum of every uploaded revision (sorted by file name, each as "<name length>:<name> <checksum>\n"), the digest pgmig computes over its script folder: equal when the folder is stored byte for byte';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_folder_digest() FROM PUBLIC;
