-- stamp: migrate_stamp(targets, purge) sets the current heads without running any SQL, and
-- logs each stamped revision (direction stamp, outcome stamped).
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- The version rows, and which of the revisions' tables exist (none ever should).
CREATE FUNCTION pg_temp.state(OUT heads text, OUT tables text)
LANGUAGE sql AS $$
SELECT (SELECT coalesce(string_agg(revision, ', ' ORDER BY revision), '') FROM pg_migrate.version),
       (SELECT coalesce(string_agg(relname, ', ' ORDER BY relname), '') FROM pg_class
        WHERE relname LIKE 'stamp\_t\_%' AND relkind = 'r')
$$;

--   base -> a1 -> b2 -> c3
--                    \-> d4
--   x5 (own root)
SELECT revision, action FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql', '4_d.sql', '5_x.sql'],
    ARRAY[pg_temp.rev('a1', '', 'initial', 'CREATE TABLE stamp_t_a1 (id int);', 'DROP TABLE stamp_t_a1;'),
          pg_temp.rev('b2', 'a1', 'split', 'CREATE TABLE stamp_t_b2 (id int);', 'DROP TABLE stamp_t_b2;'),
          pg_temp.rev('c3', 'b2', 'left', 'CREATE TABLE stamp_t_c3 (id int);', 'DROP TABLE stamp_t_c3;'),
          pg_temp.rev('d4', 'b2', 'right', 'CREATE TABLE stamp_t_d4 (id int);', 'DROP TABLE stamp_t_d4;'),
          pg_temp.rev('x5', '', 'other', 'CREATE TABLE stamp_t_x5 (id int);', 'DROP TABLE stamp_t_x5;')]);

-- An id on the empty database.
SELECT * FROM migrate_stamp(ARRAY['b2']);
SELECT * FROM pg_temp.state();
-- Already there: no step.
SELECT * FROM migrate_stamp(ARRAY['b2']);
-- All heads.
SELECT * FROM migrate_stamp(ARRAY['heads']);
SELECT * FROM pg_temp.state();
-- An ancestor: the row moves down.
SELECT * FROM migrate_stamp(ARRAY['a1']);
SELECT * FROM pg_temp.state();
-- Base: the rows go.
SELECT * FROM migrate_stamp(ARRAY['base']);
SELECT * FROM pg_temp.state();
-- Several targets.
SELECT * FROM migrate_stamp(ARRAY['c3', 'd4']);
SELECT * FROM pg_temp.state();
-- Purge with two targets: the table is emptied first, then holds exactly the targets.
SELECT * FROM migrate_stamp(ARRAY['b2', 'x5'], purge => true);
SELECT * FROM pg_temp.state();

-- Errors change nothing.
SELECT * FROM migrate_stamp(ARRAY['zz9']);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_stamp(ARRAY['head']);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_stamp(NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_stamp(ARRAY[]::text[]);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_stamp(ARRAY['a1', NULL]);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_stamp(ARRAY['a1'], NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- The log: one row per stamped revision, with its checksum, no duration.
SELECT l.revision, l.direction, l.outcome, l.duration, l.checksum = r.checksum AS checksum_ok,
       l.role = current_user AS by_me
FROM pg_migrate.log AS l LEFT JOIN pg_migrate.revision AS r ON r.id = l.revision
ORDER BY l.id;

-- A stamped database upgrades from the stamp: only d4's and the unstamped tables are created.
SELECT * FROM migrate_stamp(ARRAY['c3'], purge => true);
SELECT revision FROM migrate_upgrade('heads');
SELECT * FROM pg_temp.state();

-- Clean up.
SELECT count(*) FROM migrate_stamp(ARRAY['base'], true);
DROP TABLE stamp_t_d4, stamp_t_x5;
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
