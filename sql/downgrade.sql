-- downgrade: migrate_downgrade reverts revisions newest first, logs each step and rewrites
-- pg_migrate.version.  An irreversible revision in the way is refused before anything runs.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

CREATE FUNCTION pg_temp.state() RETURNS TABLE (versions text, log_rows bigint, tables text)
LANGUAGE sql AS $$
SELECT (SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '(none)') FROM pg_migrate.version),
       (SELECT count(*) FROM pg_migrate.log),
       (SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '(none)') FROM pg_class
         WHERE relname LIKE 'dg\_%' AND relkind = 'r')
$$;

-- c is irreversible (no downgrade section).
SELECT action, count(*) FROM migrate_upload(
    ARRAY['01_a.sql', '02_b.sql', '03_c.sql', '04_d.sql', '05_e.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE dg_a (id int);', 'DROP TABLE dg_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE dg_b (id int);', 'DROP TABLE dg_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'drop b for good', 'DROP TABLE dg_b;'),
          pg_temp.rev('dddd4444', 'cccc3333', 'create d', 'CREATE TABLE dg_d (id int);', 'DROP TABLE dg_d;'),
          pg_temp.rev('eeee5555', 'dddd4444', 'create e', 'CREATE TABLE dg_e (id int);', 'DROP TABLE dg_e;')])
GROUP BY action;
SELECT revision FROM migrate_upgrade();
SELECT * FROM pg_temp.state();

-- One step down.
SELECT revision, direction, message, duration >= '0' AS timed FROM migrate_downgrade('-1');
SELECT * FROM pg_temp.state();
-- To a revision by prefix.
SELECT revision, direction, message FROM migrate_downgrade('ccc');
SELECT * FROM pg_temp.state();
-- Already there: nothing to do.
SELECT revision, direction, message FROM migrate_downgrade('cccc3333');

-- Past the irreversible revision: refused before anything runs.
SELECT revision FROM migrate_upgrade();
SELECT * FROM pg_temp.state();
SELECT revision FROM migrate_downgrade('base');
\echo :LAST_ERROR_SQLSTATE
SELECT revision FROM migrate_downgrade('aaaa1111');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- Bad targets.
SELECT revision FROM migrate_downgrade('zzzz');
\echo :LAST_ERROR_SQLSTATE
SELECT revision FROM migrate_downgrade(NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT revision FROM migrate_downgrade('-9');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- A failing downgrade: e is reverted, then d fails; CONTEXT names d, and e comes back.
DROP TABLE dg_d;
SELECT revision FROM migrate_downgrade('cccc3333');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();
CREATE TABLE dg_d (id int);

-- The log tells the story.
SELECT revision, direction, outcome FROM pg_migrate.log ORDER BY id;

-- A reversible chain goes all the way down to base.  Forget the irreversible state by hand.
DELETE FROM pg_migrate.version;
DROP TABLE dg_a, dg_d, dg_e;
SELECT action, count(*) FROM migrate_upload(
    ARRAY['01_a.sql', '02_b.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE dg_a (id int);', 'DROP TABLE dg_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE dg_b (id int);', 'DROP TABLE dg_b;')])
GROUP BY action ORDER BY action;
SELECT revision FROM migrate_upgrade();
SELECT revision, direction, message FROM migrate_downgrade('base');
SELECT * FROM pg_temp.state();
SELECT revision, direction FROM migrate_downgrade('base');

-- Under REPEATABLE READ and SERIALIZABLE, the second call of a statement sees what the first
-- one wrote, and is not mistaken for a caller with a stale snapshot (40001).
SELECT revision FROM migrate_upgrade();
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT (SELECT count(*) FROM migrate_downgrade('base')) AS reverted,
       (SELECT count(*) FROM migrate_upgrade('heads')) AS applied;
SELECT * FROM pg_temp.state();
COMMIT;
BEGIN ISOLATION LEVEL SERIALIZABLE;
SELECT (SELECT count(*) FROM migrate_downgrade('base')) AS reverted,
       (SELECT count(*) FROM migrate_upgrade('heads')) AS applied;
SELECT revision FROM migrate_downgrade('base');
SELECT * FROM pg_temp.state();
COMMIT;

-- Clean up.
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
