-- engine_rehearse: migrate_rehearse runs the transactional steps and rolls them back, listing
-- the time and the relation locks of each; non-transactional steps are listed, not run;
-- nothing stays; an error is raised with its file and line.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

CREATE TABLE eh_users (id int);
CREATE FUNCTION pg_temp.state() RETURNS TABLE (versions text, log_rows bigint, tables text, columns text)
LANGUAGE sql AS $$
SELECT (SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '(none)') FROM pg_migrate.version),
       (SELECT count(*) FROM pg_migrate.log),
       (SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '(none)') FROM pg_class
         WHERE relname LIKE 'eh\_%' AND relkind = 'r'),
       (SELECT coalesce(string_agg(attname, ',' ORDER BY attname), '(none)') FROM pg_attribute
         WHERE attrelid = 'eh_users'::regclass AND attnum > 0)
$$;

SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
    ARRAY[pg_temp.rev('eh_a', '', 'add a column', E'ALTER TABLE eh_users ADD COLUMN name text;\nCREATE TABLE eh_new (id int);\nINSERT INTO eh_new VALUES (1);',
                      'ALTER TABLE eh_users DROP COLUMN name; DROP TABLE eh_new;'),
          pg_temp.rev('eh_b', 'eh_a', 'index concurrently', 'CREATE INDEX CONCURRENTLY eh_users_id ON eh_users (id);',
                      'DROP INDEX CONCURRENTLY eh_users_id;', E'-- Transactional: false\n'),
          pg_temp.rev('eh_c', 'eh_b', 'read users', E'SELECT count(*) FROM eh_users;\nUPDATE eh_users SET id = 1;',
                      'SELECT 1;')]);
SELECT * FROM pg_temp.state();

SELECT revision, direction, message, duration >= '0' AS timed, rehearsed, locks
FROM migrate_rehearse('upgrade', 'head');
SELECT * FROM pg_temp.state();

-- Inside a transaction, the caller's work is kept; only the rehearsal is undone.
BEGIN;
INSERT INTO eh_users VALUES (42);
SELECT revision, rehearsed FROM migrate_rehearse('upgrade', 'eh_a');
SELECT count(*) FROM eh_users;
ROLLBACK;

-- A downgrade rehearsal after a real upgrade of a.
SELECT revision FROM migrate_upgrade('eh_a');
SELECT revision, direction, rehearsed, locks FROM migrate_rehearse('downgrade', 'base');
SELECT * FROM pg_temp.state();

-- An error: raised with its file and line, and nothing stays.
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
    ARRAY[pg_temp.rev('eh_a', '', 'add a column', E'ALTER TABLE eh_users ADD COLUMN name text;\nCREATE TABLE eh_new (id int);\nINSERT INTO eh_new VALUES (1);',
                      'ALTER TABLE eh_users DROP COLUMN name; DROP TABLE eh_new;'),
          pg_temp.rev('eh_b', 'eh_a', 'index concurrently', 'CREATE INDEX CONCURRENTLY eh_users_id ON eh_users (id);',
                      'DROP INDEX CONCURRENTLY eh_users_id;', E'-- Transactional: false\n'),
          pg_temp.rev('eh_c', 'eh_b', 'fails', E'CREATE TABLE eh_c (id int);\nSELECT 1/0;', 'SELECT 1;')]);
SELECT * FROM migrate_rehearse('upgrade', 'head');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();
SELECT * FROM migrate_rehearse('sideways', 'head');
\echo :LAST_ERROR_SQLSTATE

-- Clean up.
SELECT revision FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
DROP TABLE eh_users;
