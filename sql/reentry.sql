-- reentry: a revision's SQL cannot call migrate_upgrade, migrate_downgrade, migrate_upload or
-- migrate_repair (55000): the inner call would plan from a half-applied state under the outer
-- plan.  The mark is cleared after every call, also after an error, and an error caught inside
-- a revision's SQL does not clear it early.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- upload(up, down): re_a creates a table; re_b runs the given SQL.
CREATE FUNCTION pg_temp.upload(up text, down text DEFAULT 'SELECT 1;') RETURNS bigint
LANGUAGE sql AS $$
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('re_a', '', 'create a', 'CREATE TABLE re_a (id int);', 'DROP TABLE re_a;'),
          pg_temp.rev('re_b', 're_a', 'nested', up, down)])
$$;

-- Each of the three, called from a revision: refused, and nothing stays.
SELECT pg_temp.upload('SELECT count(*) FROM migrate_upgrade(''head'');');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('SELECT count(*) FROM migrate_downgrade(''base'');');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
-- migrate_repair too (re_a is applied by then).
SELECT pg_temp.upload('SELECT count(*) FROM migrate_repair(''re_a'', ''nested'');');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT to_regclass('re_a') AS table_a, (SELECT count(*) FROM pg_migrate.version) AS versions;

-- After these errors the session migrates normally.
SELECT revision FROM migrate_upgrade('re_a');
SELECT revision FROM migrate_downgrade('base');

-- An error caught inside the revision's SQL (a subtransaction aborted while the migration
-- runs) does not clear the mark: the nested call that follows is still refused.
SELECT pg_temp.upload($sql$DO $do$
BEGIN
    BEGIN
        PERFORM 1 / 0;
    EXCEPTION WHEN division_by_zero THEN
        RAISE NOTICE 'caught %', SQLSTATE;
    END;
    PERFORM * FROM migrate_upgrade('head');
END $do$;$sql$);
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE

-- A revision may catch the refusal itself; its migration then goes on and finishes.
SELECT pg_temp.upload($sql$DO $do$
BEGIN
    PERFORM * FROM migrate_upgrade('head');
EXCEPTION WHEN object_not_in_prerequisite_state THEN
    RAISE NOTICE 'refused: %', SQLERRM;
END $do$;$sql$);
SELECT revision FROM migrate_upgrade();
SELECT revision FROM migrate_downgrade('base');

-- Reading is allowed inside a migration: migrate_current and migrate_history.
SELECT pg_temp.upload($sql$DO $do$
BEGIN
    RAISE NOTICE 'inside: current %, % revisions',
        (SELECT string_agg(revision, ',') FROM migrate_current()),
        (SELECT count(*) FROM migrate_history());
END $do$;$sql$);
SELECT revision FROM migrate_upgrade();
SELECT revision FROM migrate_downgrade('base');

-- From a downgrade too; here the refused call is caught by the caller's PL/pgSQL block, and
-- the next call in the same transaction is not refused.
SELECT pg_temp.upload('SELECT 1;', 'SELECT count(*) FROM migrate_upgrade(''head'');');
SELECT revision FROM migrate_upgrade();
DO $$
BEGIN
    BEGIN
        PERFORM * FROM migrate_downgrade('base');
    EXCEPTION WHEN object_not_in_prerequisite_state THEN
        RAISE NOTICE 'caught %: %', SQLSTATE, SQLERRM;
    END;
    PERFORM * FROM migrate_upgrade('head');
    RAISE NOTICE 'still at %', (SELECT string_agg(revision, ',') FROM migrate_current());
END $$;
SELECT revision FROM migrate_downgrade('base');
\echo :LAST_ERROR_SQLSTATE
SELECT revision FROM migrate_current();

-- Clean up (re_b cannot be reverted: forget the state by hand).
DELETE FROM pg_migrate.version;
DROP TABLE re_a;
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
