/* pg_migrate--0.1.0.sql: install script of pg_migrate 0.1.0 (frozen once released). */

\echo Use "CREATE EXTENSION pg_migrate" to load this file. \quit

-- The catalog schema.  PostgreSQL reserves the pg_ prefix for system schemas; a superuser-only
-- extension script may lift that for one statement.
SET LOCAL allow_system_table_mods = on;
CREATE SCHEMA pg_migrate;
RESET allow_system_table_mods;

COMMENT ON SCHEMA pg_migrate IS 'pg_migrate catalog: uploaded revisions, current heads, migration log';

-- One row per uploaded revision file.
CREATE TABLE pg_migrate.revision (
    id            text COLLATE pg_catalog."C" PRIMARY KEY
                  CHECK (id OPERATOR(pg_catalog.~) '^[A-Za-z0-9_]{1,64}$'),
    parents       text[] NOT NULL DEFAULT '{}',
    branch_labels text[] NOT NULL DEFAULT '{}',
    depends_on    text[] NOT NULL DEFAULT '{}',
    message       text NOT NULL DEFAULT '',
    create_date   text NOT NULL DEFAULT '',
    file_name     text NOT NULL,
    upgrade_sql   text NOT NULL,
    downgrade_sql text,
    transactional boolean NOT NULL DEFAULT true,
    checksum      text NOT NULL CHECK (checksum OPERATOR(pg_catalog.~) '^[0-9a-f]{64}$'),
    script        text NOT NULL,
    uploaded_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    uploaded_by   name NOT NULL DEFAULT CURRENT_USER
);

COMMENT ON TABLE pg_migrate.revision IS 'uploaded revision files, parsed; downgrade_sql NULL means irreversible';
COMMENT ON COLUMN pg_migrate.revision.checksum IS 'SHA-256 of the file''s bytes, lowercase hex';
COMMENT ON COLUMN pg_migrate.revision.script IS 'the whole revision file';

-- One row per current head of the database (Alembic's alembic_version).
CREATE TABLE pg_migrate.version (
    revision text COLLATE pg_catalog."C" PRIMARY KEY REFERENCES pg_migrate.revision (id)
);

COMMENT ON TABLE pg_migrate.version IS 'the current heads of the database';

-- One row per executed step.
CREATE TABLE pg_migrate.log (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    revision         text COLLATE pg_catalog."C" NOT NULL,
    direction        text NOT NULL CHECK (direction IN ('upgrade', 'downgrade', 'stamp', 'repair')),
    started_at       timestamptz NOT NULL,
    duration         interval NOT NULL,
    role             name NOT NULL,
    session_role     name NOT NULL,
    application_name text,
    client_addr      inet,
    checksum         text,
    outcome          text NOT NULL CHECK (outcome IN ('applied', 'stamped', 'repaired', 'failed')),
    reason           text
);

COMMENT ON TABLE pg_migrate.log IS 'every upgrade, downgrade, stamp and repair step, and every failed step recorded with migrate_log_failure';
COMMENT ON COLUMN pg_migrate.log.role IS 'the role that ran the step (current_user)';
COMMENT ON COLUMN pg_migrate.log.session_role IS 'the role that logged in (session_user), also under SET ROLE';
COMMENT ON COLUMN pg_migrate.log.duration IS 'time spent in the step''s SQL, on the monotonic clock';
COMMENT ON COLUMN pg_migrate.log.checksum IS 'SHA-256 of the script the step ran or accepted';
COMMENT ON COLUMN pg_migrate.log.outcome IS 'applied (upgrade, downgrade), stamped (stamp), repaired (repair; no SQL ran for these two, duration 0) or failed (migrate_log_failure: the step failed and its transaction was rolled back)';
COMMENT ON COLUMN pg_migrate.log.reason IS 'why the applied revision was repaired (migrate_repair), or why the step failed ("<sqlstate>: <message>", migrate_log_failure); NULL for the other steps';

-- pg_dump carries the catalog's rows (and the log's identity sequence).
SELECT pg_catalog.pg_extension_config_dump('pg_migrate.revision', '');
SELECT pg_catalog.pg_extension_config_dump('pg_migrate.version', '');
SELECT pg_catalog.pg_extension_config_dump('pg_migrate.log', '');
SELECT pg_catalog.pg_extension_config_dump('pg_migrate.log_id_seq', '');

-- The catalog is closed to PUBLIC; migrations run with the caller's rights.
REVOKE ALL ON SCHEMA pg_migrate FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA pg_migrate FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA pg_migrate FROM PUBLIC;

-- Functions.  migrate_upgrade and migrate_downgrade keep the caller's search_path, because the
-- revisions' SQL runs with it; their internal statements are schema-qualified instead.

CREATE FUNCTION @extschema@.migrate_upload(filenames text[], contents bytea[])
RETURNS TABLE (revision text, file_name text, action text)
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_upload';

COMMENT ON FUNCTION @extschema@.migrate_upload(text[], bytea[]) IS
'upload the script folder (file names and bytes): validate all files and the revision graph, then sync the catalog; action is added, updated, unchanged or removed';

CREATE FUNCTION @extschema@.migrate_upload(filenames text[], contents text[])
RETURNS TABLE (revision text, file_name text, action text)
LANGUAGE sql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
SELECT u.revision, u.file_name, u.action
FROM @extschema@.migrate_upload(
    filenames,
    CASE WHEN contents IS NULL THEN NULL
         ELSE ARRAY(SELECT pg_catalog.convert_to(c.content, 'UTF8')
                    FROM pg_catalog.unnest(contents) WITH ORDINALITY AS c (content, n)
                    ORDER BY c.n)
    END) AS u
$$;

COMMENT ON FUNCTION @extschema@.migrate_upload(text[], text[]) IS
'upload the script folder given as text (converted to UTF-8); see migrate_upload(text[], bytea[])';

CREATE FUNCTION @extschema@.migrate_upgrade(target text DEFAULT 'head')
RETURNS TABLE (revision text, direction text, message text, duration interval)
LANGUAGE C VOLATILE SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_upgrade';

COMMENT ON FUNCTION @extschema@.migrate_upgrade(text) IS
'upgrade the database to target (head, heads, an id or unique prefix, +N, label@head, ...) in one transaction; one row per applied revision';

CREATE FUNCTION @extschema@.migrate_downgrade(target text)
RETURNS TABLE (revision text, direction text, message text, duration interval)
LANGUAGE C VOLATILE SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_downgrade';

COMMENT ON FUNCTION @extschema@.migrate_downgrade(text) IS
'downgrade the database to target (base, an id or unique prefix, -N, ...) in one transaction; one row per reverted revision';

CREATE FUNCTION @extschema@.migrate_current()
RETURNS TABLE (revision text, is_head boolean, is_branchpoint boolean, is_mergepoint boolean,
               message text, line text)
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_current';

COMMENT ON FUNCTION @extschema@.migrate_current() IS
'the current heads of the database, one row each; line is Alembic''s current line';

CREATE FUNCTION @extschema@.migrate_history(range text DEFAULT NULL)
RETURNS TABLE (revision text, parents text[], branch_labels text[], depends_on text[], message text,
               is_head boolean, is_branchpoint boolean, is_mergepoint boolean, is_current boolean,
               is_applied boolean, line text)
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_history';

COMMENT ON FUNCTION @extschema@.migrate_history(text) IS
'the uploaded revisions, newest first (all when range is NULL, else Alembic''s history range [start]:[end]); line is Alembic''s history line';

CREATE FUNCTION @extschema@.migrate_heads()
RETURNS TABLE (revision text, branch_labels text[], is_current boolean, line text)
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_heads';

COMMENT ON FUNCTION @extschema@.migrate_heads() IS
'the heads of the revision graph, one row each; line is Alembic''s heads line';

CREATE FUNCTION @extschema@.migrate_branches()
RETURNS TABLE (revision text, children text[], block text)
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_branches';

COMMENT ON FUNCTION @extschema@.migrate_branches() IS
'the branch points of the revision graph, newest first; block is Alembic''s branches block';

CREATE FUNCTION @extschema@.migrate_show(rev text)
RETURNS TABLE (revision text, parents text[], branch_labels text[], depends_on text[], message text,
               create_date text, file_name text, checksum text, uploaded_at timestamptz, uploaded_by name,
               is_applied boolean, upgrade_sql text, downgrade_sql text, entry text)
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_show';

COMMENT ON FUNCTION @extschema@.migrate_show(text) IS
'one revision (an id, a unique prefix, a label, ...), or all heads (heads), or the current heads (current), with its SQL; entry is Alembic''s show text';

CREATE FUNCTION @extschema@.migrate_plan(direction text, target text)
RETURNS TABLE (step integer, revision text, direction text, description text, sql text)
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_plan';

COMMENT ON FUNCTION @extschema@.migrate_plan(text, text) IS
'the steps migrate_upgrade or migrate_downgrade (direction upgrade or downgrade) would run to target, with their SQL; runs nothing';

CREATE FUNCTION @extschema@.migrate_stamp(targets text[], purge boolean DEFAULT false)
RETURNS TABLE (from_revisions text[], to_revisions text[], description text)
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_stamp';

COMMENT ON FUNCTION @extschema@.migrate_stamp(text[], boolean) IS
'set the current heads to targets without running any SQL (purge: empty the version table first); one row per stamp step';

CREATE FUNCTION @extschema@.migrate_verify()
RETURNS TABLE (revision text, file_name text, checksum text, is_applied boolean, applied_checksum text,
               status text)
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_verify';

COMMENT ON FUNCTION @extschema@.migrate_verify() IS
'the uploaded revisions in load order, each with its catalog checksum and the checksum it was applied with (the newest upgrade, stamp or repair in the log); status is pending, ok or edited (the catalog''s script differs from the applied one)';

CREATE FUNCTION @extschema@.migrate_repair(rev text, reason text, file_name text DEFAULT NULL,
                                           content bytea DEFAULT NULL)
RETURNS TABLE (revision text, old_checksum text, new_checksum text)
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_repair';

COMMENT ON FUNCTION @extschema@.migrate_repair(text, text, text, bytea) IS
'change the script of an applied revision (file_name and content: its edited file; SQL and message only, not its place in the graph) or accept the catalog''s script as applied (no file); logs a repair row with the reason; runs no SQL';

CREATE FUNCTION @extschema@.migrate_log_failure(revision text, direction text, sqlstate text, message text,
                                                duration interval DEFAULT NULL, checksum text DEFAULT NULL)
RETURNS void
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_log_failure';

COMMENT ON FUNCTION @extschema@.migrate_log_failure(text, text, text, text, interval, text) IS
'record a failed upgrade, downgrade or stamp step in pg_migrate.log (outcome failed, reason "<sqlstate>: <message>"), in a new transaction after the failed one was rolled back; duration NULL is 0, checksum NULL is the catalog''s';

CREATE FUNCTION @extschema@.migrate_version()
RETURNS text
LANGUAGE C STABLE STRICT PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_version';

COMMENT ON FUNCTION @extschema@.migrate_version() IS
'the pg_migrate version compiled into the loaded library';

-- Only migrate_version is open to PUBLIC.  The others change or show the database's schema
-- history and are granted to the roles that deploy (see the guide for the grants they need).
-- The migration lock is an advisory lock, which any role can take with pg_advisory_lock, so a
-- role that may connect can make migrations wait: set lock_timeout for deploy sessions.
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_upload(text[], bytea[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_upload(text[], text[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_upgrade(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_downgrade(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_current() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_history(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_heads() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_branches() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_show(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_plan(text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_stamp(text[], boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_verify() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_repair(text, text, text, bytea) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_log_failure(text, text, text, text, interval, text) FROM PUBLIC;
