-- failure: migrate_log_failure records a failed step in pg_migrate.log after its transaction
-- was rolled back (outcome failed, reason "<sqlstate>: <message>"); bad arguments are refused,
-- a failed row never counts as the applied script, and outcome takes only the known values.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

SELECT revision, action FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('fl_a', '', 'create a', 'CREATE TABLE fl_a (id int);', 'DROP TABLE fl_a;'),
          pg_temp.rev('fl_b', 'fl_a', 'divide', 'SELECT 1 / 0;', 'SELECT 1;')]);
SELECT revision FROM migrate_upgrade('fl_a');

-- The step that failed: its upgrade is rolled back, and nothing of it is in the log.
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS log_rows FROM pg_migrate.log;

-- Recorded afterwards: duration given, checksum the catalog's; started_at is now() - duration.
BEGIN;
SELECT migrate_log_failure('fl_b', 'upgrade', '22012', 'division by zero', interval '1.5 s');
SELECT revision, direction, outcome, reason, duration, started_at = now() - interval '1.5 s' AS started_ok,
       checksum = (SELECT checksum FROM pg_migrate.revision WHERE id = 'fl_b') AS catalog_checksum,
       role = current_user AS by_me, session_role = session_user AS session_ok,
       application_name = current_setting('application_name') AS app_ok
FROM pg_migrate.log WHERE outcome = 'failed' ORDER BY id;
COMMIT;
-- Duration NULL is 0; a checksum given is kept; a revision not in the catalog has no checksum.
SELECT migrate_log_failure('fl_a', 'downgrade', '42P01', 'relation "x" does not exist', NULL, repeat('a', 64));
SELECT migrate_log_failure('fl_z', 'stamp', 'MG004', 'multiple heads');
SELECT revision, direction, outcome, reason, duration, checksum
FROM pg_migrate.log WHERE outcome = 'failed' AND revision <> 'fl_b' ORDER BY id;

-- A failed row is not the applied script: fl_a is still ok, fl_b still pending.
SELECT revision, is_applied, status FROM migrate_verify();

-- Bad arguments.
SELECT migrate_log_failure(NULL, 'upgrade', '22012', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('fl_b', NULL, '22012', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('fl_b', 'upgrade', NULL, 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('fl_b', 'upgrade', '22012', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('fl_b', 'repair', '22012', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('fl_b', 'Upgrade', '22012', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('fl_b', 'upgrade', '2201', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('fl_b', 'upgrade', '2201b', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('fl_b', 'upgrade', '220123', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('fl-b', 'upgrade', '22012', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure('', 'upgrade', '22012', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT migrate_log_failure(repeat('b', 65), 'upgrade', '22012', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS failed_rows FROM pg_migrate.log WHERE outcome = 'failed';

-- Refused inside a migration (55000).
SELECT revision, action FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('fl_a', '', 'create a', 'CREATE TABLE fl_a (id int);', 'DROP TABLE fl_a;'),
          pg_temp.rev('fl_b', 'fl_a', 'nested',
                      'SELECT migrate_log_failure(''fl_b'', ''upgrade'', ''22012'', ''x'');', 'SELECT 1;')]);
SELECT revision FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS failed_rows FROM pg_migrate.log WHERE outcome = 'failed';

-- outcome takes only applied, stamped, repaired and failed (terse: the DETAIL shows the row).
\set VERBOSITY terse
INSERT INTO pg_migrate.log (revision, direction, started_at, duration, role, session_role, outcome)
VALUES ('fl_a', 'upgrade', now(), '0', current_user, session_user, 'skipped');
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default

-- Clean up.
SELECT revision, direction FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
