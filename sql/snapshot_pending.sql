-- snapshot_pending: the schema snapshot of pgmig drift is copy-on-write.  A run that applied a
-- step stores a pending row in pg_migrate.schema_snapshot (its heads and the catalog
-- fingerprint, no snapshot); the first DDL statement outside a migration materialises it
-- (migrate_snapshot() of the schema the run left) before it changes anything.  The fingerprint
-- stays while the schema does (data, TRUNCATE, VACUUM, ANALYZE, temporary objects) and tells a
-- change the event triggers did not see.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- The row that counts: the newest, a materialised copy before the pending row it copies.
CREATE VIEW pg_temp.snap AS
SELECT heads, taken_at, snapshot, fingerprint,
       coalesce(snapshot = migrate_snapshot(), fingerprint = migrate_schema_fingerprint()) AS matches_live
FROM pg_migrate.schema_snapshot ORDER BY taken_at DESC, snapshot IS NULL LIMIT 1;

CREATE SCHEMA sp;
SELECT migrate_drift_clear() >= 0 AS cleared;
SELECT count(*) AS uploaded FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('sp_a', '', 'create a', 'CREATE TABLE sp.a (id int PRIMARY KEY, v text);', 'DROP TABLE sp.a;'),
          pg_temp.rev('sp_b', 'sp_a', 'index', 'CREATE INDEX sp_a_v ON sp.a (v);', 'DROP INDEX sp.sp_a_v;')]);

-- A run stores one pending row, whose fingerprint is the live schema's (computed in the run's
-- transaction, compared in another).
SELECT revision FROM migrate_upgrade('sp_a');
SELECT count(*) AS rows, bool_and(snapshot IS NULL) AS pending, bool_and(heads = '{sp_a}') AS heads,
       bool_and(fingerprint = migrate_schema_fingerprint()) AS matches_live
FROM pg_migrate.schema_snapshot;

-- Not schema changes: the fingerprint stays, the row stays pending.
INSERT INTO sp.a VALUES (1, 'x');
TRUNCATE sp.a;
ANALYZE sp.a;
VACUUM sp.a;
CREATE TEMP TABLE sp_tmp (id serial PRIMARY KEY, v text);
CREATE INDEX ON sp_tmp (v);
CREATE TEMP TABLE before AS SELECT migrate_snapshot() AS s;
SELECT count(*) AS rows, snapshot IS NULL AS pending, matches_live FROM pg_temp.snap GROUP BY 2, 3;
DROP TABLE sp_tmp;
SELECT matches_live FROM pg_temp.snap;

-- DDL rolled back rolls its materialisation back with it.
BEGIN;
ALTER TABLE sp.a ADD COLUMN gone int;
SELECT count(*) AS rows_inside FROM pg_migrate.schema_snapshot;
ROLLBACK;
SELECT count(*) AS rows, bool_and(snapshot IS NULL) AS pending FROM pg_migrate.schema_snapshot;

-- DDL outside a migration, by a role without any privilege on the catalog: the schema of the
-- run is stored first (as the table's owner), so the change shows against it.
CREATE ROLE regress_sp_user;
GRANT USAGE, CREATE ON SCHEMA sp TO regress_sp_user;
SET ROLE regress_sp_user;
CREATE TABLE sp.u (a int);
RESET ROLE;
SELECT heads, snapshot IS NULL AS pending, snapshot = (SELECT s FROM before) AS is_run_schema, matches_live,
       jsonb_path_exists(snapshot, '$.objects[*] ? (@.id == "table:sp.u")') AS has_u
FROM pg_temp.snap;
SELECT count(*) AS rows, count(snapshot) AS materialised FROM pg_migrate.schema_snapshot;
-- A second statement finds nothing pending: the copy stays the only one.
ALTER TABLE sp.a ADD COLUMN w int;
SELECT count(*) AS rows, count(snapshot) AS materialised FROM pg_migrate.schema_snapshot;
SELECT snapshot = (SELECT s FROM before) AS is_run_schema FROM pg_temp.snap;

-- The next run replaces both rows with its own pending one; so does migrate_drift_clear.
DROP TABLE sp.u;
ALTER TABLE sp.a DROP COLUMN w;
SELECT revision FROM migrate_upgrade('head');
SELECT count(*) AS rows, bool_and(snapshot IS NULL) AS pending, bool_and(heads = '{sp_b}') AS heads,
       bool_and(fingerprint = migrate_schema_fingerprint()) AS matches_live
FROM pg_migrate.schema_snapshot;

-- With pg_migrate.guard on, the refused statement materialises nothing.
SET pg_migrate.guard = on;
CREATE TABLE sp.refused (a int);
RESET pg_migrate.guard;
SELECT count(*) AS rows, bool_and(snapshot IS NULL) AS pending FROM pg_migrate.schema_snapshot;

-- A change the event triggers do not see (a superuser disabled them, or a session with
-- session_replication_role = replica): nothing is materialised, and the fingerprint differs.
ALTER EVENT TRIGGER pg_migrate_guard DISABLE;
ALTER TABLE sp.a ADD COLUMN hidden int;
ALTER EVENT TRIGGER pg_migrate_guard ENABLE;
SELECT snapshot IS NULL AS pending, matches_live FROM pg_temp.snap;
SELECT migrate_drift_clear() >= 0 AS cleared;
SELECT matches_live FROM pg_temp.snap;
SET session_replication_role = replica;
ALTER TABLE sp.a DROP COLUMN hidden;
RESET session_replication_role;
SELECT snapshot IS NULL AS pending, matches_live FROM pg_temp.snap;
SELECT migrate_drift_clear() >= 0 AS cleared;

-- migrate_schema_fingerprint is not for PUBLIC.
SET ROLE regress_sp_user;
SELECT migrate_schema_fingerprint();
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

-- Clean up.
SELECT revision FROM migrate_downgrade('base');
SELECT count(*) AS removed FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
DROP SCHEMA sp CASCADE;
DROP ROLE regress_sp_user;
SELECT migrate_drift_clear() >= 0 AS cleared;
