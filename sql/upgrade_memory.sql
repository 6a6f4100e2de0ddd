-- upgrade_memory: a long run (2,345 steps, past many of the log's chunks of 200 rows and
-- of the windows of 256 steps whose files a run holds at a time) keeps its log exact: one row
-- per step, in the steps' order, each with the checksum of the file it ran; a bad statement in
-- the last step of a plan, or in a later window than the first, is still refused before the
-- first step runs (every step is split into statements up front, kept as bounds into its SQL);
-- a file that a step's SQL changes before its window is read again is refused, and nothing
-- stays; a downgrade reads its windows the same way.
\set VERBOSITY default

-- 2,345 linear revisions generated in the server: the first creates a table, each other
-- inserts its number.
SELECT count(*) AS uploaded FROM migrate_upload(
  (SELECT array_agg(lpad(to_hex(i), 12, '0') || '_um.sql' ORDER BY i) FROM generate_series(1, 2345) i),
  (SELECT array_agg(format(
     E'-- um %s\n--\n-- Revision ID: %s\n-- Revises:%s\n-- Create Date: 2026-01-01 00:00:00.000000+00:00\n\n'
     '-- migrate:upgrade\n%s\n\n-- migrate:downgrade\n%s\n',
     i, lpad(to_hex(i), 12, '0'),
     CASE WHEN i > 1 THEN ' ' || lpad(to_hex(i - 1), 12, '0') ELSE '' END,
     CASE WHEN i = 1 THEN E'CREATE TABLE um_t (n integer);\n-- a comment between statements\nSELECT 1;'
          ELSE format('INSERT INTO um_t VALUES (%s);  /* and after */', i) END,
     CASE WHEN i = 1 THEN 'DROP TABLE um_t;' ELSE format('DELETE FROM um_t WHERE n = %s;', i) END)
   ORDER BY i) FROM generate_series(1, 2345) i));

SET client_min_messages = warning;
SELECT count(*) AS steps FROM migrate_upgrade('head');
RESET client_min_messages;
SELECT count(*) AS rows, min(n), max(n) FROM um_t;

-- The log: one row per step, in order, each with its file's checksum.
SELECT count(*) AS log_rows,
       count(DISTINCT run_id) AS runs,
       array_agg(l.revision ORDER BY l.id) = (SELECT array_agg(lpad(to_hex(i), 12, '0') ORDER BY i)
                                             FROM generate_series(1, 2345) i) AS in_step_order,
       bool_and(l.checksum = r.checksum) AS checksums_match
FROM pg_migrate.log l JOIN pg_migrate.revision r ON r.id = l.revision
WHERE l.direction = 'upgrade';

-- Three more revisions; the last one's second statement is a syntax error: refused before the
-- first of the three runs, with the file line of the error.
SELECT count(*) AS uploaded FROM migrate_upload(
  (SELECT array_agg(lpad(to_hex(i), 12, '0') || '_um.sql' ORDER BY i) FROM generate_series(1, 2348) i),
  (SELECT array_agg(format(
     E'-- um %s\n--\n-- Revision ID: %s\n-- Revises:%s\n-- Create Date: 2026-01-01 00:00:00.000000+00:00\n\n'
     '-- migrate:upgrade\n%s\n\n-- migrate:downgrade\n%s\n',
     i, lpad(to_hex(i), 12, '0'),
     CASE WHEN i > 1 THEN ' ' || lpad(to_hex(i - 1), 12, '0') ELSE '' END,
     CASE WHEN i = 1 THEN E'CREATE TABLE um_t (n integer);\n-- a comment between statements\nSELECT 1;'
          WHEN i = 2346 THEN 'CREATE TABLE um_late (n integer);'
          WHEN i = 2348 THEN E'INSERT INTO um_t VALUES (2348);\nINSERT INTO um_t VALUES (2348) oops;'
          ELSE format('INSERT INTO um_t VALUES (%s);  /* and after */', i) END,
     CASE WHEN i = 1 THEN 'DROP TABLE um_t;' WHEN i = 2346 THEN 'DROP TABLE um_late;'
          ELSE format('DELETE FROM um_t WHERE n = %s;', i) END)
   ORDER BY i) FROM generate_series(1, 2348) i));
SELECT count(*) FROM migrate_upgrade('head');
\echo :LAST_ERROR_SQLSTATE
SELECT to_regclass('um_late') AS first_new_step_ran, max(n) FROM um_t;
SELECT count(*) AS version_rows, min(revision) FROM pg_migrate.version;

-- Clean up.
DROP TABLE um_t;
DELETE FROM pg_migrate.version;
TRUNCATE pg_migrate.log, pg_migrate.run CASCADE;
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
SELECT count(*) AS revisions_left FROM pg_migrate.revision;

-- 300 revisions, two windows.  The first step rewrites the stored file of step 290 (the script
-- and its checksum, so the row stays consistent): the second window is read again when step
-- 257 is about to run, and its changed file is refused.  Nothing stays.
SELECT count(*) AS uploaded FROM migrate_upload(
  (SELECT array_agg(lpad(to_hex(i), 12, '0') || '_uw.sql' ORDER BY i) FROM generate_series(1, 300) i),
  (SELECT array_agg(format(
     E'-- uw %s\n--\n-- Revision ID: %s\n-- Revises:%s\n-- Create Date: 2026-01-01 00:00:00.000000+00:00\n\n'
     '-- migrate:upgrade\n%s\n\n-- migrate:downgrade\n%s\n',
     i, lpad(to_hex(i), 12, '0'),
     CASE WHEN i > 1 THEN ' ' || lpad(to_hex(i - 1), 12, '0') ELSE '' END,
     CASE WHEN i = 1 THEN E'CREATE TABLE uw_t (n integer);\n'
                          'UPDATE pg_migrate.revision SET script = replace(script, ''VALUES (290)'', ''VALUES (-290)'') '
                          'WHERE id = ''000000000122'';\n'
                          'UPDATE pg_migrate.revision SET checksum = encode(sha256(convert_to(script, ''UTF8'')), ''hex'') '
                          'WHERE id = ''000000000122'';'
          ELSE format('INSERT INTO uw_t VALUES (%s);', i) END,
     CASE WHEN i = 1 THEN 'DROP TABLE uw_t;' ELSE format('DELETE FROM uw_t WHERE n = %s;', i) END)
   ORDER BY i) FROM generate_series(1, 300) i));
SET client_min_messages = warning;
SELECT count(*) FROM migrate_upgrade('head');
RESET client_min_messages;
\echo :LAST_ERROR_SQLSTATE
SELECT to_regclass('uw_t') AS created, (SELECT count(*) FROM pg_migrate.version) AS version_rows,
       (SELECT count(*) FROM pg_migrate.log) AS log_rows,
       (SELECT script LIKE '%VALUES (290)%' FROM pg_migrate.revision WHERE id = '000000000122') AS file_unchanged;

-- The same 300 files, the first step plain and step 280 with a syntax error: refused before
-- the first step runs, although step 280 is in the second window.
SELECT count(*) AS uploaded FROM migrate_upload(
  (SELECT array_agg(lpad(to_hex(i), 12, '0') || '_uw.sql' ORDER BY i) FROM generate_series(1, 300) i),
  (SELECT array_agg(format(
     E'-- uw %s\n--\n-- Revision ID: %s\n-- Revises:%s\n-- Create Date: 2026-01-01 00:00:00.000000+00:00\n\n'
     '-- migrate:upgrade\n%s\n\n-- migrate:downgrade\n%s\n',
     i, lpad(to_hex(i), 12, '0'),
     CASE WHEN i > 1 THEN ' ' || lpad(to_hex(i - 1), 12, '0') ELSE '' END,
     CASE WHEN i = 1 THEN 'CREATE TABLE uw_t (n integer);'
          WHEN i = 280 THEN 'INSERT INTO uw_t VALUES (280) oops;'
          ELSE format('INSERT INTO uw_t VALUES (%s);', i) END,
     CASE WHEN i = 1 THEN 'DROP TABLE uw_t;' ELSE format('DELETE FROM uw_t WHERE n = %s;', i) END)
   ORDER BY i) FROM generate_series(1, 300) i));
SELECT count(*) FROM migrate_upgrade('head');
\echo :LAST_ERROR_SQLSTATE
SELECT to_regclass('uw_t') AS created, (SELECT count(*) FROM pg_migrate.version) AS version_rows;

-- Good files: the upgrade and the downgrade of all 300 steps, each across both windows.
SELECT count(*) AS uploaded FROM migrate_upload(
  (SELECT array_agg(lpad(to_hex(i), 12, '0') || '_uw.sql' ORDER BY i) FROM generate_series(1, 300) i),
  (SELECT array_agg(format(
     E'-- uw %s\n--\n-- Revision ID: %s\n-- Revises:%s\n-- Create Date: 2026-01-01 00:00:00.000000+00:00\n\n'
     '-- migrate:upgrade\n%s\n\n-- migrate:downgrade\n%s\n',
     i, lpad(to_hex(i), 12, '0'),
     CASE WHEN i > 1 THEN ' ' || lpad(to_hex(i - 1), 12, '0') ELSE '' END,
     CASE WHEN i = 1 THEN 'CREATE TABLE uw_t (n integer);' ELSE format('INSERT INTO uw_t VALUES (%s);', i) END,
     CASE WHEN i = 1 THEN 'DROP TABLE uw_t;' ELSE format('DELETE FROM uw_t WHERE n = %s;', i) END)
   ORDER BY i) FROM generate_series(1, 300) i));
SET client_min_messages = warning;
SELECT count(*) AS steps, min(revision), max(revision) FROM migrate_upgrade('head');
SELECT count(*) AS rows, min(n), max(n) FROM uw_t;
-- The downgrade with windows of 7 steps (pg_migrate.step_window): the same steps, the same log.
SET pg_migrate.step_window = 7;
SELECT count(*) AS steps, min(revision), max(revision) FROM migrate_downgrade('base');
RESET pg_migrate.step_window;
RESET client_min_messages;
SELECT to_regclass('uw_t') AS table_left, (SELECT count(*) FROM pg_migrate.version) AS version_rows;
SELECT direction, count(*) AS log_rows, bool_and(l.checksum = r.checksum) AS checksums_match,
       array_agg(l.revision ORDER BY l.id) = CASE direction
         WHEN 'upgrade' THEN (SELECT array_agg(lpad(to_hex(i), 12, '0') ORDER BY i) FROM generate_series(1, 300) i)
         ELSE (SELECT array_agg(lpad(to_hex(i), 12, '0') ORDER BY i DESC) FROM generate_series(1, 300) i)
       END AS in_step_order
FROM pg_migrate.log l JOIN pg_migrate.revision r ON r.id = l.revision
GROUP BY direction ORDER BY direction;

-- Clean up.
TRUNCATE pg_migrate.log, pg_migrate.run CASCADE;
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
SELECT count(*) AS revisions_left FROM pg_migrate.revision;
