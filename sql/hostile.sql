-- hostile: hostile input through every SQL function of pg_migrate (docs/robustness.md,
-- "Hostile input").  Quotes, semicolons, $$, backslashes, newlines, invalid UTF-8 and
-- 100,000-character strings as ids, targets, labels, messages, file names and reasons: never
-- run as SQL (the sentinel table survives), every refusal a clear error with its SQLSTATE, and
-- the catalog and schema unchanged after it (the fingerprint).
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

CREATE TABLE sentinel (id int);
INSERT INTO sentinel VALUES (1);

-- fp(): the catalog (version, revisions, log) and the public tables, as one hash.
CREATE FUNCTION pg_temp.fp() RETURNS text LANGUAGE sql AS $$
SELECT md5(concat_ws('|',
    (SELECT string_agg(revision, ',' ORDER BY revision) FROM pg_migrate.version),
    (SELECT string_agg(id || ':' || checksum || ':' || file_name, ',' ORDER BY id) FROM pg_migrate.revision),
    (SELECT count(*) FROM pg_migrate.log),
    (SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class
      WHERE relnamespace = 'public'::regnamespace)))
$$;

-- try(sql): run sql; its SQLSTATE and message (cut at 120 characters, with the length), or 'ok'.
CREATE FUNCTION pg_temp.try(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text;
    msg text;
BEGIN
    EXECUTE sql;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    RETURN state || ': ' || left(msg, 120) || CASE WHEN length(msg) > 120 THEN ' (' || length(msg) || ' chars)' ELSE '' END;
END $$;

SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('ho_a', '', 'create a', 'CREATE TABLE ho_a (id int);', 'DROP TABLE ho_a;'),
          pg_temp.rev('ho_b', 'ho_a', 'create b', 'CREATE TABLE ho_b (id int);', 'DROP TABLE ho_b;')]);
SELECT revision FROM migrate_upgrade('ho_a');
SELECT pg_temp.fp() AS before \gset

-- The hostile strings.
CREATE TEMP TABLE evil (label text, s text);
INSERT INTO evil VALUES
    ('quote', $e$head'); DROP TABLE sentinel; --$e$),
    ('dquote', $e$"; DROP TABLE sentinel; --$e$),
    ('dollar', $e$$$; DROP TABLE sentinel; $$$e$),
    ('backslash', E'x\\''; DROP TABLE sentinel; --'),
    ('newline', E'head\nDROP TABLE sentinel'),
    ('escape', E'head\x1b[2J'),
    ('long', repeat('a', 100000)),
    ('relative', $e$+1'); DROP TABLE sentinel; --$e$);

-- Every text argument of every function, each hostile string.
SELECT e.label, f.fn, pg_temp.try(format(f.sql, e.s)) AS result
FROM evil e,
     (VALUES ('upgrade', 'SELECT * FROM migrate_upgrade(%L)'),
             ('downgrade', 'SELECT * FROM migrate_downgrade(%L)'),
             ('stamp', 'SELECT * FROM migrate_stamp(ARRAY[%L])'),
             ('plan', 'SELECT * FROM migrate_plan(''upgrade'', %L)'),
             ('history', 'SELECT * FROM migrate_history(%L)'),
             ('show', 'SELECT * FROM migrate_show(%L)'),
             ('repair', 'SELECT * FROM migrate_repair(%1$L, ''r'')'),
             ('lint', 'SELECT * FROM migrate_lint(''upgrade'', %L)'),
             ('run', 'SELECT * FROM migrate_run(''upgrade'', %L)'),
             ('rehearse', 'SELECT * FROM migrate_rehearse(''upgrade'', %L)'),
             ('statements', 'SELECT * FROM pg_migrate.migrate_statements(%L, ''upgrade'')'),
             ('log_failure', 'SELECT migrate_log_failure(%L, ''upgrade'', ''42P01'', ''m'')'),
             ('direction', 'SELECT * FROM migrate_plan(%L, ''head'')'))
     AS f(fn, sql)
ORDER BY f.fn, e.label;
SELECT count(*) AS sentinel FROM sentinel;
SELECT pg_temp.fp() = :'before' AS unchanged;

-- Hostile values where the functions take free text: a stamp reason, a failure message and a
-- repair reason are stored as text, never run.
SELECT pg_temp.try(format('SELECT * FROM migrate_stamp(ARRAY[''base''], false, %L)', s)) FROM evil WHERE label = 'quote';
SELECT reason FROM pg_migrate.log ORDER BY id DESC LIMIT 1;
SELECT count(*) FROM migrate_stamp(ARRAY['ho_a']);
SELECT migrate_log_failure('ho_b', 'upgrade', '42P01', $e$'); DROP TABLE sentinel; --$e$);
SELECT pg_temp.try(format('SELECT migrate_log_failure(''ho_b'', ''upgrade'', %L, ''m'')', s)) FROM evil WHERE label = 'quote';
SELECT count(*) AS sentinel FROM sentinel;

-- Hostile file names and messages: stored as they are (a file name is any text), shown
-- escaped by pgmig, never run.
SELECT revision, action FROM migrate_upload(
    ARRAY['1_a.sql', E'2_b''; DROP TABLE sentinel; --\x1b[2J.sql'],
    ARRAY[pg_temp.rev('ho_a', '', 'create a', 'CREATE TABLE ho_a (id int);', 'DROP TABLE ho_a;'),
          pg_temp.rev('ho_b', 'ho_a', $m$it's "quoted"; $$ \ DROP TABLE sentinel; --$m$, 'CREATE TABLE ho_b (id int);', 'DROP TABLE ho_b;')]);
SELECT file_name = E'2_b''; DROP TABLE sentinel; --\x1b[2J.sql' AS name_kept, message FROM pg_migrate.revision WHERE id = 'ho_b';
SELECT pg_temp.fp() AS before \gset

-- Refused uploads leave everything as it was.
-- an id with a quote
SELECT pg_temp.try($t$SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[pg_temp.rev($$ho_x'; DROP TABLE sentinel; --$$, '', 'm', 'SELECT 1;')])$t$);
-- a parent with a semicolon
SELECT pg_temp.try($t$SELECT * FROM migrate_upload(ARRAY['1_a.sql', 'x.sql'], ARRAY[pg_temp.rev('ho_a', '', 'create a', 'CREATE TABLE ho_a (id int);', 'DROP TABLE ho_a;'), pg_temp.rev('ho_x', 'ho_a;DROP', 'm', 'SELECT 1;')])$t$);
-- a branch label with an escape sequence, a 100,000-character id and label
SELECT pg_temp.try($t$SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[pg_temp.rev('ho_x', '', 'm', 'SELECT 1;', NULL, E'-- Branch Labels: fe\x1b[2Jat\n')])$t$);
SELECT pg_temp.try($t$SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[pg_temp.rev(repeat('i', 100000), '', 'm', 'SELECT 1;')])$t$);
SELECT pg_temp.try($t$SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[pg_temp.rev('ho_x', '', 'm', 'SELECT 1;', NULL, '-- Branch Labels: ' || repeat('l', 100000) || E'\n')])$t$);
-- NUL and invalid UTF-8 in a file, invalid UTF-8 in a file name, a 100,000-character file name
SELECT pg_temp.try($t$SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[convert_to(pg_temp.rev('ho_x', '', 'm', 'SELECT 1;'), 'UTF8') || '\x00'::bytea])$t$);
SELECT pg_temp.try($t$SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[convert_to(pg_temp.rev('ho_x', '', 'm', 'SELECT 1;'), 'UTF8') || '\xfffe'::bytea])$t$);
SELECT pg_temp.try($t$SELECT * FROM migrate_upload(ARRAY[convert_from('\x78ff2e73716c'::bytea, 'SQL_ASCII')], ARRAY[pg_temp.rev('ho_x', '', 'm', 'SELECT 1;')])$t$);
SELECT count(*) AS sentinel FROM sentinel;
SELECT pg_temp.fp() = :'before' AS unchanged;
-- a file name is free text: 100,000 characters are kept
SELECT action, length(file_name) FROM migrate_upload(
    ARRAY['1_a.sql', repeat('f', 100000)],
    ARRAY[pg_temp.rev('ho_a', '', 'create a', 'CREATE TABLE ho_a (id int);', 'DROP TABLE ho_a;'),
          pg_temp.rev('ho_b', 'ho_a', 'm', 'SELECT 1;')]) ORDER BY 1;

-- Revision SQL that ends the transaction, changes the role or the settings, drops the lock
-- or migrates again: refused or harmless; nothing half-applied; the caller's role,
-- search_path and the migration lock are what they were.
CREATE ROLE regress_hostile_other NOLOGIN;
GRANT CREATE ON SCHEMA public TO regress_hostile_other;
CREATE FUNCTION pg_temp.attempt(up text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    PERFORM count(*) FROM migrate_upload(
        ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
        ARRAY[pg_temp.rev('ho_a', '', 'create a', 'CREATE TABLE ho_a (id int);', 'DROP TABLE ho_a;'),
              pg_temp.rev('ho_b', 'ho_a', 'create b', 'CREATE TABLE ho_b (id int);', 'DROP TABLE ho_b;'),
              pg_temp.rev('ho_c', 'ho_b', 'hostile', up || E'\nCREATE TABLE ho_c (id int);', 'DROP TABLE ho_c;')]);
    result := pg_temp.try('SELECT * FROM migrate_upgrade(''head'')');
    result := result || ' | user ' || current_user || ', search_path ' || current_setting('search_path')
        || ', tables ' || coalesce((SELECT string_agg(relname || ' of ' || pg_get_userbyid(relowner), ',' ORDER BY relname)
                                    FROM pg_class WHERE relname LIKE 'ho\_%' AND relkind = 'r'), '-')
        || ', at ' || (SELECT string_agg(revision, ',') FROM pg_migrate.version)
        || ', logged as ' || coalesce((SELECT string_agg(DISTINCT role, ',') FROM pg_migrate.log
                                       WHERE revision = 'ho_c' AND direction = 'upgrade'), '-');
    IF (SELECT revision FROM pg_migrate.version) = 'ho_c' THEN
        PERFORM count(*) FROM migrate_downgrade('ho_a');
    END IF;
    DELETE FROM pg_migrate.log WHERE revision = 'ho_c';
    RETURN result;
END $$;
SELECT pg_temp.attempt('COMMIT;');
SELECT pg_temp.attempt('ROLLBACK;');
SELECT pg_temp.attempt('SET ROLE regress_hostile_other;');
SELECT pg_temp.attempt('SET SESSION AUTHORIZATION regress_hostile_other;');
SELECT pg_temp.attempt('RESET ALL;');
SELECT pg_temp.attempt('SET search_path = pg_temp;');
SELECT pg_temp.attempt('DISCARD ALL;');
SELECT pg_temp.attempt('SELECT pg_advisory_unlock_all();');
SELECT pg_temp.attempt('SELECT count(*) FROM migrate_upgrade(''head'');');
SELECT pg_temp.attempt('DO $$ BEGIN COMMIT; END $$;');
SELECT current_user, current_setting('search_path');
SELECT count(*) AS sentinel FROM sentinel;

-- The same in a procedure run, one transaction per revision (migrate_upgrade_each).
CREATE PROCEDURE pg_temp.each_attempt(up text) LANGUAGE plpgsql AS $$
BEGIN
    PERFORM count(*) FROM migrate_upload(
        ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
        ARRAY[pg_temp.rev('ho_a', '', 'create a', 'CREATE TABLE ho_a (id int);', 'DROP TABLE ho_a;'),
              pg_temp.rev('ho_b', 'ho_a', 'create b', 'CREATE TABLE ho_b (id int);', 'DROP TABLE ho_b;'),
              pg_temp.rev('ho_c', 'ho_b', 'hostile', up || E'\nCREATE TABLE ho_c (id int);', 'DROP TABLE ho_c;')]);
END $$;
SELECT count(*) FROM migrate_downgrade('ho_a');
CALL pg_temp.each_attempt('COMMIT;');
CALL migrate_upgrade_each('head');
\echo :LAST_ERROR_SQLSTATE
SELECT current_user, (SELECT string_agg(revision, ',') FROM pg_migrate.version) AS at, to_regclass('ho_c') AS c;
SELECT count(*) FROM migrate_downgrade('ho_a');
CALL pg_temp.each_attempt('SET ROLE regress_hostile_other;');
CALL migrate_upgrade_each('head');
\echo :LAST_ERROR_SQLSTATE
SELECT current_user, (SELECT string_agg(revision, ',') FROM pg_migrate.version) AS at, to_regclass('ho_c') AS c;
SELECT count(*) FROM migrate_downgrade('ho_a');
CALL pg_temp.each_attempt('SELECT pg_advisory_unlock_all();');
CALL migrate_upgrade_each('head');
\echo :LAST_ERROR_SQLSTATE
SELECT current_user, (SELECT string_agg(revision, ',') FROM pg_migrate.version) AS at, to_regclass('ho_c') AS c;

-- Clean up.
RESET ROLE;
SELECT count(*) FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
REVOKE CREATE ON SCHEMA public FROM regress_hostile_other;
DROP ROLE regress_hostile_other;
DROP TABLE sentinel;
