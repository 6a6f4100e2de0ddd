-- settings: pg_migrate.lock_timeout applies while steps run (and only then);
-- pg_migrate.statement_timeout cancels a step that runs too long.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('st_a', '', 'record lock_timeout',
                      'CREATE TABLE st_seen AS SELECT current_setting(''lock_timeout'') AS lock_timeout;',
                      'DROP TABLE st_seen;'),
          pg_temp.rev('st_b', 'st_a', 'slow', 'SELECT pg_sleep(1);', 'SELECT 1;')]);

SET lock_timeout = '7s';
SET pg_migrate.lock_timeout = '1500ms';
SELECT revision FROM migrate_upgrade('st_a');
SELECT lock_timeout AS during_step FROM st_seen;
SHOW lock_timeout;
RESET pg_migrate.lock_timeout;
RESET lock_timeout;

-- -1 keeps the session's lock_timeout.
SELECT revision FROM migrate_downgrade('base');
SET lock_timeout = '3s';
SET pg_migrate.lock_timeout = -1;
SELECT revision FROM migrate_upgrade('st_a');
SELECT lock_timeout AS during_step FROM st_seen;
RESET lock_timeout;
RESET pg_migrate.lock_timeout;
-- The default, 5s, applies whatever the session's lock_timeout.
SELECT revision FROM migrate_downgrade('base');
SELECT revision FROM migrate_upgrade('st_a');
SELECT lock_timeout AS during_step FROM st_seen;

-- A step longer than pg_migrate.statement_timeout is cancelled; the session goes on.
SET pg_migrate.statement_timeout = '200ms';
SELECT revision FROM migrate_upgrade('st_b');
\echo :LAST_ERROR_SQLSTATE
SELECT pg_sleep(0.3), 'no timeout outside the steps' AS after;
-- The session's own statement_timeout still applies when it is the shorter one.
SET statement_timeout = '400ms';
SET pg_migrate.statement_timeout = '10s';
SELECT revision FROM migrate_upgrade('st_b');
\echo :LAST_ERROR_SQLSTATE
RESET statement_timeout;
SET pg_migrate.statement_timeout = '5s';
SELECT revision, duration >= '1s' AND duration < '1min' AS slept FROM migrate_upgrade('st_b');
-- The log has the step's duration (pg_sleep(1)), measured on the monotonic clock.
SELECT revision, duration >= '1s' AND duration < '1min' AS slept FROM pg_migrate.log
WHERE revision = 'st_b' ORDER BY id;
-- After a successful call the step timer is gone: the rest of the statement is not limited.
SELECT revision FROM migrate_downgrade('base');
SET pg_migrate.statement_timeout = '250ms';
SELECT revision, pg_sleep(0.5) FROM migrate_upgrade('st_a');
RESET pg_migrate.statement_timeout;

-- Clean up.
SELECT revision FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
