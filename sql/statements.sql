-- statements: before the first step runs, every step's SQL is parsed and the statements a
-- migration cannot run are refused: those PostgreSQL runs only outside a transaction block
-- (25001), transaction control (2D000) and COPY to or from the client (0A000).  The DETAIL
-- names the statement and its number, the CONTEXT the revision; nothing has run (no progress
-- NOTICE, revision rs_one's table does not exist).  Statements a transaction block allows pass.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- upload(stmt, down): rs_one is harmless; rs_two creates a table, then runs stmt.
CREATE FUNCTION pg_temp.upload(stmt text, one_down text DEFAULT 'DROP TABLE rs_one;')
RETURNS bigint LANGUAGE sql AS $$
SELECT count(*) FROM migrate_upload(
    ARRAY['1_one.sql', '2_two.sql'],
    ARRAY[pg_temp.rev('rs_one', '', 'one', 'CREATE TABLE rs_one (id int);', one_down),
          pg_temp.rev('rs_two', 'rs_one', 'two', E'CREATE TABLE rs_two (id int);\n' || stmt,
                      'DROP TABLE rs_two;')])
$$;

CREATE FUNCTION pg_temp.state() RETURNS TABLE (versions text, log_rows bigint, tables text)
LANGUAGE sql AS $$
SELECT (SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '(none)') FROM pg_migrate.version),
       (SELECT count(*) FROM pg_migrate.log),
       (SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '(none)') FROM pg_class
         WHERE relname LIKE 'rs\_%' AND relkind = 'r')
$$;

-- Outside a transaction block only (25001).
SELECT pg_temp.upload('VACUUM;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();
SELECT pg_temp.upload('VACUUM (ANALYZE) rs_two;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('CREATE DATABASE rs_db;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('DROP DATABASE IF EXISTS rs_db;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('ALTER DATABASE rs_db SET TABLESPACE pg_default;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('ALTER SYSTEM SET work_mem = ''8MB'';');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('CREATE TABLESPACE rs_space LOCATION ''/nonexistent/rs_space'';');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('DROP TABLESPACE IF EXISTS rs_space;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('CREATE INDEX CONCURRENTLY rs_two_id ON rs_two (id);');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('DROP INDEX CONCURRENTLY IF EXISTS rs_two_id;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('REINDEX TABLE CONCURRENTLY rs_two;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('REINDEX (CONCURRENTLY) TABLE rs_two;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('REINDEX SCHEMA public;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('REINDEX SYSTEM rs_db;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('REINDEX DATABASE rs_db;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('CLUSTER;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('DISCARD ALL;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- Transaction control (2D000).
SELECT pg_temp.upload(E'SAVEPOINT s;\nSELECT 1;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE

-- COPY to or from the client (0A000); COPY with a server file is a different matter.
SELECT pg_temp.upload('COPY rs_two FROM STDIN;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.upload('COPY (SELECT 1) TO STDOUT;');
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- Allowed in a transaction block, so they run: ANALYZE, plain CREATE INDEX and REINDEX,
-- REINDEX (CONCURRENTLY false), CLUSTER of one table, DISCARD PLANS, ALTER TYPE ... ADD VALUE
-- (in a transaction block since PostgreSQL 12).  (rs_one's downgrade is for the next test.)
SELECT pg_temp.upload(E'CREATE INDEX rs_two_id ON rs_two (id);\nANALYZE rs_two;\nREINDEX TABLE rs_two;\n'
                      || E'REINDEX (CONCURRENTLY false) INDEX rs_two_id;\nCLUSTER rs_two USING rs_two_id;\n'
                      || E'DISCARD PLANS;\nCREATE TYPE rs_mood AS ENUM (''sad'');\n'
                      || E'ALTER TYPE rs_mood ADD VALUE ''happy'';',
                      E'DROP TABLE rs_one;\nDROP INDEX CONCURRENTLY IF EXISTS rs_one_id;');
SELECT revision FROM migrate_upgrade();
SELECT * FROM pg_temp.state();
SELECT enum_range(NULL::rs_mood) AS moods;

-- The downgrade SQL is checked the same way: rs_one's downgrade is refused before rs_two is
-- reverted, so rs_two's table is still there.
SELECT revision FROM migrate_downgrade('base');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.state();

-- Clean up (the applied revisions cannot be reverted any more: forget them by hand).
DELETE FROM pg_migrate.version;
DROP TABLE rs_one, rs_two;
DROP TYPE rs_mood;
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
