-- upgrade_memory: a long run (2,345 steps, past several of the log's chunks of 1,000 rows) keeps
-- its log exact: one row per step, in the steps' order, each with the checksum of the file it
-- ran; and a bad statement in the last step of a plan is still refused before the first step
-- runs (every step is split into statements up front, kept as bounds into its SQL).
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
