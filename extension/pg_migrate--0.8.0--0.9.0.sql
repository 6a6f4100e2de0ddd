/* pg_migrate--0.8.0--0.9.0.sql: update script from pg_migrate 0.8.0 to 0.9.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.9.0'" to load this file. \quit

-- 0.9.0 (issue 11, speed); every object added here is also added to pg_migrate--0.9.0.sql.

-- [speed] the event trigger functions have no SET clause: they set search_path themselves around
-- the work they do outside migrations (ddl_guard.cpp, PushSafeSearchPath), not on every DDL
-- statement of a migration, where they return at once.
ALTER FUNCTION pg_migrate.ddl_guard() RESET search_path;
ALTER FUNCTION pg_migrate.ddl_record() RESET search_path;
ALTER FUNCTION pg_migrate.ddl_record_drop() RESET search_path;
