-- upgrade: migrate_upgrade applies the planned revisions in order in the caller's transaction,
-- returns one row per revision, logs each step and rewrites pg_migrate.version.  A failing
-- revision leaves schema, version and log exactly as before, and its error keeps its SQLSTATE
-- with a CONTEXT line naming the revision.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- state(): version rows, log rows and the tables the revisions create.
CREATE FUNCTION pg_temp.state() RETURNS TABLE (versions text, log_rows bigint, tables text)
LANGUAGE sql AS $$
SELECT (SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '(none)') FROM pg_migrate.version),
       (SELECT count(*) FROM pg_migrate.log),
       (SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '(none)') FROM pg_class
         WHERE relname LIKE 'ug\_%' AND relkind = 'r')
$$;

SELECT action, count(*) FROM migrate_upload(
    ARRAY['01_a.sql', '02_b.sql', '03_c.sql', '04_d.sql', '05_e.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE ug_a (id int);', 'DROP TABLE ug_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE ug_b (id int);', 'DROP TABLE ug_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c',
                      E'CREATE TABLE ug_c (id int);\nINSERT INTO ug_c VALUES (1), (2);\nSELECT * FROM ug_c;',
                      'DROP TABLE ug_c;'),
          pg_temp.rev('dddd4444', 'cccc3333', 'create d', 'CREATE TABLE ug_d (id int);', 'DROP TABLE ug_d;'),
          pg_temp.rev('eeee5555', 'dddd4444', 'create e', 'CREATE TABLE ug_e (id int);', 'DROP TABLE ug_e;')])
GROUP BY action;

SELECT * FROM pg_temp.state();

-- A relative target: +1 from base.
SELECT revision, direction, message, duration >= '0' AS timed FROM migrate_upgrade('+1');
-- A unique prefix.
SELECT revision, direction, message FROM migrate_upgrade('bbb');
-- A full id (two steps, in order; the SELECT in c's SQL returns nothing to the caller).
SELECT revision, direction, message FROM migrate_upgrade('dddd4444');
SELECT * FROM pg_temp.state();
-- The default target, head.
SELECT revision, direction, message FROM migrate_upgrade();
-- Nothing left to do.
SELECT revision, direction, message FROM migrate_upgrade('head');
SELECT * FROM pg_temp.state();

-- The log: one row per step.
SELECT revision, direction, outcome, started_at <= clock_timestamp() AS started,
       duration >= '0' AS timed, role = current_user AS by_me, session_role = session_user AS session_me,
       application_name = current_setting('application_name') AS app,
       client_addr IS NOT DISTINCT FROM inet_client_addr() AS client, pg_typeof(client_addr) AS client_type,
       checksum = (SELECT r.checksum FROM pg_migrate.revision r WHERE r.id = l.revision) AS checksum_ok
FROM pg_migrate.log l ORDER BY id;

-- Bad targets: nothing runs.
SELECT * FROM migrate_upgrade('ffff');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upgrade(NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- f runs fine, g fails at its second statement: nothing of f or g stays.
SELECT action, count(*) FROM migrate_upload(
    ARRAY['01_a.sql', '02_b.sql', '03_c.sql', '04_d.sql', '05_e.sql', '06_f.sql', '07_g.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE ug_a (id int);', 'DROP TABLE ug_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE ug_b (id int);', 'DROP TABLE ug_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c',
                      E'CREATE TABLE ug_c (id int);\nINSERT INTO ug_c VALUES (1), (2);\nSELECT * FROM ug_c;',
                      'DROP TABLE ug_c;'),
          pg_temp.rev('dddd4444', 'cccc3333', 'create d', 'CREATE TABLE ug_d (id int);', 'DROP TABLE ug_d;'),
          pg_temp.rev('eeee5555', 'dddd4444', 'create e', 'CREATE TABLE ug_e (id int);', 'DROP TABLE ug_e;'),
          pg_temp.rev('ffff6666', 'eeee5555', 'create f', 'CREATE TABLE ug_f (id int);', 'DROP TABLE ug_f;'),
          pg_temp.rev('gggg7777', 'ffff6666', 'fill f',
                      E'INSERT INTO ug_f VALUES (1), (1);\nALTER TABLE ug_f ADD PRIMARY KEY (id);',
                      'DELETE FROM ug_f;')])
GROUP BY action ORDER BY action;
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- A user error raised by a PL/pgSQL function keeps its SQLSTATE, message, detail and hint.
SELECT action, count(*) FROM migrate_upload(
    ARRAY['01_a.sql', '02_b.sql', '03_c.sql', '04_d.sql', '05_e.sql', '06_f.sql', '07_g.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE ug_a (id int);', 'DROP TABLE ug_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE ug_b (id int);', 'DROP TABLE ug_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c',
                      E'CREATE TABLE ug_c (id int);\nINSERT INTO ug_c VALUES (1), (2);\nSELECT * FROM ug_c;',
                      'DROP TABLE ug_c;'),
          pg_temp.rev('dddd4444', 'cccc3333', 'create d', 'CREATE TABLE ug_d (id int);', 'DROP TABLE ug_d;'),
          pg_temp.rev('eeee5555', 'dddd4444', 'create e', 'CREATE TABLE ug_e (id int);', 'DROP TABLE ug_e;'),
          pg_temp.rev('ffff6666', 'eeee5555', 'create f', 'CREATE TABLE ug_f (id int);', 'DROP TABLE ug_f;'),
          pg_temp.rev('gggg7777', 'ffff6666', 'check f',
                      E'DO $do$ BEGIN\n  RAISE EXCEPTION ''ug_f is not ready'' USING ERRCODE = ''P0099'','
                      || E' DETAIL = ''It is empty.'', HINT = ''Fill it.'';\nEND $do$;',
                      'SELECT 1;')])
GROUP BY action ORDER BY action;
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- Checked before anything runs: a syntax error in the last revision ...
SELECT action, count(*) FROM migrate_upload(
    ARRAY['01_a.sql', '02_b.sql', '03_c.sql', '04_d.sql', '05_e.sql', '06_f.sql', '07_g.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE ug_a (id int);', 'DROP TABLE ug_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE ug_b (id int);', 'DROP TABLE ug_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c',
                      E'CREATE TABLE ug_c (id int);\nINSERT INTO ug_c VALUES (1), (2);\nSELECT * FROM ug_c;',
                      'DROP TABLE ug_c;'),
          pg_temp.rev('dddd4444', 'cccc3333', 'create d', 'CREATE TABLE ug_d (id int);', 'DROP TABLE ug_d;'),
          pg_temp.rev('eeee5555', 'dddd4444', 'create e', 'CREATE TABLE ug_e (id int);', 'DROP TABLE ug_e;'),
          pg_temp.rev('ffff6666', 'eeee5555', 'create f', 'CREATE TABLE ug_f (id int);', 'DROP TABLE ug_f;'),
          pg_temp.rev('gggg7777', 'ffff6666', 'typo', E'INSERT INTO ug_f VALUES (1);\nCREAT TABLE ug_g (id int);',
                      'SELECT 1;')])
GROUP BY action ORDER BY action;
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
-- ... transaction control ...
SELECT action FROM migrate_upload(
    ARRAY['01_a.sql', '02_b.sql', '03_c.sql', '04_d.sql', '05_e.sql', '06_f.sql', '07_g.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE ug_a (id int);', 'DROP TABLE ug_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE ug_b (id int);', 'DROP TABLE ug_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c',
                      E'CREATE TABLE ug_c (id int);\nINSERT INTO ug_c VALUES (1), (2);\nSELECT * FROM ug_c;',
                      'DROP TABLE ug_c;'),
          pg_temp.rev('dddd4444', 'cccc3333', 'create d', 'CREATE TABLE ug_d (id int);', 'DROP TABLE ug_d;'),
          pg_temp.rev('eeee5555', 'dddd4444', 'create e', 'CREATE TABLE ug_e (id int);', 'DROP TABLE ug_e;'),
          pg_temp.rev('ffff6666', 'eeee5555', 'create f', 'CREATE TABLE ug_f (id int);', 'DROP TABLE ug_f;'),
          pg_temp.rev('gggg7777', 'ffff6666', 'commit', E'INSERT INTO ug_f VALUES (1);\nCOMMIT;', 'SELECT 1;')])
WHERE action <> 'unchanged';
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
-- ... COPY from the client ...
SELECT action FROM migrate_upload(
    ARRAY['01_a.sql', '02_b.sql', '03_c.sql', '04_d.sql', '05_e.sql', '06_f.sql', '07_g.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE ug_a (id int);', 'DROP TABLE ug_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE ug_b (id int);', 'DROP TABLE ug_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c',
                      E'CREATE TABLE ug_c (id int);\nINSERT INTO ug_c VALUES (1), (2);\nSELECT * FROM ug_c;',
                      'DROP TABLE ug_c;'),
          pg_temp.rev('dddd4444', 'cccc3333', 'create d', 'CREATE TABLE ug_d (id int);', 'DROP TABLE ug_d;'),
          pg_temp.rev('eeee5555', 'dddd4444', 'create e', 'CREATE TABLE ug_e (id int);', 'DROP TABLE ug_e;'),
          pg_temp.rev('ffff6666', 'eeee5555', 'create f', 'CREATE TABLE ug_f (id int);', 'DROP TABLE ug_f;'),
          pg_temp.rev('gggg7777', 'ffff6666', 'copy', 'COPY ug_f FROM STDIN;', 'SELECT 1;')])
WHERE action <> 'unchanged';
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
-- ... and a revision that must run outside a transaction block.
SELECT action FROM migrate_upload(
    ARRAY['01_a.sql', '02_b.sql', '03_c.sql', '04_d.sql', '05_e.sql', '06_f.sql', '07_g.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE ug_a (id int);', 'DROP TABLE ug_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE ug_b (id int);', 'DROP TABLE ug_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c',
                      E'CREATE TABLE ug_c (id int);\nINSERT INTO ug_c VALUES (1), (2);\nSELECT * FROM ug_c;',
                      'DROP TABLE ug_c;'),
          pg_temp.rev('dddd4444', 'cccc3333', 'create d', 'CREATE TABLE ug_d (id int);', 'DROP TABLE ug_d;'),
          pg_temp.rev('eeee5555', 'dddd4444', 'create e', 'CREATE TABLE ug_e (id int);', 'DROP TABLE ug_e;'),
          pg_temp.rev('ffff6666', 'eeee5555', 'create f', 'CREATE TABLE ug_f (id int);', 'DROP TABLE ug_f;'),
          pg_temp.rev('gggg7777', 'ffff6666', 'index f', 'CREATE INDEX CONCURRENTLY ug_f_id ON ug_f (id);',
                      'DROP INDEX CONCURRENTLY ug_f_id;', E'-- Transactional: false\n')])
WHERE action <> 'unchanged';
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- The revisions' SQL runs with the caller's search_path, here one that puts tables named like
-- the catalog's before pg_catalog; the internal statements do not care (sql/search_path.sql
-- shadows collations, operators and functions too).
CREATE SCHEMA ug_app;
CREATE TABLE ug_app.version (x int);
CREATE TABLE ug_app.revision (x int);
CREATE TABLE ug_app.log (x int);
SET search_path = ug_app, pg_catalog, public;
SELECT revision FROM migrate_upgrade('ffff6666');
RESET search_path;
SELECT to_regclass('ug_app.ug_f') AS in_app, to_regclass('public.ug_f') AS in_public;
SELECT * FROM pg_temp.state();

-- Called inside a transaction that rolls back: nothing stays.
BEGIN;
SET LOCAL search_path = ug_app, pg_catalog, public;
SELECT revision FROM migrate_downgrade('eeee5555');
SELECT * FROM pg_temp.state();
ROLLBACK;
SELECT * FROM pg_temp.state();

-- Clean up.
SET search_path = ug_app, pg_catalog, public;
SELECT revision, direction FROM migrate_downgrade('base');
RESET search_path;
DROP SCHEMA ug_app CASCADE;
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
SELECT * FROM pg_temp.state();
