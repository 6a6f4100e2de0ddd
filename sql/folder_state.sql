-- folder_state: 0.7.0's stored folder state (pg_migrate.folder_state) and the two SQL functions
-- that answer from it without the library: migrate_nothing_to_do(digest, direction, target)
-- (the no-op check of pgmig upgrade and downgrade) and migrate_current_lines() (pgmig current).
-- migrate_upload writes the state; any other write of pg_migrate.revision forgets it (a
-- statement trigger); migrate_upload_needed stores it again when the folder equals the catalog.
-- The answers must agree with migrate_folder_digest(), migrate_plan() and migrate_current().
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- agrees(direction, target): migrate_nothing_to_do against the 0.6.0 check (digest and plan).
CREATE FUNCTION pg_temp.agrees(direction text, target text) RETURNS text LANGUAGE sql AS $$
SELECT coalesce(migrate_nothing_to_do(migrate_folder_digest(), direction, target)::text, 'null') || ' / ' ||
       (NOT EXISTS (SELECT FROM migrate_plan(direction, target)))::text
$$;
-- lines_agree(): migrate_current_lines() is NULL or migrate_current()'s lines, in order.
CREATE FUNCTION pg_temp.lines_agree() RETURNS text LANGUAGE sql AS $$
SELECT CASE WHEN migrate_current_lines() IS NULL THEN 'null'
            WHEN migrate_current_lines() = ARRAY(SELECT line FROM migrate_current()) THEN 'same'
            ELSE 'DIFFERENT: ' || migrate_current_lines()::text END
$$;

-- No state (as right after ALTER EXTENSION pg_migrate UPDATE; an earlier suite's upload of the
-- empty folder stored one): the check cannot say "nothing to do", current is not told.
DELETE FROM pg_migrate.folder_state;
SELECT count(*) AS revisions FROM pg_migrate.revision;
SELECT migrate_nothing_to_do(migrate_folder_digest(), 'upgrade', 'heads') AS heads, pg_temp.lines_agree() AS lines;

-- A chain uploaded: the state holds the digest and the head.
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
    ARRAY[pg_temp.rev('fs_a', '', 'create a', 'CREATE TABLE fs_a (id int);', 'DROP TABLE fs_a;'),
          pg_temp.rev('fs_b', 'fs_a', 'create b', 'CREATE TABLE fs_b (id int);', 'DROP TABLE fs_b;'),
          pg_temp.rev('fs_c', 'fs_b', 'create c', 'CREATE TABLE fs_c (id int);', 'DROP TABLE fs_c;')]);
SELECT digest = migrate_folder_digest() AS digest_ok, heads, current_lines FROM pg_migrate.folder_state;
-- pending: upgrade head has work, downgrade base has none; other targets are not told
SELECT pg_temp.agrees('upgrade', 'head') AS head, pg_temp.agrees('upgrade', 'heads') AS heads,
       pg_temp.agrees('downgrade', 'base') AS base, pg_temp.agrees('upgrade', 'fs_b') AS fs_b,
       pg_temp.lines_agree() AS lines;
-- another digest: false
SELECT migrate_nothing_to_do(repeat('0', 64), 'downgrade', 'base') AS other_digest;

SELECT revision FROM migrate_upgrade('head');
SELECT pg_temp.agrees('upgrade', 'head') AS head, pg_temp.agrees('upgrade', 'heads') AS heads,
       pg_temp.agrees('downgrade', 'base') AS base, pg_temp.lines_agree() AS lines;
SELECT migrate_current_lines() AS lines;

-- A stamp by another client: the version table differs, so there is work again.
SELECT to_revisions FROM migrate_stamp(ARRAY['fs_b']);
SELECT pg_temp.agrees('upgrade', 'head') AS head, pg_temp.lines_agree() AS lines;
SELECT to_revisions FROM migrate_stamp(ARRAY['fs_c']);

-- A row edited by hand: the trigger forgets the state; the check says false, current is not told.
UPDATE pg_migrate.revision SET message = message || ' (edited)' WHERE id = 'fs_c';
SELECT count(*) AS rows FROM pg_migrate.folder_state;
SELECT migrate_nothing_to_do(migrate_folder_digest(), 'upgrade', 'head') AS head, pg_temp.lines_agree() AS lines;
-- migrate_upload_needed of a folder that equals the catalog stores it again
SELECT * FROM migrate_upload_needed(ARRAY(SELECT file_name FROM pg_migrate.revision ORDER BY file_name),
                                    ARRAY(SELECT checksum FROM pg_migrate.revision ORDER BY file_name));
SELECT count(*) AS rows FROM pg_migrate.folder_state;
SELECT pg_temp.agrees('upgrade', 'head') AS head, pg_temp.lines_agree() AS lines;
-- ... but not for a folder that differs
DELETE FROM pg_migrate.folder_state;
SELECT count(*) AS differences FROM migrate_upload_needed(ARRAY['1_a.sql'], ARRAY[repeat('0', 64)]);
SELECT count(*) AS rows FROM pg_migrate.folder_state;

-- Two heads and a branch applied only as a dependency: head is not told, heads is; the stored
-- lines are migrate_current()'s.
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql', '4_x.sql', '5_y.sql'],
    ARRAY[pg_temp.rev('fs_a', '', 'create a', 'CREATE TABLE fs_a (id int);', 'DROP TABLE fs_a;'),
          pg_temp.rev('fs_b', 'fs_a', 'create b', 'CREATE TABLE fs_b (id int);', 'DROP TABLE fs_b;'),
          pg_temp.rev('fs_c', 'fs_b', 'create c', 'CREATE TABLE fs_c (id int);', 'DROP TABLE fs_c;'),
          pg_temp.rev('fs_x', '', 'create x', 'CREATE TABLE fs_x (id int);', 'DROP TABLE fs_x;',
                      E'-- Branch Labels: other\n'),
          pg_temp.rev('fs_y', 'fs_c', 'create y', 'CREATE TABLE fs_y (id int);', 'DROP TABLE fs_y;',
                      E'-- Depends On: fs_x\n')]);
SELECT heads, head_count, current_lines FROM pg_migrate.folder_state;
-- the trigger is skipped only while migrate_upload writes: a write after it forgets the state
SELECT current_setting('pg_migrate.upload_in_progress') AS upload_in_progress;
BEGIN;
UPDATE pg_migrate.revision SET message = message WHERE id = 'fs_a';
SELECT count(*) AS rows FROM pg_migrate.folder_state;
ROLLBACK;
SELECT pg_temp.agrees('upgrade', 'heads') AS heads;
SELECT revision FROM migrate_upgrade('heads');
SELECT pg_temp.agrees('upgrade', 'heads') AS heads, pg_temp.lines_agree() AS lines;
SELECT line FROM migrate_current();
-- at heads, "head" names two effective heads: the function does not tell, the plan is an error
SELECT migrate_nothing_to_do(migrate_folder_digest(), 'upgrade', 'head') AS head;
SELECT count(*) FROM migrate_plan('upgrade', 'head');

-- Not PUBLIC's: a role without EXECUTE is refused; the table is not readable.
CREATE ROLE pgm_fs_nobody;
SET ROLE pgm_fs_nobody;
SELECT migrate_nothing_to_do('', 'upgrade', 'head');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_current_lines();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_migrate.folder_state;
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
DROP ROLE pgm_fs_nobody;

-- Clean up.
SELECT revision FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
SELECT count(*) AS rows FROM pg_migrate.folder_state;
