-- guard: the C++/PostgreSQL boundary.  Errors from the revisions' SQL (PostgreSQL errors) and
-- from pg_migrate itself (C++ exceptions) both arrive with their SQLSTATE, can be caught by a
-- PL/pgSQL exception block, and leave the session fully usable.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('gd_a', '', 'create a', 'CREATE TABLE gd_a (id int);', 'DROP TABLE gd_a;'),
          pg_temp.rev('gd_b', 'gd_a', 'divide', 'DO $$ BEGIN PERFORM 1/0; END $$;', 'SELECT 1;')]);

-- Caught, one after the other, in one transaction; then the work goes on.
DO $$
BEGIN
    BEGIN
        PERFORM * FROM migrate_upgrade('head');
    EXCEPTION WHEN division_by_zero THEN
        RAISE NOTICE 'caught %: %', SQLSTATE, SQLERRM;
    END;
    BEGIN
        PERFORM * FROM migrate_upgrade('gd_zzz');
    EXCEPTION WHEN undefined_object THEN
        RAISE NOTICE 'caught %: %', SQLSTATE, SQLERRM;
    END;
    BEGIN
        PERFORM * FROM migrate_upload(ARRAY['x.sql'], ARRAY['SELECT 1;']);
    EXCEPTION WHEN others THEN
        RAISE NOTICE 'caught %: %', SQLSTATE, SQLERRM;
    END;
    PERFORM * FROM migrate_upgrade('gd_a');
    RAISE NOTICE 'now at %', (SELECT string_agg(revision, ',') FROM migrate_current());
END $$;
SELECT revision, line FROM migrate_current();
SELECT to_regclass('gd_a') AS table_a;

-- Called in the select list (ProjectSet) rather than in FROM.
SELECT (migrate_downgrade('base')).revision;
SELECT (migrate_upgrade('gd_a')).revision;

-- The error of a nested call is raised once, with every CONTEXT line once.
CREATE FUNCTION guard_upgrade_all() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM * FROM migrate_upgrade('head');
END $$;
SELECT guard_upgrade_all();
\echo :LAST_ERROR_SQLSTATE
SELECT revision FROM migrate_current();

-- Clean up.
DROP FUNCTION guard_upgrade_all();
SELECT revision FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
