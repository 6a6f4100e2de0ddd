-- info: migrate_current() and migrate_history() on a graph with a branch point, a branch label,
-- a dependency and a merge point, at several database states.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- Empty catalog: no rows.
SELECT * FROM migrate_current();
SELECT * FROM migrate_history();

--   base -> a1 -> b2 ---------> m5
--              \-> c3 (feature) /
--   d4 (own root, depends on a1), no downgrade
SELECT revision, file_name, action FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql', '4_d.sql', '5_m.sql'],
    ARRAY[pg_temp.rev('a1', '', 'initial', 'SELECT 1;', 'SELECT 1;'),
          pg_temp.rev('b2', 'a1', 'add users', 'SELECT 1;', 'SELECT 1;'),
          pg_temp.rev('c3', 'a1', 'add feature', 'SELECT 1;', 'SELECT 1;', E'-- Branch Labels: feature\n'),
          pg_temp.rev('d4', '', 'reports', 'SELECT 1;', NULL, E'-- Depends On: a1\n'),
          pg_temp.rev('m5', 'b2, c3', 'merge', 'SELECT 1;', 'SELECT 1;')]);

SELECT * FROM migrate_history();
SELECT * FROM migrate_current();

-- Two heads: b2 and c3.
SELECT revision FROM migrate_upgrade('b2');
SELECT revision FROM migrate_upgrade('c3');
SELECT * FROM migrate_current();
SELECT revision, is_current, is_applied, line FROM migrate_history();

-- All heads: m5 and d4.
SELECT revision FROM migrate_upgrade('heads');
SELECT * FROM migrate_current();
SELECT revision, is_current, is_applied FROM migrate_history();

-- An effective head (no child, but another revision depends on it) is not a head.
-- (d4 is irreversible: forget the state by hand.)
DELETE FROM pg_migrate.version;
SELECT revision, action FROM migrate_upload(
    ARRAY['1_e.sql', '2_f.sql'],
    ARRAY[pg_temp.rev('e6', '', 'lookup tables', 'SELECT 1;', 'SELECT 1;'),
          pg_temp.rev('f7', '', 'use lookups', 'SELECT 1;', 'SELECT 1;', E'-- Depends On: e6\n')]);
SELECT revision, is_head, line FROM migrate_history();
SELECT revision FROM migrate_upgrade('e6');
SELECT revision, is_head, line FROM migrate_current();
SELECT revision FROM migrate_upgrade('heads');
SELECT revision, is_head, line FROM migrate_current();

-- Clean up.
SELECT count(*) FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
