-- engine_statements: pg_migrate.migrate_statements cuts a non-transactional revision into its
-- statements with PostgreSQL's parser (dollar quotes, comments, BEGIN ATOMIC) with their file
-- lines and the table of each CREATE INDEX CONCURRENTLY; pg_migrate.migrate_record records a
-- step pgmig ran, only when it is the next one.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

CREATE SCHEMA es_app;
CREATE TABLE es_app.es_t (id int);
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
    ARRAY[pg_temp.rev('es_a', '', 'transactional', 'CREATE TABLE es_a (id int);', 'DROP TABLE es_a;'),
          pg_temp.rev('es_b', 'es_a', 'non-transactional',
                      E'-- a comment; with a semicolon\nCREATE INDEX CONCURRENTLY es_t_id ON es_t (id);\n'
                      || E'CREATE FUNCTION es_f() RETURNS text LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN ''a;b'';\nEND\n$$;\n'
                      || E'/* block; comment */ CREATE FUNCTION es_g() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\n'
                      || E'VACUUM es_app.es_t; CREATE INDEX CONCURRENTLY ON es_nosuch (id)',
                      E'DROP INDEX CONCURRENTLY es_app.es_t_id;\nDROP FUNCTION es_f();\nDROP FUNCTION es_g();',
                      E'-- Transactional: false\n'),
          pg_temp.rev('es_c', 'es_b', 'bad', E'SELECT 1;\nCOMMIT;', E'SELECT 1;\nSET search_path = es_app;',
                      E'-- Transactional: false\n')]);

SET search_path = es_app, public;
SELECT * FROM pg_migrate.migrate_statements('es_b', 'upgrade');
SELECT * FROM pg_migrate.migrate_statements('es_b', 'downgrade');
RESET search_path;

-- Refused: a transactional revision, an unknown one, transaction control, a session setting,
-- bad arguments.
SELECT * FROM pg_migrate.migrate_statements('es_a', 'upgrade');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_migrate.migrate_statements('es_z', 'upgrade');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_migrate.migrate_statements('es_c', 'upgrade');
\echo :LAST_ERROR_SQLSTATE
-- A SET (or RESET, SET ROLE, DISCARD) would outlast the revision in pgmig's session.
SELECT * FROM pg_migrate.migrate_statements('es_c', 'downgrade');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_migrate.migrate_statements('es_b', 'up');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_migrate.migrate_statements(NULL, 'upgrade');
\echo :LAST_ERROR_SQLSTATE

-- migrate_record: only the next step.
SELECT pg_migrate.migrate_record('es_b', 'upgrade', now(), '1 second');
\echo :LAST_ERROR_SQLSTATE
SELECT pg_migrate.migrate_record('es_a', 'upgrade', now(), '1 second');
\echo :LAST_ERROR_SQLSTATE
SELECT revision FROM migrate_upgrade('es_a');
SELECT pg_migrate.migrate_record('es_b', 'downgrade', now(), '1 second');
\echo :LAST_ERROR_SQLSTATE
SELECT pg_migrate.migrate_record('es_b', 'upgrade', '2026-01-01 00:00:00+00', '1.5 seconds');
SELECT revision FROM pg_migrate.version;
SELECT revision, direction, outcome, started_at = '2026-01-01 00:00:00+00' AS started,
       CASE WHEN revision = 'es_b' THEN duration END AS duration, role = current_user AS by_me,
       checksum = (SELECT r.checksum FROM pg_migrate.revision r WHERE r.id = l.revision) AS checksum_ok
FROM pg_migrate.log l ORDER BY id;
SELECT pg_migrate.migrate_record('es_b', 'upgrade', now(), NULL);
\echo :LAST_ERROR_SQLSTATE
-- migrate_downgrade refuses b (non-transactional) with 25001; pgmig reverts it and records it.
SELECT * FROM migrate_downgrade('base');
\echo :LAST_ERROR_SQLSTATE
SELECT pg_migrate.migrate_record('es_a', 'downgrade', now(), NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT pg_migrate.migrate_record('es_b', 'downgrade', now(), NULL);
SELECT revision FROM pg_migrate.version;
SELECT pg_migrate.migrate_record('es_b', 'upgrade', NULL, NULL);
\echo :LAST_ERROR_SQLSTATE

-- Clean up.
SELECT revision FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
DROP SCHEMA es_app CASCADE;
