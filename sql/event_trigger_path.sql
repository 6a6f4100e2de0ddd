-- event_trigger_path: 0.9.0's event trigger functions have no SET clause (it cost a GUC nest
-- level and a search path recomputation on every DDL statement of every migration step); they
-- set search_path = pg_catalog, pg_temp themselves around the work they do outside migrations.
-- The guard's check of temporary relations now resolves a name with the statement's own
-- search_path: with an explicit "public, pg_temp", DROP TABLE t drops public.t and is refused
-- (0.8.0's check looked at pg_temp.t under its own path and let it pass).  The drift records are
-- still written under the safe path, and the caller's search_path is unchanged afterwards.
\set VERBOSITY default

SELECT p.proname, p.proconfig, p.prosecdef FROM pg_proc p
WHERE p.pronamespace = 'pg_migrate'::regnamespace AND p.proname IN ('ddl_guard', 'ddl_record', 'ddl_record_drop')
ORDER BY 1;

CREATE SCHEMA etp;
CREATE TABLE etp.t (a int);
CREATE TEMP TABLE t (a int);
SELECT migrate_drift_clear() >= 0 AS cleared;

SET search_path = etp, pg_temp;
SET pg_migrate.guard = on;
-- etp.t comes first on this path: the statement would drop the permanent table, so it is refused.
DROP TABLE t;
\echo :LAST_ERROR_SQLSTATE
SELECT to_regclass('etp.t') IS NOT NULL AS permanent_kept, to_regclass('pg_temp.t') IS NOT NULL AS temporary_kept;
-- Named with its schema, the temporary table passes.
DROP TABLE pg_temp.t;
SET pg_migrate.guard = off;

-- A statement recorded outside a migration: the record is written, and the caller's path stays.
CREATE TABLE t2 (a int);
SHOW search_path;
SELECT command_tag, object_identity FROM pg_migrate.drift ORDER BY id;
DROP TABLE t2;
SHOW search_path;
SELECT command_tag, object_identity FROM pg_migrate.drift ORDER BY id;

-- A hostile operator on the caller's path is not used by the records (they run as the
-- catalog's owner, under pg_catalog, pg_temp): no NOTICE, and the command is recorded.
CREATE FUNCTION etp.hijack(text, text) RETURNS boolean LANGUAGE plpgsql
AS $$ BEGIN RAISE NOTICE 'hijacked by %', current_user; RETURN true; END $$;
CREATE OPERATOR etp.= (LEFTARG = text, RIGHTARG = text, FUNCTION = etp.hijack);
SELECT 'a'::text = 'b'::text AS hijacked_here;
SET search_path = etp, pg_catalog, pg_temp;
SELECT 'a'::text = 'b'::text AS hijacked_on_this_path;
CREATE TABLE t3 (a int);
RESET search_path;
SELECT command_tag, object_identity FROM pg_migrate.drift ORDER BY id;
SELECT migrate_drift_clear() >= 0 AS cleared;
DROP SCHEMA etp CASCADE;
SELECT migrate_drift_clear() >= 0 AS cleared;
