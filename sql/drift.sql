-- drift: DDL run outside migrations is recorded in pg_migrate.drift (command tag, object
-- identity, who); DDL run by migrate_upgrade and migrate_downgrade, temporary objects and rolled
-- back DDL are not.  Every run that applied a step stores the schema it left in
-- pg_migrate.schema_snapshot, as a pending row (heads and fingerprint, no snapshot) that the
-- first DDL outside a migration materialises (snapshot_pending tests that in detail);
-- migrate_drift_clear acknowledges the drift.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- The row that counts: the newest, a materialised copy before the pending row it copies.
CREATE VIEW pg_temp.snap AS
SELECT heads, taken_at, snapshot, fingerprint,
       coalesce(snapshot = migrate_snapshot(), fingerprint = migrate_schema_fingerprint()) AS matches_live
FROM pg_migrate.schema_snapshot ORDER BY taken_at DESC, snapshot IS NULL LIMIT 1;

-- The suites before this one ran DDL by hand in this database: acknowledge it.  Clearing also
-- stores the live schema as the snapshot, with the current heads.
SELECT migrate_drift_clear() >= 0 AS cleared;
SELECT count(*) AS recorded FROM pg_migrate.drift;
SELECT heads = (SELECT coalesce(array_agg(revision ORDER BY revision), '{}') FROM pg_migrate.version) AS heads,
       snapshot IS NULL AS pending, matches_live
FROM pg_temp.snap;

-- DDL by hand: one row per command (a CREATE TABLE with a primary key is two), with the
-- object's identity and schema; a DROP records what it names and the whole objects its
-- CASCADE takes along.
CREATE SCHEMA dr;
CREATE TABLE dr.t (id int PRIMARY KEY, v text);
ALTER TABLE dr.t ADD COLUMN w int;
CREATE VIEW dr.v AS SELECT id FROM dr.t;
COMMENT ON TABLE dr.t IS 'made by hand';
CREATE FUNCTION dr.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
DROP TABLE dr.t CASCADE;
SELECT command_tag, object_type, object_identity, schema, role = current_user AS role,
       session_role = session_user AS session_role, application_name, at <= clock_timestamp() AS at
FROM pg_migrate.drift ORDER BY id;

-- Not drift: temporary objects, and DDL rolled back with its transaction.
SELECT max(id) AS last_id FROM pg_migrate.drift \gset
CREATE TEMP TABLE dr_tmp (a int);
CREATE INDEX ON dr_tmp (a);
ALTER TABLE dr_tmp ADD COLUMN b int;
CREATE TEMP VIEW dr_tmp_v AS SELECT a FROM dr_tmp;
DROP TABLE dr_tmp CASCADE;
BEGIN;
CREATE TABLE dr.gone (a int);
ROLLBACK;
SELECT count(*) AS recorded_since FROM pg_migrate.drift WHERE id > :last_id;

-- The record names the role that ran the DDL, which needs no privilege on the catalog (the
-- triggers write as the catalog's owner) and cannot read it either.
CREATE ROLE regress_drift_user;
GRANT USAGE, CREATE ON SCHEMA dr TO regress_drift_user;
SET ROLE regress_drift_user;
CREATE TABLE dr.u (a int);
SELECT count(*) FROM pg_migrate.drift;
RESET ROLE;
SELECT role, session_role = session_user AS session_role, command_tag, object_identity
FROM pg_migrate.drift ORDER BY id DESC LIMIT 1;

-- Restoring a dump runs DDL (recorded) before it copies the dumped records back with their ids,
-- which may repeat ids already used: nothing fails.
SELECT setval('pg_migrate.drift_id_seq', min(id), false) > 0 AS rewound FROM pg_migrate.drift;
CREATE TABLE dr.restored (a int);
SELECT count(*) > count(DISTINCT id) AS repeated_id FROM pg_migrate.drift;
DROP TABLE dr.restored;

-- DDL run by migrate_upgrade and migrate_downgrade is not recorded; each run that applied a step
-- stores the schema it left, with its heads.
SELECT migrate_drift_clear() AS cleared;
SELECT count(*) AS uploaded FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('dr_a', '', 'create a', 'CREATE TABLE dr.a (id int);', 'DROP TABLE dr.a;'),
          pg_temp.rev('dr_b', 'dr_a', 'add b',
                      E'ALTER TABLE dr.a ADD COLUMN b int;\nCREATE INDEX dr_a_b ON dr.a (b);\nDROP TABLE dr.u;',
                      E'CREATE TABLE dr.u (a int);\nDROP INDEX dr.dr_a_b;\nALTER TABLE dr.a DROP COLUMN b;')]);
SELECT revision FROM migrate_upgrade('head');
SELECT count(*) AS recorded FROM pg_migrate.drift;
SELECT heads, snapshot IS NULL AS pending, matches_live FROM pg_temp.snap;
SELECT taken_at AS taken FROM pg_temp.snap \gset
-- A run with nothing to do keeps the snapshot.
SELECT count(*) AS steps FROM migrate_upgrade('head');
SELECT taken_at = :'taken' AS kept FROM pg_temp.snap;
SELECT revision FROM migrate_downgrade('-1');
SELECT heads, snapshot IS NULL AS pending, matches_live FROM pg_temp.snap;
SELECT count(*) AS recorded FROM pg_migrate.drift;
SELECT count(*) AS snapshots FROM pg_migrate.schema_snapshot;
-- A failed run leaves the snapshot as it was.
SELECT count(*) AS uploaded FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
    ARRAY[pg_temp.rev('dr_a', '', 'create a', 'CREATE TABLE dr.a (id int);', 'DROP TABLE dr.a;'),
          pg_temp.rev('dr_b', 'dr_a', 'add b',
                      E'ALTER TABLE dr.a ADD COLUMN b int;\nCREATE INDEX dr_a_b ON dr.a (b);\nDROP TABLE dr.u;',
                      E'CREATE TABLE dr.u (a int);\nDROP INDEX dr.dr_a_b;\nALTER TABLE dr.a DROP COLUMN b;'),
          pg_temp.rev('dr_c', 'dr_b', 'fails', 'CREATE TABLE dr.c (a int); SELECT 1/0;', 'DROP TABLE dr.c;')]);
SELECT revision FROM migrate_upgrade('head');
SELECT heads FROM pg_temp.snap;

-- Hand-made DDL makes the live schema differ from the snapshot (materialised before it ran: the
-- schema of the last run, without column c); migrate_drift_clear takes it as the new snapshot
-- and deletes the records, all of them or those up to an id.
ALTER TABLE dr.a ADD COLUMN c int;
SELECT heads, snapshot IS NULL AS pending, matches_live,
       jsonb_path_exists(snapshot, '$.objects[*] ? (@.id == "table:dr.a").columns[*] ? (@.name == "c")') AS has_c
FROM pg_temp.snap;
CREATE TABLE dr.x1 (a int);
SELECT max(id) AS upto FROM pg_migrate.drift \gset
CREATE TABLE dr.x2 (a int);
SELECT migrate_drift_clear(:upto) AS cleared;
SELECT command_tag, object_identity FROM pg_migrate.drift ORDER BY id;
SELECT snapshot IS NULL AS pending, matches_live FROM pg_temp.snap;
SELECT count(*) AS snapshots FROM pg_migrate.schema_snapshot;
SELECT migrate_drift_clear() AS cleared;

-- migrate_drift_clear is not for PUBLIC; the trigger functions only run as event triggers; a
-- revision cannot clear the drift.
SET ROLE regress_drift_user;
SELECT migrate_drift_clear();
RESET ROLE;
SELECT pg_migrate.ddl_record();
SELECT count(*) AS uploaded FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
    ARRAY[pg_temp.rev('dr_a', '', 'create a', 'CREATE TABLE dr.a (id int);', 'DROP TABLE dr.a;'),
          pg_temp.rev('dr_b', 'dr_a', 'add b',
                      E'ALTER TABLE dr.a ADD COLUMN b int;\nCREATE INDEX dr_a_b ON dr.a (b);\nDROP TABLE dr.u;',
                      E'CREATE TABLE dr.u (a int);\nDROP INDEX dr.dr_a_b;\nALTER TABLE dr.a DROP COLUMN b;'),
          pg_temp.rev('dr_c', 'dr_b', 'clears', 'SELECT migrate_drift_clear();', 'SELECT 1;')]);
SELECT revision FROM migrate_upgrade('head');
\echo :LAST_ERROR_SQLSTATE

-- A non-transactional revision, run the way pgmig runs it: migrate_statements marks the session
-- as applying it, so its statements are not drift, until migrate_record (or
-- migrate_log_failure) ends the mark; only for the next step (before dr_a is applied, the DDL
-- of the session is drift).
SELECT revision FROM migrate_downgrade('base');
SELECT migrate_drift_clear() >= 0 AS cleared;
SELECT count(*) AS uploaded FROM migrate_upload(
    ARRAY['1_a.sql', '2_n.sql'],
    ARRAY[pg_temp.rev('dr_a', '', 'create a', 'CREATE TABLE dr.a (id int);', 'DROP TABLE dr.a;'),
          pg_temp.rev('dr_n', 'dr_a', 'index', 'CREATE INDEX CONCURRENTLY dr_a_id ON dr.a (id);',
                      'DROP INDEX CONCURRENTLY dr.dr_a_id;', E'-- Transactional: false\n')]);
SELECT ordinal FROM pg_migrate.migrate_statements('dr_n', 'upgrade');
CREATE TABLE dr.before_next (a int);
SELECT revision FROM migrate_run('upgrade', 'head', 1);
-- Without the migration lock at session level, listing the statements marks nothing.
SELECT ordinal FROM pg_migrate.migrate_statements('dr_n', 'upgrade');
CREATE TABLE dr.without_lock (a int);
SELECT pg_migrate.lock_session();
SELECT ordinal, statement FROM pg_migrate.migrate_statements('dr_n', 'upgrade');
CREATE INDEX CONCURRENTLY dr_a_id ON dr.a (id);
SELECT pg_migrate.migrate_record('dr_n', 'upgrade', now(), '1 second');
SELECT pg_migrate.unlock_session();
CREATE TABLE dr.after_record (a int);
SELECT command_tag, object_identity FROM pg_migrate.drift ORDER BY id;
SELECT migrate_drift_clear() AS cleared;

-- Clean up (by hand, so recorded, and acknowledged).
SELECT pg_migrate.lock_session();
SELECT ordinal FROM pg_migrate.migrate_statements('dr_n', 'downgrade');
DROP INDEX CONCURRENTLY dr.dr_a_id;
SELECT pg_migrate.migrate_record('dr_n', 'downgrade', now(), NULL);
SELECT pg_migrate.unlock_session();
SELECT revision FROM migrate_downgrade('base');
DELETE FROM pg_migrate.revision;
DROP SCHEMA dr CASCADE;
DROP ROLE regress_drift_user;
SELECT migrate_drift_clear() > 0 AS cleared;
