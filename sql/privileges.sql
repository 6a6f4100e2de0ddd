-- privileges: only migrate_version is open to PUBLIC.  A role without grants gets 42501 from
-- every other function; a deploy role with the documented grants (EXECUTE, no privilege on the
-- catalog's tables: the functions write them as the catalog's owner) can upload, upgrade,
-- downgrade and read, and cannot write the catalog directly; a read-only role can read.  The log
-- records the role that ran each step (current_user) and the role that logged in (session_user),
-- also under SET ROLE.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

CREATE ROLE regress_pgm_nobody;
CREATE ROLE regress_pgm_deploy;
CREATE ROLE regress_pgm_reader;

-- What PUBLIC may execute.
SELECT p.oid::regprocedure AS function,
       has_function_privilege('regress_pgm_nobody', p.oid, 'EXECUTE') AS public_may_execute
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_migrate'
ORDER BY p.oid::regprocedure::text;

-- A role without grants.
SET ROLE regress_pgm_nobody;
SELECT * FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_downgrade('base');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[]);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_current();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_history();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_heads();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_branches();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_show('heads');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_plan('upgrade', 'heads');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_stamp(ARRAY['base']);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_verify();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_repair('pv_a', 'fix');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('pv_a', 'upgrade', '22012', 'division by zero');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_version() IS NOT NULL AS version_for_everyone;
-- pg_migrate.write_log writes as the catalog's owner, so it is not PUBLIC's either.
CALL pg_migrate.write_log('pv_a', 'upgrade', 'applied', now());
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

-- The grants of a deploy role (as documented), plus what its revisions need.
GRANT USAGE ON SCHEMA pg_migrate TO regress_pgm_deploy;
GRANT SELECT ON pg_migrate.log, pg_migrate.run, pg_migrate.drift, pg_migrate.schema_snapshot TO regress_pgm_deploy;
GRANT EXECUTE ON FUNCTION migrate_upload(text[], bytea[]), migrate_upload(text[], text[]),
                          migrate_upload(text[], bytea[], text[], text[]), migrate_upload_needed(text[], text[]),
                          migrate_upgrade(text), migrate_downgrade(text),
                          migrate_run(text, text, integer), migrate_rehearse(text, text),
                          migrate_lint(text, text), migrate_snapshot(), migrate_drift_clear(bigint),
                          migrate_current(), migrate_history(text), migrate_heads(), migrate_branches(),
                          migrate_show(text), migrate_plan(text, text), migrate_stamp(text[], boolean),
                          migrate_verify(), migrate_repair(text, text, text, bytea),
                          migrate_log_failure(text, text, text, text, interval, text),
                          pg_migrate.migrate_statements(text, text),
                          pg_migrate.migrate_record(text, text, timestamptz, interval),
                          pg_migrate.lock_session(), pg_migrate.unlock_session()
                          TO regress_pgm_deploy;
GRANT EXECUTE ON PROCEDURE pg_migrate.write_log(text, text, text, timestamptz, interval, text, text),
                           migrate_upgrade_each(text), migrate_downgrade_each(text)
    TO regress_pgm_deploy;
CREATE SCHEMA pv_app AUTHORIZATION regress_pgm_deploy;

-- The grants of a read-only role.
GRANT USAGE ON SCHEMA pg_migrate TO regress_pgm_reader;
GRANT SELECT ON pg_migrate.log, pg_migrate.run TO regress_pgm_reader;
GRANT EXECUTE ON FUNCTION migrate_current(), migrate_history(text), migrate_heads(), migrate_branches(),
                          migrate_show(text), migrate_plan(text, text), migrate_verify() TO regress_pgm_reader;

SET ROLE regress_pgm_deploy;
SELECT revision, action FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('pv_a', '', 'create a', 'CREATE TABLE pv_app.a (id int);', 'DROP TABLE pv_app.a;'),
          pg_temp.rev('pv_b', 'pv_a', 'create b', 'CREATE TABLE pv_app.b (id int);', 'DROP TABLE pv_app.b;')]);
SELECT revision, direction FROM migrate_upgrade();
SELECT revision, direction FROM migrate_downgrade('-1');
-- REPEATABLE READ also reads pg_migrate.log (the snapshot check).
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT revision, direction FROM migrate_upgrade();
COMMIT;
SELECT revision, line FROM migrate_current();
SELECT revision, is_current FROM migrate_history();
SELECT description FROM migrate_stamp(ARRAY['pv_a']);
SELECT description FROM migrate_stamp(ARRAY['pv_b']);
SELECT revision, status FROM migrate_verify();
SELECT revision, old_checksum = new_checksum AS same FROM migrate_repair('pv_a', 'accept the uploaded script');
SELECT migrate_log_failure('pv_b', 'upgrade', '22012', 'division by zero');
-- The deploy role's grants let it run an offline script, which logs with pg_migrate.write_log.
CALL pg_migrate.write_log('pv_b', 'upgrade', 'applied', now(), '0', NULL, NULL);
-- The functions of 0.3.0 work under the documented grants.
SELECT count(*) AS findings FROM migrate_lint();
SELECT revision, rehearsed FROM migrate_rehearse('downgrade', 'base');
SELECT pg_migrate.lock_session();
SELECT pg_migrate.unlock_session();
CALL migrate_downgrade_each('-1');
SELECT revision FROM migrate_run('upgrade', 'head', 1);
SELECT migrate_drift_clear() >= 0 AS cleared;
-- The deploy role cannot write the catalog itself: only the functions do.
UPDATE pg_migrate.revision SET downgrade_sql = 'SELECT 1;' WHERE id = 'pv_b';
\echo :LAST_ERROR_SQLSTATE
DELETE FROM pg_migrate.version;
\echo :LAST_ERROR_SQLSTATE
INSERT INTO pg_migrate.log (revision, direction, started_at, duration, role, session_role, outcome)
VALUES ('pv_b', 'upgrade', now(), '0', current_user, session_user, 'applied');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

-- The reader reads, and cannot change anything.
SET ROLE regress_pgm_reader;
SELECT revision, line FROM migrate_current();
SELECT count(*) FROM migrate_history();
SELECT revision, is_current FROM migrate_heads();
SELECT count(*) FROM migrate_branches();
SELECT revision, is_applied FROM migrate_show('current');
SELECT step, revision FROM migrate_plan('downgrade', 'base');
SELECT revision, status FROM migrate_verify();
SELECT revision FROM migrate_downgrade('base');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_repair('pv_a', 'fix');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_stamp(ARRAY['base']);
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('pv_b', 'upgrade', '22012', 'division by zero');
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('pv_b', 'upgrade', 'applied', now());
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

-- role is current_user, session_role is session_user.
SELECT revision, direction, outcome, role, session_role = session_user AS session_role_is_login,
       session_role <> role AS differ
FROM pg_migrate.log ORDER BY id;

-- Clean up.
SET ROLE regress_pgm_deploy;
SELECT revision, direction FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
RESET ROLE;
TRUNCATE pg_migrate.log, pg_migrate.run;
DROP SCHEMA pv_app;
DROP OWNED BY regress_pgm_deploy, regress_pgm_reader;
DROP ROLE regress_pgm_nobody, regress_pgm_deploy, regress_pgm_reader;
