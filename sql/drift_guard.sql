-- drift_guard: with pg_migrate.guard on, DDL outside migrations is refused before it runs
-- (55000, naming the command, with a hint), while migrate_upgrade and migrate_downgrade,
-- temporary objects and ALTER EXTENSION pg_migrate UPDATE pass.  Only a superuser (or a role
-- granted SET on the parameter) changes it; it can be set per role or database.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers
SELECT current_user AS admin \gset
CREATE SCHEMA dg;
CREATE ROLE regress_guard_user LOGIN;
GRANT USAGE, CREATE ON SCHEMA dg TO regress_guard_user;
SELECT migrate_drift_clear() > 0 AS cleared;

SHOW pg_migrate.guard;
SET pg_migrate.guard = on;

-- Refused before anything runs, and not recorded.
CREATE TABLE dg.t (a int);
\echo :LAST_ERROR_SQLSTATE
SELECT to_regclass('dg.t') AS created;
DROP SCHEMA dg;
DO $$ BEGIN EXECUTE 'CREATE TABLE dg.t2 (a int)'; END $$;
CREATE TEMP TABLE dg_tmp_source AS SELECT 1 AS a;
CREATE TABLE dg.t3 AS SELECT * FROM dg_tmp_source;
SELECT count(*) AS recorded FROM pg_migrate.drift;

-- Temporary objects pass.
CREATE TEMP TABLE dg_tmp (a int);
CREATE INDEX dg_tmp_a ON dg_tmp (a);
ALTER TABLE dg_tmp ADD COLUMN b int;
CREATE TABLE pg_temp.dg_tmp2 (a int);
DROP TABLE dg_tmp, pg_temp.dg_tmp2, dg_tmp_source;
-- A DROP that names a temporary and a permanent table is refused.
CREATE TEMP TABLE dg_tmp (a int);
DROP TABLE dg_tmp, dg.nothing;
DROP TABLE dg_tmp;

-- Migrations pass, and updating pg_migrate itself.
SELECT count(*) AS uploaded FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('dg_a', '', 'create a', 'CREATE TABLE dg.a (id int);', 'DROP TABLE dg.a;'),
          pg_temp.rev('dg_b', 'dg_a', 'add b', 'ALTER TABLE dg.a ADD COLUMN b int;',
                      'ALTER TABLE dg.a DROP COLUMN b;')]);
SELECT revision FROM migrate_upgrade('head');
SELECT revision FROM migrate_downgrade('dg_a');
SELECT count(*) AS recorded FROM pg_migrate.drift;
-- (Its NOTICE names the installed version, which changes with every release: not shown.)
SET client_min_messages = warning;
ALTER EXTENSION pg_migrate UPDATE;
RESET client_min_messages;

-- A role that is not a superuser cannot turn it off.
SET ROLE regress_guard_user;
SET pg_migrate.guard = off;
\echo :LAST_ERROR_SQLSTATE
CREATE TABLE dg.u (a int);
RESET ROLE;

-- Per role (or database): the setting applies at login.
ALTER ROLE regress_guard_user SET pg_migrate.guard = on;
\c - regress_guard_user
SHOW pg_migrate.guard;
CREATE TABLE dg.u (a int);
\echo :LAST_ERROR_SQLSTATE
\c - :admin
ALTER ROLE regress_guard_user RESET pg_migrate.guard;

-- Off again: the DDL runs and is recorded.
SET pg_migrate.guard = off;
CREATE TABLE dg.t (a int);
SELECT command_tag, object_identity FROM pg_migrate.drift ORDER BY id;

-- Clean up.
SELECT revision FROM migrate_downgrade('base');
DELETE FROM pg_migrate.revision;
DROP SCHEMA dg CASCADE;
DROP ROLE regress_guard_user;
SELECT migrate_drift_clear() > 0 AS cleared;
