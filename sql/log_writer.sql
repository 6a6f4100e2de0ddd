-- log_writer: pg_migrate.write_log, the one writer of pg_migrate.log as a procedure, used by
-- the offline scripts for the steps they run.  The role, session role, application and client
-- address come from the session; bad arguments are refused; it is refused inside a migration.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- One row per call, with what was given.
SET application_name = 'log_writer_test';
CALL pg_migrate.write_log('lw_a', 'upgrade', 'applied', '2026-01-02 03:04:05+00', '1.5 s', repeat('c', 64));
CALL pg_migrate.write_log('lw_a', 'downgrade', 'failed', '2026-01-02 03:04:06+00', NULL, NULL,
                            '42P01: relation "x" does not exist');
CALL pg_migrate.write_log('lw_a', 'stamp', 'stamped', '2026-01-02 03:04:07+00');
CALL pg_migrate.write_log('lw_a', 'repair', 'repaired', '2026-01-02 03:04:08+00', '0', NULL, 'checked by hand');
SELECT revision, direction, outcome, started_at AT TIME ZONE 'UTC' AS started_utc, duration, checksum, reason,
       role = current_user AS by_me, session_role = session_user AS session_ok,
       application_name, client_addr IS NOT DISTINCT FROM inet_client_addr() AS client_ok
FROM pg_migrate.log ORDER BY id;
RESET application_name;

-- It writes the log only: no version row, no lock left behind.
SELECT count(*) AS version_rows FROM pg_migrate.version;
SELECT count(*) AS advisory_locks FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();

-- Bad arguments.
CALL pg_migrate.write_log(NULL, 'upgrade', 'applied', now());
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw_a', NULL, 'applied', now());
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw_a', 'upgrade', NULL, now());
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw_a', 'upgrade', 'applied', NULL);
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw_a', 'sideways', 'applied', now());
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw_a', 'upgrade', 'skipped', now());
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw_a', 'stamp', 'applied', now());
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw_a', 'upgrade', 'repaired', now(), NULL, NULL, 'why');
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw_a', 'repair', 'failed', now(), NULL, NULL, 'why');
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw_a', 'downgrade', 'stamped', now());
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw_a', 'repair', 'repaired', now());
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw_a', 'upgrade', 'failed', now(), NULL, NULL, E' \t\n');
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log('lw-a', 'upgrade', 'applied', now());
\echo :LAST_ERROR_SQLSTATE
CALL pg_migrate.write_log(repeat('a', 65), 'upgrade', 'applied', now());
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS log_rows FROM pg_migrate.log;

-- Refused inside a migration (55000), and the migration rolls back.
SELECT revision, action FROM migrate_upload(
    ARRAY['1_a.sql'],
    ARRAY[pg_temp.rev('lw_a', '', 'nested',
                      'CALL pg_migrate.write_log(''lw_a'', ''upgrade'', ''applied'', now());', 'SELECT 1;')]);
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS log_rows FROM pg_migrate.log;

-- Clean up.
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
