-- upload_incremental: migrate_upload_needed(filenames, checksums) says which files of a folder the
-- catalog lacks; migrate_upload(filenames, contents, unchanged_files, unchanged_checksums) takes
-- only those and names the others.  Both paths must leave the same catalog and return the same rows.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- v1: a <- b <- c, then a applied.
CREATE TEMP TABLE v1 (name text, body bytea);
INSERT INTO v1 VALUES
  ('001_a.sql', convert_to(pg_temp.rev('aaaa0001', '', 'a', 'CREATE TABLE ui_a (id int);', 'DROP TABLE ui_a;'), 'UTF8')),
  ('002_b.sql', convert_to(pg_temp.rev('bbbb0002', 'aaaa0001', 'b', 'CREATE TABLE ui_b (id int);', 'DROP TABLE ui_b;'), 'UTF8')),
  ('003_c.sql', convert_to(pg_temp.rev('cccc0003', 'bbbb0002', 'c', 'CREATE TABLE ui_c (id int);', 'DROP TABLE ui_c;'), 'UTF8'));
SELECT count(*) FROM migrate_upload(ARRAY(SELECT name FROM v1 ORDER BY name), ARRAY(SELECT body FROM v1 ORDER BY name));
SELECT revision FROM migrate_upgrade('aaaa0001');

-- v2: a unchanged (applied), b edited, c removed, d added, e new under a name with a space.
CREATE TEMP TABLE v2 (name text, body bytea);
INSERT INTO v2 VALUES
  ('001_a.sql', (SELECT body FROM v1 WHERE name = '001_a.sql')),
  ('002_b.sql', convert_to(pg_temp.rev('bbbb0002', 'aaaa0001', 'b2', 'CREATE TABLE ui_b (id int, x int);', 'DROP TABLE ui_b;'), 'UTF8')),
  ('004_d.sql', convert_to(pg_temp.rev('dddd0004', 'bbbb0002', 'd', 'CREATE TABLE ui_d (id int);', 'DROP TABLE ui_d;'), 'UTF8')),
  ('005 e.sql', convert_to(pg_temp.rev('eeee0005', 'dddd0004', 'e', 'SELECT 1;', 'SELECT 1;'), 'UTF8'));

-- What the catalog lacks, and the catalog's file the folder lacks.
CREATE TEMP TABLE needed AS
SELECT * FROM migrate_upload_needed(ARRAY(SELECT name FROM v2 ORDER BY name),
                                    ARRAY(SELECT encode(sha256(body), 'hex') FROM v2 ORDER BY name));
SELECT * FROM needed ORDER BY file_name;

-- The full upload and the incremental one, in one transaction (the same now()), compared.
BEGIN;
SAVEPOINT before_upload;
SELECT md5(string_agg(u::text, E'\n' ORDER BY u.file_name, u.revision)) AS full_rows
FROM migrate_upload(ARRAY(SELECT name FROM v2 ORDER BY name), ARRAY(SELECT body FROM v2 ORDER BY name)) u \gset
SELECT md5(string_agg(r::text, E'\n' ORDER BY r.id)) AS full_state FROM pg_migrate.revision r \gset
ROLLBACK TO SAVEPOINT before_upload;
SELECT u.* FROM migrate_upload(
    ARRAY(SELECT name FROM v2 WHERE name IN (SELECT file_name FROM needed WHERE reason IN ('missing', 'changed')) ORDER BY name),
    ARRAY(SELECT body FROM v2 WHERE name IN (SELECT file_name FROM needed WHERE reason IN ('missing', 'changed')) ORDER BY name),
    ARRAY(SELECT name FROM v2 WHERE name NOT IN (SELECT file_name FROM needed WHERE reason IN ('missing', 'changed')) ORDER BY name),
    ARRAY(SELECT encode(sha256(body), 'hex') FROM v2 WHERE name NOT IN (SELECT file_name FROM needed WHERE reason IN ('missing', 'changed')) ORDER BY name)) u
ORDER BY u.file_name;
SELECT md5(string_agg(r::text, E'\n' ORDER BY r.id)) = :'full_state' AS same_catalog FROM pg_migrate.revision r;
ROLLBACK TO SAVEPOINT before_upload;
SELECT md5(string_agg(u::text, E'\n' ORDER BY u.file_name, u.revision)) = :'full_rows' AS same_rows
FROM migrate_upload(
    ARRAY(SELECT name FROM v2 WHERE name IN (SELECT file_name FROM needed WHERE reason IN ('missing', 'changed')) ORDER BY name),
    ARRAY(SELECT body FROM v2 WHERE name IN (SELECT file_name FROM needed WHERE reason IN ('missing', 'changed')) ORDER BY name),
    ARRAY(SELECT name FROM v2 WHERE name NOT IN (SELECT file_name FROM needed WHERE reason IN ('missing', 'changed')) ORDER BY name),
    ARRAY(SELECT encode(sha256(body), 'hex') FROM v2 WHERE name NOT IN (SELECT file_name FROM needed WHERE reason IN ('missing', 'changed')) ORDER BY name)) u;
COMMIT;

-- Now stored: nothing is needed, and the incremental upload of nothing changes nothing.
SELECT count(*) AS needed FROM migrate_upload_needed(ARRAY(SELECT name FROM v2 ORDER BY name),
                                                     ARRAY(SELECT encode(sha256(body), 'hex') FROM v2 ORDER BY name));
SELECT md5(string_agg(r::text, E'\n' ORDER BY r.id)) AS stored FROM pg_migrate.revision r \gset
SELECT action, count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[],
    ARRAY(SELECT name FROM v2 ORDER BY name), ARRAY(SELECT encode(sha256(body), 'hex') FROM v2 ORDER BY name))
GROUP BY action;
SELECT md5(string_agg(r::text, E'\n' ORDER BY r.id)) = :'stored' AS unchanged FROM pg_migrate.revision r;

-- An edited applied file is "changed", and sending it is refused as by the full upload (MG001).
SELECT * FROM migrate_upload_needed(ARRAY['001_a.sql'], ARRAY[repeat('0', 64)]);
SELECT * FROM migrate_upload(ARRAY['001_a.sql'],
    ARRAY[convert_to(pg_temp.rev('aaaa0001', '', 'a', 'CREATE TABLE ui_a (id bigint);', 'DROP TABLE ui_a;'), 'UTF8')],
    ARRAY(SELECT name FROM v2 WHERE name <> '001_a.sql' ORDER BY name),
    ARRAY(SELECT encode(sha256(body), 'hex') FROM v2 WHERE name <> '001_a.sql' ORDER BY name));
\echo :LAST_ERROR_SQLSTATE

-- A file named as unchanged that the catalog lacks, or holds with other bytes: 55000, nothing changed.
SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[], ARRAY['009_z.sql'], ARRAY[repeat('0', 64)]);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[], ARRAY['002_b.sql'], ARRAY[repeat('0', 64)]);
\echo :LAST_ERROR_SQLSTATE
-- A row edited by hand: migrate_upload_needed does not look for it (it compares checksums), and
-- naming its file as unchanged is refused (55000): only its bytes can rewrite it.
BEGIN;
UPDATE pg_migrate.revision SET downgrade_sql = 'SELECT 2;' WHERE id = 'dddd0004';
SELECT count(*) AS needed FROM migrate_upload_needed(ARRAY(SELECT name FROM v2 ORDER BY name),
                                                     ARRAY(SELECT encode(sha256(body), 'hex') FROM v2 ORDER BY name));
SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[],
    ARRAY(SELECT name FROM v2 ORDER BY name), ARRAY(SELECT encode(sha256(body), 'hex') FROM v2 ORDER BY name));
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
-- A name both sent and named as unchanged: 42710.
SELECT * FROM migrate_upload(ARRAY['001_a.sql'], ARRAY[(SELECT body FROM v2 WHERE name = '001_a.sql')],
    ARRAY['001_a.sql'], ARRAY[(SELECT encode(sha256(body), 'hex') FROM v2 WHERE name = '001_a.sql')]);
\echo :LAST_ERROR_SQLSTATE
-- Bad arguments.
SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[], ARRAY['x.sql'], ARRAY[]::text[]);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[], NULL, ARRAY[]::text[]);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[], ARRAY[NULL]::text[], ARRAY['0']);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[], ARRAY['']::text[], ARRAY['0']);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload_needed(ARRAY['a.sql', 'a.sql'], ARRAY['0', '1']);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload_needed(ARRAY['a.sql'], NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload_needed(ARRAY['a.sql'], ARRAY[NULL]::text[]);
\echo :LAST_ERROR_SQLSTATE
SELECT md5(string_agg(r::text, E'\n' ORDER BY r.id)) = :'stored' AS unchanged FROM pg_migrate.revision r;

-- Another role that may upload sees the pending revisions as "unclaimed"; its upload claims them.
CREATE ROLE pgm_ui_deploy;
GRANT USAGE ON SCHEMA pg_migrate TO pgm_ui_deploy;
GRANT EXECUTE ON FUNCTION migrate_upload_needed(text[], text[]) TO pgm_ui_deploy;
GRANT EXECUTE ON FUNCTION migrate_upload(text[], bytea[], text[], text[]) TO pgm_ui_deploy;
GRANT SELECT ON v2 TO pgm_ui_deploy;
SET ROLE pgm_ui_deploy;
SELECT * FROM migrate_upload_needed(ARRAY(SELECT name FROM v2 ORDER BY name),
                                    ARRAY(SELECT encode(sha256(body), 'hex') FROM v2 ORDER BY name));
SELECT action, count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[],
    ARRAY(SELECT name FROM v2 ORDER BY name), ARRAY(SELECT encode(sha256(body), 'hex') FROM v2 ORDER BY name))
GROUP BY action;
SELECT count(*) AS needed FROM migrate_upload_needed(ARRAY(SELECT name FROM v2 ORDER BY name),
                                                     ARRAY(SELECT encode(sha256(body), 'hex') FROM v2 ORDER BY name));
RESET ROLE;
SELECT id, uploaded_by FROM pg_migrate.revision ORDER BY id;

-- Not PUBLIC's: a role without EXECUTE is refused.
CREATE ROLE pgm_ui_nobody;
SET ROLE pgm_ui_nobody;
SELECT * FROM migrate_upload_needed(ARRAY[]::text[], ARRAY[]::text[]);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[], ARRAY[]::text[], ARRAY[]::text[]);
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
DROP ROLE pgm_ui_nobody;
REVOKE ALL ON FUNCTION migrate_upload_needed(text[], text[]) FROM pgm_ui_deploy;
REVOKE ALL ON FUNCTION migrate_upload(text[], bytea[], text[], text[]) FROM pgm_ui_deploy;
REVOKE USAGE ON SCHEMA pg_migrate FROM pgm_ui_deploy;
REVOKE ALL ON v2 FROM pgm_ui_deploy;

-- Clean up.
SELECT count(*) FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[]);
TRUNCATE pg_migrate.log;
DROP ROLE pgm_ui_deploy;
