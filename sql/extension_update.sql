-- extension_update: the update chain.  A database created at 0.1.0 (the oldest install script)
-- uploads and applies revisions; ALTER EXTENSION pg_migrate UPDATE brings it to the current
-- version with its history, heads and log intact; every function works afterwards, a new
-- upgrade included; and the updated extension is the same, object for object, as a fresh
-- install of the current version.  Grows with every new version.
\set VERBOSITY default

-- A fresh install of the current version, in a database of its own.
SELECT current_database() AS regress_db \gset
SET client_min_messages = warning;
DROP DATABASE IF EXISTS regress_pgm_fresh;
DROP DATABASE IF EXISTS regress_pgm_updated;
RESET client_min_messages;
CREATE DATABASE regress_pgm_fresh;
CREATE DATABASE regress_pgm_updated;
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\set signature_helper :abs_srcdir '/sql/helpers/extension_signature.sql'
\c regress_pgm_fresh
CREATE EXTENSION pg_migrate;
\i :signature_helper
SELECT extversion = migrate_version() AS current_version FROM pg_extension WHERE extname = 'pg_migrate';
-- The signature sees every kind of object (so an empty one cannot pass the comparison below).
SELECT split_part(object, ' ', 1) AS kind, count(*) FROM pg_temp.extension_signature() GROUP BY 1 ORDER BY 1;
SELECT count(*) FILTER (WHERE object LIKE 'function pg_migrate.write_log(%') AS write_log,
       count(*) FILTER (WHERE object LIKE 'function migrate_upgrade(%') AS migrate_upgrade
FROM pg_temp.extension_signature();
SELECT string_agg(object || ' ' || def, E'\n' ORDER BY object) AS fresh_signature FROM pg_temp.extension_signature() \gset

-- A database at 0.1.0, with history: uploaded revisions, applied ones, a downgrade, a stamp,
-- a repair and a recorded failure.
\c regress_pgm_updated
SET intervalstyle = postgres_verbose;
CREATE EXTENSION pg_migrate VERSION '0.1.0';
SELECT extversion FROM pg_extension WHERE extname = 'pg_migrate';
\i :helpers
\i :signature_helper
SELECT revision, action FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
    ARRAY[pg_temp.rev('xu_a', '', 'create a', 'CREATE TABLE xu_a (id int);', 'DROP TABLE xu_a;'),
          pg_temp.rev('xu_b', 'xu_a', 'create b', 'CREATE TABLE xu_b (id int);', 'DROP TABLE xu_b;'),
          pg_temp.rev('xu_c', 'xu_b', 'create c', 'CREATE TABLE xu_c (id int);', 'DROP TABLE xu_c;')])
ORDER BY revision;
SELECT revision, direction FROM migrate_upgrade('xu_b');
SELECT revision, direction FROM migrate_downgrade('-1');
SELECT revision, direction FROM migrate_upgrade('+1');
SELECT from_revisions, to_revisions FROM migrate_stamp(ARRAY['xu_a']);
SELECT from_revisions, to_revisions FROM migrate_stamp(ARRAY['xu_b']);
SELECT revision FROM migrate_repair('xu_b', 'checked by hand');
SELECT migrate_log_failure('xu_c', 'upgrade', '42P01', 'relation "x" does not exist', '1 second');

-- What the update must keep: the catalog rows, exactly.
SELECT string_agg(concat_ws('|', id, parents, branch_labels, depends_on, message, create_date, file_name,
                            upgrade_sql, downgrade_sql, transactional, checksum, script, uploaded_at,
                            uploaded_by), E'\n' ORDER BY id) AS revisions_before
FROM pg_migrate.revision \gset
SELECT string_agg(revision, ',' ORDER BY revision) AS heads_before FROM pg_migrate.version \gset
SELECT string_agg(concat_ws('|', id, revision, direction, started_at, duration, role, session_role,
                            application_name, client_addr, checksum, outcome, reason), E'\n' ORDER BY id)
       AS log_before
FROM pg_migrate.log \gset
SELECT count(*) AS log_rows_before FROM pg_migrate.log \gset
SELECT revision, direction, outcome, reason FROM pg_migrate.log ORDER BY id;

-- The update.
ALTER EXTENSION pg_migrate UPDATE;
SELECT extversion = migrate_version() AS current_version FROM pg_extension WHERE extname = 'pg_migrate';

-- History, heads and log are intact.
SELECT string_agg(concat_ws('|', id, parents, branch_labels, depends_on, message, create_date, file_name,
                            upgrade_sql, downgrade_sql, transactional, checksum, script, uploaded_at,
                            uploaded_by), E'\n' ORDER BY id) = :'revisions_before' AS revisions_intact
FROM pg_migrate.revision;
SELECT string_agg(revision, ',' ORDER BY revision) = :'heads_before' AS heads_intact FROM pg_migrate.version;
SELECT string_agg(concat_ws('|', id, revision, direction, started_at, duration, role, session_role,
                            application_name, client_addr, checksum, outcome, reason), E'\n' ORDER BY id)
       = :'log_before' AS log_intact
FROM pg_migrate.log;
SELECT line FROM migrate_history();
SELECT line FROM migrate_current();
SELECT line FROM migrate_heads();
SELECT revision, status FROM migrate_verify() ORDER BY revision;

-- Every function works on the updated database, a new upgrade included.
SELECT revision, action FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql', '4_d.sql'],
    ARRAY[pg_temp.rev('xu_a', '', 'create a', 'CREATE TABLE xu_a (id int);', 'DROP TABLE xu_a;'),
          pg_temp.rev('xu_b', 'xu_a', 'create b', 'CREATE TABLE xu_b (id int);', 'DROP TABLE xu_b;'),
          pg_temp.rev('xu_c', 'xu_b', 'create c', 'CREATE TABLE xu_c (id int);', 'DROP TABLE xu_c;'),
          pg_temp.rev('xu_d', 'xu_c', 'create d', 'CREATE TABLE xu_d (id int);', 'DROP TABLE xu_d;')])
ORDER BY revision;
SELECT step, revision, direction FROM migrate_plan('upgrade', 'head');
SELECT revision, direction FROM migrate_upgrade('head');
SELECT revision, direction, outcome FROM pg_migrate.log WHERE id > :log_rows_before ORDER BY id;
SELECT count(*) AS tables FROM pg_class WHERE relname LIKE 'xu\_%' AND relkind = 'r';
SELECT revision, direction FROM migrate_downgrade('-1');
SELECT from_revisions, to_revisions FROM migrate_stamp(ARRAY['xu_d']);
SELECT revision, old_checksum = new_checksum AS same FROM migrate_repair('xu_d', 'stamped by hand');
SELECT migrate_log_failure('xu_d', 'downgrade', '55000', 'test failure');
CALL pg_migrate.write_log('xu_d', 'upgrade', 'applied', now(), '2 seconds', NULL, NULL);
SELECT revision, direction, outcome, duration > '0' AS took_time, reason
FROM pg_migrate.log WHERE id > :log_rows_before ORDER BY id;
SELECT revision, is_applied FROM migrate_show('xu_d');
SELECT revision, children FROM migrate_branches();
SELECT jsonb_typeof(migrate_snapshot()) AS snapshot;

-- The updated extension and the fresh install are the same, object for object: the same count
-- of objects, and no row in the comparison.
SELECT count(*) = array_length(string_to_array(:'fresh_signature', E'\n'), 1) AS same_count
FROM pg_temp.extension_signature();
SELECT coalesce(u.object, f.object) AS object,
       CASE WHEN f.object IS NULL THEN 'only after update' WHEN u.object IS NULL THEN 'only in a fresh install'
            ELSE 'different' END AS difference
FROM pg_temp.extension_signature() u
FULL JOIN (SELECT left(entry, -33) AS object, right(entry, 32) AS def
           FROM unnest(string_to_array(:'fresh_signature', E'\n')) AS entry) f ON f.object = u.object
WHERE u.def IS DISTINCT FROM f.def
ORDER BY 1;

\c :regress_db
DROP DATABASE regress_pgm_fresh;
DROP DATABASE regress_pgm_updated;
