-- lock_settings: the lock safety settings (defaults, units, bad values), their use as per-role
-- settings (ALTER ROLE ... SET, what works through PgBouncer's transaction pooling), and
-- pg_migrate.lock_session() / unlock_session() in one session.
\set VERBOSITY default
LOAD 'pg_migrate';
SELECT current_user AS super \gset

-- The defaults.
SELECT name, setting, unit, boot_val, min_val, max_val, context FROM pg_settings
WHERE name IN ('pg_migrate.lock_timeout', 'pg_migrate.statement_timeout', 'pg_migrate.lock_retries',
               'pg_migrate.lock_retry_delay', 'pg_migrate.migration_lock_timeout')
ORDER BY name;
SHOW pg_migrate.lock_timeout;
SHOW pg_migrate.lock_retries;
SHOW pg_migrate.lock_retry_delay;
SHOW pg_migrate.migration_lock_timeout;

-- Units and bad values.
SET pg_migrate.lock_retry_delay = '1.5s';
SHOW pg_migrate.lock_retry_delay;
SET pg_migrate.migration_lock_timeout = '2min';
SHOW pg_migrate.migration_lock_timeout;
SET pg_migrate.lock_retries = -1;
\echo :LAST_ERROR_SQLSTATE
SET pg_migrate.lock_retries = 101;
\echo :LAST_ERROR_SQLSTATE
SET pg_migrate.lock_retries = 'many';
\echo :LAST_ERROR_SQLSTATE
SET pg_migrate.lock_timeout = -2;
\echo :LAST_ERROR_SQLSTATE
SET pg_migrate.migration_lock_timeout = '-1s';
\echo :LAST_ERROR_SQLSTATE
SET pg_migrate.lock_retry = 1;
\echo :LAST_ERROR_SQLSTATE
RESET ALL;

-- Per-role settings, read when a session of that role starts (no startup option needed).
CREATE ROLE regress_lk_deployer LOGIN;
GRANT USAGE ON SCHEMA pg_migrate TO regress_lk_deployer;
ALTER ROLE regress_lk_deployer SET pg_migrate.lock_timeout = '2s';
ALTER ROLE regress_lk_deployer SET pg_migrate.lock_retries = 5;
ALTER ROLE regress_lk_deployer SET pg_migrate.migration_lock_timeout = '30s';
ALTER ROLE regress_lk_deployer SET pg_migrate.lock_retries = -1;
\echo :LAST_ERROR_SQLSTATE
SELECT unnest(setconfig) AS setting FROM pg_db_role_setting
WHERE setrole = 'regress_lk_deployer'::regrole ORDER BY 1;
\c - regress_lk_deployer
-- Before the library is loaded the values are placeholders; loading it (any pg_migrate function)
-- checks and applies them.
SELECT migrate_version() IS NOT NULL AS loaded;
SELECT current_user, current_setting('pg_migrate.lock_timeout') AS lock_timeout,
       current_setting('pg_migrate.lock_retries') AS lock_retries,
       current_setting('pg_migrate.migration_lock_timeout') AS migration_lock_timeout,
       current_setting('pg_migrate.lock_retry_delay') AS lock_retry_delay;
-- EXECUTE is not granted to PUBLIC.
SELECT pg_migrate.lock_session();
\echo :LAST_ERROR_SQLSTATE
\c - :super
DROP OWNED BY regress_lk_deployer;
DROP ROLE regress_lk_deployer;

-- lock_session: held across transactions; a second call does nothing; unlock_session says
-- whether it held it.
SELECT pg_migrate.lock_session();
SELECT count(*) AS held FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
  AND classid = 1885822829 AND objid = 1768387169 AND objsubid = 1;
SELECT pg_migrate.lock_session();
SELECT count(*) AS held FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
  AND classid = 1885822829 AND objid = 1768387169 AND objsubid = 1;
-- A migration in the same session takes the lock at once.
SELECT count(*) FROM migrate_upgrade('heads');
SELECT pg_migrate.unlock_session();
SELECT pg_migrate.unlock_session();
SELECT count(*) AS held FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
  AND classid = 1885822829 AND objid = 1768387169 AND objsubid = 1;
