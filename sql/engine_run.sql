-- engine_run: migrate_run runs a prefix of the plan; non-transactional revisions are refused
-- before anything runs with 25001; every error of a step names the revision, its file and the
-- line in the file; 55P04 names the per-revision mode; a revision's settings do not leak.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

CREATE FUNCTION pg_temp.state() RETURNS TABLE (versions text, log_rows bigint, tables text)
LANGUAGE sql AS $$
SELECT (SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '(none)') FROM pg_migrate.version),
       (SELECT count(*) FROM pg_migrate.log),
       (SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '(none)') FROM pg_class
         WHERE relname LIKE 'er\_%' AND relkind = 'r')
$$;

SELECT action, count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql', '4_d.sql'],
    ARRAY[pg_temp.rev('er_a', '', 'create a', 'CREATE TABLE er_a (id int);', 'DROP TABLE er_a;'),
          pg_temp.rev('er_b', 'er_a', 'create b', 'CREATE TABLE er_b (id int);', 'DROP TABLE er_b;'),
          pg_temp.rev('er_c', 'er_b', 'create c', 'CREATE TABLE er_c (id int);', 'DROP TABLE er_c;'),
          pg_temp.rev('er_d', 'er_c', 'index c concurrently', 'CREATE INDEX CONCURRENTLY er_c_id ON er_c (id);',
                      'DROP INDEX CONCURRENTLY er_c_id;', E'-- Transactional: false\n')])
GROUP BY action;

-- Bad arguments.
SELECT * FROM migrate_run('upgrade', 'er_c', 0);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_run('upgrade', 'er_c', -1);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_run('sideways', 'er_c', 1);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_run(NULL, 'er_c', 1);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_run('upgrade', NULL, 1);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- One step, then two, then the rest up to c (NULL: all).
SELECT revision, direction, message FROM migrate_run('upgrade', 'er_c', 1);
SELECT * FROM pg_temp.state();
SELECT revision, direction, message FROM migrate_run('upgrade', 'er_c', NULL);
SELECT * FROM pg_temp.state();

-- The plan to head holds a non-transactional revision: refused before anything runs, by
-- migrate_upgrade and by migrate_run alike; a prefix without it runs.
SELECT * FROM migrate_upgrade('head');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_run('upgrade', 'head', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();
-- Downgrade: one step of two.
SELECT revision, direction FROM migrate_run('downgrade', 'er_a', 1);
SELECT * FROM pg_temp.state();
SELECT revision, direction FROM migrate_run('downgrade', 'base', 5);
SELECT * FROM pg_temp.state();

-- Where the error is.  A syntax error found by the upfront parse: the line in the file, the
-- failing statement alone as QUERY.
SELECT action FROM migrate_upload(
    ARRAY['5_e.sql'],
    ARRAY[pg_temp.rev('er_e', '', 'errors',
                      E'-- a comment\nCREATE TABLE er_e (id int);\n\nINSERT INTO er_e\n  VALUES (1);\nSELEC 1;\n',
                      E'DROP TABLE er_e;')]);
SELECT * FROM migrate_upgrade('er_e');
\echo :LAST_ERROR_SQLSTATE
-- A runtime error with a position: the line of the position.
SELECT action FROM migrate_upload(
    ARRAY['5_e.sql'],
    ARRAY[pg_temp.rev('er_e', '', 'errors',
                      E'CREATE TABLE er_e (id int);\nINSERT INTO er_e\n  SELECT\n    nosuch\n  FROM er_e;\n',
                      E'DROP TABLE er_e;')]);
SELECT * FROM migrate_upgrade('er_e');
\echo :LAST_ERROR_SQLSTATE
-- A runtime error without a position: the line where the statement starts.
SELECT action FROM migrate_upload(
    ARRAY['5_e.sql'],
    ARRAY[pg_temp.rev('er_e', '', 'errors',
                      E'CREATE TABLE er_e (id int PRIMARY KEY);\n/* two rows */ INSERT INTO er_e VALUES (1);\n\nINSERT INTO er_e\n  VALUES (1);\n',
                      E'DROP TABLE er_e;')]);
SELECT * FROM migrate_upgrade('er_e');
\echo :LAST_ERROR_SQLSTATE
-- An error inside a DO block: the line where the DO statement starts.
SELECT action FROM migrate_upload(
    ARRAY['5_e.sql'],
    ARRAY[pg_temp.rev('er_e', '', 'errors',
                      E'CREATE TABLE er_e (id int);\nDO $$\nBEGIN\n  PERFORM nosuch FROM er_e;\nEND\n$$;\n',
                      E'DROP TABLE er_e;')]);
SELECT * FROM migrate_upgrade('er_e');
\echo :LAST_ERROR_SQLSTATE
-- In a downgrade: "reverting".
SELECT action FROM migrate_upload(
    ARRAY['5_e.sql'],
    ARRAY[pg_temp.rev('er_e', '', 'errors', E'CREATE TABLE er_e (id int);', E'DROP TABLE er_e;\nDROP TABLE er_nosuch;')]);
SELECT revision FROM migrate_upgrade('er_e');
SELECT * FROM migrate_downgrade('er_e-1');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- A new enum value used in the revision that added it: 55P04 keeps its message and gets a hint
-- naming the per-revision mode.
SELECT action FROM migrate_upload(
    ARRAY['6_f.sql'],
    ARRAY[pg_temp.rev('er_f', 'er_e', 'enum',
                      E'ALTER TYPE er_mood ADD VALUE ''happy'';\nCREATE TABLE er_f (m er_mood);\nINSERT INTO er_f\n  VALUES (''happy'');',
                      E'DROP TABLE er_f;')]);
CREATE TYPE er_mood AS ENUM ('sad');
SELECT * FROM migrate_upgrade('er_f');
\echo :LAST_ERROR_SQLSTATE
DROP TYPE er_mood;

-- A revision's SET, SET ROLE, RESET ALL and set_config do not leak into the next step or the
-- caller, and the log names the role that called.
CREATE ROLE er_other;
GRANT CREATE ON SCHEMA public TO er_other;
CREATE SCHEMA er_schema;
SELECT action FROM migrate_upload(
    ARRAY['7_g.sql', '8_h.sql'],
    ARRAY[pg_temp.rev('er_g', '', 'settings',
                      E'SET search_path = er_schema, public;\nSET ROLE er_other;\nSET work_mem = ''1234kB'';\nSELECT set_config(''application_name'', ''er_app'', false);\nCREATE TABLE er_g (id int);\nRESET ALL;',
                      E'DROP TABLE public.er_g;'),
          pg_temp.rev('er_h', 'er_g', 'next step',
                      E'CREATE TABLE er_h AS SELECT current_user::text AS who, current_setting(''search_path'') AS path, current_setting(''work_mem'') AS mem;',
                      E'DROP TABLE er_h;')]);
SET search_path = public, pg_migrate;
SET application_name = 'engine_test';
SELECT revision FROM migrate_upgrade('er_h');
SELECT current_user, current_setting('search_path') AS path, current_setting('work_mem') AS mem,
       current_setting('application_name') AS app;
SELECT who = current_user AS caller, path, mem FROM er_h;
SELECT schemaname, tableowner = 'er_other' AS owned_by_other FROM pg_tables WHERE tablename = 'er_g';
SELECT l.revision, l.role = current_user AS by_caller, l.application_name FROM pg_migrate.log l
WHERE l.revision IN ('er_g', 'er_h') ORDER BY l.id;
CREATE TABLE er_nosuch ();
SELECT revision FROM migrate_downgrade('base');
RESET search_path;
RESET application_name;
REVOKE CREATE ON SCHEMA public FROM er_other;
DROP ROLE er_other;
DROP SCHEMA er_schema;
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
SELECT * FROM pg_temp.state();
