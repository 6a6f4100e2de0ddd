-- integrity: what runs is what was checked.  A step's SQL is parsed from the stored file after its
-- checksum was verified, never read from upgrade_sql/downgrade_sql; the deploy role of the guide
-- (EXECUTE only) cannot write the catalog; migrate_verify reports rows that differ from their
-- file (corrupted), and an upload rewrites them.  The revisions' SQL runs with the caller's
-- rights.  Each migration call records a pg_migrate.run row (WAL position, restore point, backup
-- file) that its log rows reference.  Revisions uploaded by another role are shown, or refused
-- (pg_migrate.require_own_uploads, pg_migrate.trusted_uploaders).
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

CREATE ROLE regress_pgi_deploy;
CREATE SCHEMA pi_app AUTHORIZATION regress_pgi_deploy;
CREATE SCHEMA pi_locked;
CREATE TABLE pi_locked.secret (v text);
INSERT INTO pi_locked.secret VALUES ('s3cr3t');
-- The guide's grants of a deploy role.
GRANT USAGE ON SCHEMA pg_migrate TO regress_pgi_deploy;
GRANT SELECT ON pg_migrate.log, pg_migrate.run TO regress_pgi_deploy;
GRANT EXECUTE ON FUNCTION migrate_upload(text[], bytea[]), migrate_upload(text[], text[]),
                          migrate_upgrade(text), migrate_downgrade(text), migrate_verify()
                          TO regress_pgi_deploy;

CREATE TABLE pg_temp.files AS
SELECT pg_temp.rev('pi_a', '', 'create a', 'CREATE TABLE pi_app.a (id int);', 'DROP TABLE pi_app.a;') AS a,
       pg_temp.rev('pi_b', 'pi_a', 'create b', 'CREATE TABLE pi_app.b (id int);', 'DROP TABLE pi_app.b;') AS b;
GRANT SELECT ON pg_temp.files TO regress_pgi_deploy;
-- Runs of earlier suites are left out.
SELECT coalesce(max(id), 0) AS first_run FROM pg_migrate.run \gset

-- The deploy role uploads and upgrades; it cannot write the catalog directly.
SET ROLE regress_pgi_deploy;
SELECT revision, action FROM migrate_upload(ARRAY['1_a.sql', '2_b.sql'], (SELECT ARRAY[a, b] FROM pg_temp.files));
SELECT revision FROM migrate_upgrade('head');
UPDATE pg_migrate.revision SET downgrade_sql = 'CREATE TABLE pi_app.planted (id int);' WHERE id = 'pi_b';
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
-- A fixed upload time, for the messages that show it.
UPDATE pg_migrate.revision SET uploaded_at = '2026-01-02 03:04:05+00';

-- The catalog as the deploy role wrote it, through the functions: its rows name it.
SELECT id, uploaded_by FROM pg_migrate.revision ORDER BY id;
SELECT revision, role, run_id IS NOT NULL AS has_run FROM pg_migrate.log ORDER BY id;
SELECT role, direction, target, wal_lsn IS NOT NULL AS has_lsn, restore_point, backup_file
FROM pg_migrate.run WHERE id > :first_run;

-- A superuser plants downgrade SQL: migrate_verify reports the row, and the downgrade runs the
-- file's SQL, not the planted one.
UPDATE pg_migrate.revision SET downgrade_sql = 'CREATE TABLE pi_app.planted (id int);' WHERE id = 'pi_b';
SELECT revision, is_applied, status FROM migrate_verify();
SELECT step, revision, sql FROM migrate_plan('downgrade', '-1');
SELECT revision, direction FROM migrate_downgrade('-1');
SELECT to_regclass('pi_app.planted') AS planted, to_regclass('pi_app.b') AS b;
-- Uploading the file again rewrites the row.
SELECT revision, action FROM migrate_upload(ARRAY['1_a.sql', '2_b.sql'], (SELECT ARRAY[a, b] FROM pg_temp.files));
SELECT revision, status FROM migrate_verify();
SELECT downgrade_sql FROM pg_migrate.revision WHERE id = 'pi_b';

-- A stored file that no longer matches its checksum is not run (XX001), nor is a file of
-- another revision.
UPDATE pg_migrate.revision SET script = replace(script, 'pi_app.b', 'pi_app.evil') WHERE id = 'pi_b';
SELECT revision, status FROM migrate_verify();
SELECT revision FROM migrate_upgrade('head');
\echo :LAST_ERROR_SQLSTATE
SELECT revision, action FROM migrate_upload(ARRAY['1_a.sql', '2_b.sql'], (SELECT ARRAY[a, b] FROM pg_temp.files));
SELECT revision, status FROM migrate_verify();

-- A superuser's run records a restore point; pg_migrate.backup_file is recorded with it.
BEGIN;
SET LOCAL pg_migrate.backup_file = '/backups/regress.dump';
SELECT revision FROM migrate_upgrade('head');
COMMIT;
SELECT r.role, r.direction, r.target, r.restore_point ~ '^pg_migrate-contrib_regression-[0-9]+$' AS named,
       r.restore_point LIKE '%-' || r.id AS has_id, r.backup_file, l.revision
FROM pg_migrate.run AS r JOIN pg_migrate.log AS l ON l.run_id = r.id
WHERE r.id = (SELECT max(id) FROM pg_migrate.run);
-- No steps, no run.
SELECT count(*) AS runs FROM pg_migrate.run \gset
SELECT revision FROM migrate_upgrade('head');
SELECT count(*) = :runs AS no_new_run FROM pg_migrate.run;

-- The revisions' SQL runs with the caller's rights: EXECUTE gives the deploy role nothing more.
SELECT revision FROM migrate_downgrade('base');
SET ROLE regress_pgi_deploy;
SELECT revision, action FROM migrate_upload(ARRAY['1_x.sql'],
    ARRAY[pg_temp.rev('pi_x', '', 'create in locked', 'CREATE TABLE pi_locked.mine (id int);', NULL)]);
SELECT revision FROM migrate_upgrade('head');
\echo :LAST_ERROR_SQLSTATE
SELECT revision, action FROM migrate_upload(ARRAY['1_x.sql'],
    ARRAY[pg_temp.rev('pi_x', '', 'read locked', 'CREATE TABLE pi_app.copy AS SELECT * FROM pi_locked.secret;', NULL)]);
SELECT revision FROM migrate_upgrade('head');
\echo :LAST_ERROR_SQLSTATE
SELECT revision, action FROM migrate_upload(ARRAY['1_x.sql'],
    ARRAY[pg_temp.rev('pi_x', '', 'read catalog', 'CREATE TABLE pi_app.copy AS SELECT * FROM pg_migrate.revision;', NULL)]);
SELECT revision FROM migrate_upgrade('head');
\echo :LAST_ERROR_SQLSTATE
-- Uploaded by the deploy role, pending.
SELECT revision, action FROM migrate_upload(ARRAY['1_a.sql', '2_b.sql'], (SELECT ARRAY[a, b] FROM pg_temp.files));
RESET ROLE;
UPDATE pg_migrate.revision SET uploaded_at = '2026-01-02 03:04:05+00';

-- Revisions uploaded by another role: shown, or refused by the settings.
SET pg_migrate.require_own_uploads = on;
SELECT revision FROM migrate_upgrade('head');
\echo :LAST_ERROR_SQLSTATE
RESET pg_migrate.require_own_uploads;
SET pg_migrate.trusted_uploaders = 'regress_pgi_nobody, "Other Role"';
SELECT revision FROM migrate_upgrade('head');
\echo :LAST_ERROR_SQLSTATE
SET pg_migrate.trusted_uploaders = 'regress_pgi_deploy';
BEGIN;
SELECT revision FROM migrate_upgrade('pi_a');
ROLLBACK;
RESET pg_migrate.trusted_uploaders;
-- The same bytes uploaded by the caller make it the uploader of the pending revisions.
SELECT revision, action FROM migrate_upload(ARRAY['1_a.sql', '2_b.sql'], (SELECT ARRAY[a, b] FROM pg_temp.files));
SELECT id, uploaded_by = current_user AS by_me FROM pg_migrate.revision ORDER BY id;
SET pg_migrate.require_own_uploads = on;
SELECT revision FROM migrate_upgrade('head');
RESET pg_migrate.require_own_uploads;

-- Clean up.
SELECT revision FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log, pg_migrate.run;
DROP SCHEMA pi_app CASCADE;
DROP SCHEMA pi_locked CASCADE;
DROP OWNED BY regress_pgi_deploy;
DROP ROLE regress_pgi_deploy;
