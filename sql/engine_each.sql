-- engine_each: migrate_upgrade_each and migrate_downgrade_each commit after each revision; a
-- failure keeps the revisions before it, is logged in its own transaction and raised again
-- with its SQLSTATE, message, detail, hint and CONTEXT; they stop before a non-transactional
-- revision; inside a transaction block they refuse before anything runs.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

CREATE FUNCTION pg_temp.state() RETURNS TABLE (versions text, log text, tables text)
LANGUAGE sql AS $$
SELECT (SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '(none)') FROM pg_migrate.version),
       (SELECT coalesce(string_agg(revision || ' ' || direction || ' ' || outcome || coalesce(' ' || reason, ''), '; '
                                   ORDER BY id), '(none)') FROM pg_migrate.log),
       (SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '(none)') FROM pg_class
         WHERE relname LIKE 'ee\_%' AND relkind = 'r')
$$;

SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql', '4_d.sql'],
    ARRAY[pg_temp.rev('ee_a', '', 'create a', 'CREATE TABLE ee_a (id int);', 'DROP TABLE ee_a;'),
          pg_temp.rev('ee_b', 'ee_a', 'create b', 'CREATE TABLE ee_b (id int);', 'DROP TABLE ee_b;'),
          pg_temp.rev('ee_c', 'ee_b', 'fails',
                      E'CREATE TABLE ee_c (id int);\nDO $$ BEGIN RAISE EXCEPTION ''boom'' USING ERRCODE = ''P0001'', DETAIL = ''the detail'', HINT = ''the hint''; END $$;',
                      'DROP TABLE ee_c;'),
          pg_temp.rev('ee_d', 'ee_c', 'create d', 'CREATE TABLE ee_d (id int);', 'DROP TABLE ee_d;')]);

-- Inside a transaction block: refused before anything runs.
BEGIN;
CALL migrate_upgrade_each('head');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
SELECT * FROM pg_temp.state();

-- a and b are committed; c fails, is logged, and its error is raised again.
CALL migrate_upgrade_each('head');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- Fix c (a DO block that succeeds) and go on from where it stopped.
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql', '4_d.sql', '5_e.sql', '6_f.sql'],
    ARRAY[pg_temp.rev('ee_a', '', 'create a', 'CREATE TABLE ee_a (id int);', 'DROP TABLE ee_a;'),
          pg_temp.rev('ee_b', 'ee_a', 'create b', 'CREATE TABLE ee_b (id int);', 'DROP TABLE ee_b;'),
          pg_temp.rev('ee_c', 'ee_b', 'fixed', 'CREATE TABLE ee_c (id int);', 'DROP TABLE ee_c;'),
          pg_temp.rev('ee_d', 'ee_c', 'create d', 'CREATE TABLE ee_d (id int);', 'DROP TABLE ee_d;'),
          pg_temp.rev('ee_e', 'ee_d', 'concurrently', 'CREATE INDEX CONCURRENTLY ee_d_id ON ee_d (id);',
                      'DROP INDEX CONCURRENTLY ee_d_id;', E'-- Transactional: false\n'),
          pg_temp.rev('ee_f', 'ee_e', 'create f', 'CREATE TABLE ee_f (id int);', 'DROP TABLE ee_f;')]);
-- A relative target walks from where the database is: +1 is c.
CALL migrate_upgrade_each('+1');
SELECT * FROM pg_temp.state();
-- d is committed, then the non-transactional e stops the run with 25001 (not logged as failed).
CALL migrate_upgrade_each();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- Downgrade, one revision per transaction, with a relative target.
TRUNCATE pg_migrate.log;
CALL migrate_downgrade_each('-1');
SELECT * FROM pg_temp.state();
CALL migrate_downgrade_each('-2');
SELECT * FROM pg_temp.state();
CALL migrate_downgrade_each('base');
SELECT * FROM pg_temp.state();
CALL migrate_downgrade_each(NULL);
\echo :LAST_ERROR_SQLSTATE
CALL migrate_upgrade_each('nosuch');
\echo :LAST_ERROR_SQLSTATE

-- Clean up.
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
SELECT * FROM pg_temp.state();
