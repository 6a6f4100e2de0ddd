/* pg_migrate--0.10.1.sql: install script of pg_migrate 0.10.1 (frozen once released). */

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

COMMENT ON TABLE pg_migrate.log IS 'every upgrade, downgrade, stamp and repair step, every failed step recorded with migrate_log_failure, and every step an offline script recorded with pg_migrate.write_log';
COMMENT ON COLUMN pg_migrate.log.role IS 'the role that ran the step (current_user)';
COMMENT ON COLUMN pg_migrate.log.session_role IS 'the role that logged in (session_user), also under SET ROLE';
COMMENT ON COLUMN pg_migrate.log.duration IS 'time spent in the step''s SQL, on the monotonic clock';
COMMENT ON COLUMN pg_migrate.log.checksum IS 'SHA-256 of the script the step ran or accepted';
COMMENT ON COLUMN pg_migrate.log.outcome IS 'applied (upgrade, downgrade), stamped (stamp), repaired (repair; no SQL ran for these two, duration 0) or failed (the step failed and its transaction was rolled back; recorded afterwards with migrate_log_failure)';
COMMENT ON COLUMN pg_migrate.log.reason IS 'why the applied revision was repaired (migrate_repair), why the step failed (migrate_log_failure writes "<sqlstate>: <message>"), or why the revisions were stamped (migrate_stamp''s reason); NULL for the other steps';

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

-- The one writer of pg_migrate.log as a procedure, for steps run outside migrate_upgrade (the
-- offline scripts of `pgmig upgrade --sql` CALL it after each step).  Internal: it lives in the
-- catalog schema, so only roles with USAGE on it can call it, and it runs with the caller's
-- rights (the INSERT on pg_migrate.log needs that privilege); EXECUTE stays with PUBLIC for
-- that reason.
CREATE PROCEDURE pg_migrate.write_log(revision text, direction text, outcome text, started_at timestamptz,
                                      duration interval DEFAULT NULL, checksum text DEFAULT NULL,
                                      reason text DEFAULT NULL)
LANGUAGE C SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_write_log';

COMMENT ON PROCEDURE pg_migrate.write_log(text, text, text, timestamptz, interval, text, text) IS
'internal: append one row to pg_migrate.log for a step run outside migrate_upgrade (offline scripts); role, session role, application and client address come from the session; duration NULL is 0';

CREATE FUNCTION @extschema@.migrate_version()
RETURNS text
LANGUAGE C STABLE STRICT PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_version';

COMMENT ON FUNCTION @extschema@.migrate_version() IS
'the pg_migrate version compiled into the loaded library';

-- The schema snapshot that autogenerate and pgmig check diff (docs/snapshot.md).  Pure SQL over
-- the catalogs: every definition comes from PostgreSQL's deparsers, and the search_path makes them
-- schema-qualify every name, and the date, interval, time zone and float settings make constants
-- print the same in every session, so two databases built by the same DDL give the same document.
-- Dependencies are resolved once, through idmap (catalog row -> snapshot id), joined to pg_depend.
CREATE FUNCTION @extschema@.migrate_snapshot()
RETURNS jsonb
LANGUAGE sql STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
SET DateStyle = 'ISO, YMD'
SET IntervalStyle = 'postgres'
SET TimeZone = 'UTC'
SET extra_float_digits = 1
SET bytea_output = 'hex'
SET quote_all_identifiers = off
SET standard_conforming_strings = on
AS $$
WITH
-- The user's schemas: not the system's, not ours, not an extension's.
nsp AS (
    SELECT n.oid, quote_ident(n.nspname) AS name, 'schema:' || quote_ident(n.nspname) AS id
    FROM pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_migrate')
      AND n.nspname !~ '^pg_(toast|temp_)'
      AND NOT EXISTS (SELECT FROM pg_depend e
                      WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
),
ext AS (
    SELECT x.oid, quote_ident(x.extname) AS name, 'extension:' || quote_ident(x.extname) AS id,
           quote_ident(n.nspname) AS schema, x.extversion, x.extname
    FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
    WHERE x.extname <> 'pg_migrate'
),
-- Collations the user created (CREATE COLLATION).
coll AS (
    SELECT c.oid, n.name AS schema, n.id AS schema_id, quote_ident(c.collname) AS name,
           n.name || '.' || quote_ident(c.collname) AS qname,
           'collation:' || n.name || '.' || quote_ident(c.collname) AS id
    FROM pg_collation c JOIN nsp n ON n.oid = c.collnamespace
    WHERE NOT EXISTS (SELECT FROM pg_depend e
                      WHERE e.classid = 'pg_collation'::regclass AND e.objid = c.oid AND e.deptype = 'e')
),
-- Relations: tables, views, materialized views, sequences (not identity ones), indexes.
rel AS (
    SELECT c.oid, c.relkind, n.name AS schema, n.id AS schema_id, quote_ident(c.relname) AS name,
           n.name || '.' || quote_ident(c.relname) AS qname,
           CASE c.relkind WHEN 'r' THEN 'table:' WHEN 'p' THEN 'table:' WHEN 'v' THEN 'view:'
                          WHEN 'm' THEN 'matview:' WHEN 'S' THEN 'sequence:' ELSE 'index:' END
           || n.name || '.' || quote_ident(c.relname) AS id
    FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I')
      AND NOT EXISTS (SELECT FROM pg_depend e
                      WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
      AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend i
                                           WHERE i.classid = 'pg_class'::regclass AND i.objid = c.oid
                                             AND i.deptype = 'i'))
),
tab AS (SELECT * FROM rel WHERE relkind IN ('r', 'p')),
col AS (
    SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attidentity,
           a.attgenerated, a.attcollation, a.attislocal, a.attinhcount, t.id AS table_id, t.schema_id,
           'column:' || t.qname || '.' || quote_ident(a.attname) AS id
    FROM pg_attribute a JOIN tab t ON t.oid = a.attrelid
    WHERE a.attnum > 0 AND NOT a.attisdropped
),
-- Table constraints (domain constraints belong to their domain), not the ones a partition or
-- child inherits.
con AS (
    SELECT c.oid, c.contype, c.conindid, quote_ident(c.conname) AS name, t.schema, t.schema_id,
           t.id AS table_id, 'constraint:' || t.qname || '.' || quote_ident(c.conname) AS id
    FROM pg_constraint c JOIN tab t ON t.oid = c.conrelid
    WHERE c.contype IN ('p', 'u', 'c', 'f', 'x') AND c.conparentid = 0 AND c.conislocal
),
-- Indexes, not the ones a partition inherits; conid is the constraint an index implements.
idx AS (
    SELECT r.oid, r.schema, r.schema_id, r.name, r.qname, r.id, t.id AS table_id, k.id AS conid
    FROM rel r
    JOIN pg_index i ON i.indexrelid = r.oid
    JOIN rel t ON t.oid = i.indrelid
    LEFT JOIN pg_constraint kc ON kc.conindid = r.oid AND kc.conrelid = i.indrelid
                              AND kc.contype IN ('p', 'u', 'x')
    LEFT JOIN con k ON k.oid = kc.oid
    WHERE r.relkind IN ('i', 'I')
      AND NOT EXISTS (SELECT FROM pg_inherits h WHERE h.inhrelid = r.oid)
      AND (kc.oid IS NULL OR k.oid IS NOT NULL)
),
-- Enums, domains and composite types.
typ AS (
    SELECT t.oid, t.typtype, t.typrelid, n.name AS schema, n.id AS schema_id, quote_ident(t.typname) AS name,
           n.name || '.' || quote_ident(t.typname) AS qname,
           'type:' || n.name || '.' || quote_ident(t.typname) AS id
    FROM pg_type t JOIN nsp n ON n.oid = t.typnamespace
    WHERE (t.typtype IN ('e', 'd')
           OR t.typtype = 'c' AND EXISTS (SELECT FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
      AND NOT EXISTS (SELECT FROM pg_depend e
                      WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
),
fn AS (
    SELECT p.oid, p.prokind, n.name AS schema, n.id AS schema_id, quote_ident(p.proname) AS name,
           n.name || '.' || quote_ident(p.proname) AS qname,
           'function:' || n.name || '.' || quote_ident(p.proname)
           || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS id
    FROM pg_proc p JOIN nsp n ON n.oid = p.pronamespace
    WHERE (p.prokind IN ('f', 'p', 'w')
           OR p.prokind = 'a' AND EXISTS (SELECT FROM pg_aggregate ag
                                          WHERE ag.aggfnoid = p.oid AND ag.aggkind = 'n'))
      AND NOT EXISTS (SELECT FROM pg_depend e
                      WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
),
trg AS (
    SELECT g.oid, quote_ident(g.tgname) AS name, t.schema, t.schema_id, t.id AS table_id,
           'trigger:' || t.qname || '.' || quote_ident(g.tgname) AS id
    FROM pg_trigger g JOIN rel t ON t.oid = g.tgrelid AND t.relkind IN ('r', 'p', 'v')
    WHERE NOT g.tgisinternal AND g.tgparentid = 0
),
pol AS (
    SELECT p.oid, quote_ident(p.polname) AS name, t.schema, t.schema_id, t.id AS table_id,
           'policy:' || t.qname || '.' || quote_ident(p.polname) AS id
    FROM pg_policy p JOIN tab t ON t.oid = p.polrelid
),
-- Every catalog row (classid, objid, objsubid) that stands for a snapshot object, with the id of
-- that object and its implicit dependencies (its schema, its table), which deps leave out.
idmap (classid, objid, subid, id, schema_id, owner_id) AS (
    SELECT 'pg_namespace'::regclass, oid, 0, id, NULL, NULL FROM nsp
    UNION ALL SELECT 'pg_extension'::regclass, oid, 0, id, NULL, NULL FROM ext
    UNION ALL SELECT 'pg_collation'::regclass, oid, 0, id, schema_id, NULL FROM coll
    UNION ALL SELECT 'pg_class'::regclass, oid, 0, id, schema_id, NULL FROM rel WHERE relkind NOT IN ('i', 'I')
    UNION ALL SELECT 'pg_class'::regclass, oid, 0, coalesce(conid, id), schema_id, table_id FROM idx
    UNION ALL SELECT 'pg_class'::regclass, attrelid, attnum, id, schema_id, table_id FROM col
    -- a reference to a view's column is a reference to the view; the same for a composite type
    UNION ALL SELECT 'pg_class'::regclass, a.attrelid, a.attnum, r.id, r.schema_id, NULL
              FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid
              WHERE r.relkind IN ('v', 'm') AND a.attnum > 0
    UNION ALL SELECT 'pg_class'::regclass, a.attrelid, a.attnum, t.id, t.schema_id, NULL
              FROM typ t JOIN pg_attribute a ON a.attrelid = t.typrelid
              WHERE t.typtype = 'c' AND a.attnum >= 0
    UNION ALL SELECT 'pg_type'::regclass, oid, 0, id, schema_id, NULL FROM typ
    -- a relation's row type is the relation
    UNION ALL SELECT 'pg_type'::regclass, c.reltype, 0, r.id, r.schema_id, NULL
              FROM rel r JOIN pg_class c ON c.oid = r.oid WHERE r.relkind IN ('r', 'p', 'v', 'm')
    -- an array type is its element type
    UNION ALL SELECT 'pg_type'::regclass, t.typarray, 0, typ.id, typ.schema_id, NULL
              FROM typ JOIN pg_type t ON t.oid = typ.oid WHERE t.typarray <> 0
    UNION ALL SELECT 'pg_type'::regclass, t.typarray, 0, r.id, r.schema_id, NULL
              FROM rel r JOIN pg_class c ON c.oid = r.oid JOIN pg_type t ON t.oid = c.reltype
              WHERE r.relkind IN ('r', 'p', 'v', 'm') AND t.typarray <> 0
    UNION ALL SELECT 'pg_constraint'::regclass, oid, 0, id, schema_id, table_id FROM con
    UNION ALL SELECT 'pg_constraint'::regclass, c.oid, 0, t.id, t.schema_id, NULL
              FROM typ t JOIN pg_constraint c ON c.contypid = t.oid WHERE t.typtype = 'd'
    UNION ALL SELECT 'pg_proc'::regclass, oid, 0, id, schema_id, NULL FROM fn
    UNION ALL SELECT 'pg_trigger'::regclass, oid, 0, id, schema_id, table_id FROM trg
    UNION ALL SELECT 'pg_policy'::regclass, oid, 0, id, schema_id, table_id FROM pol
    -- a view's deps are its _RETURN rule's
    UNION ALL SELECT 'pg_rewrite'::regclass, w.oid, 0, r.id, r.schema_id, NULL
              FROM rel r JOIN pg_rewrite w ON w.ev_class = r.oid AND w.rulename = '_RETURN'
              WHERE r.relkind IN ('v', 'm')
    -- a column's deps include its default's
    UNION ALL SELECT 'pg_attrdef'::regclass, d.oid, 0, c.id, c.schema_id, c.table_id
              FROM col c JOIN pg_attrdef d ON d.adrelid = c.attrelid AND d.adnum = c.attnum
),
-- A reference to an object of an extension (a type, a function) is a reference to the extension.
extmap (classid, objid, id) AS (
    SELECT e.classid, e.objid, x.id
    FROM pg_depend e JOIN ext x ON x.oid = e.refobjid
    WHERE e.refclassid = 'pg_extension'::regclass AND e.deptype = 'e'
    UNION ALL
    SELECT 'pg_type'::regclass, t.typarray, x.id
    FROM pg_depend e JOIN ext x ON x.oid = e.refobjid JOIN pg_type t ON t.oid = e.objid
    WHERE e.refclassid = 'pg_extension'::regclass AND e.deptype = 'e'
      AND e.classid = 'pg_type'::regclass AND t.typarray <> 0
),
dep AS (
    SELECT DISTINCT d.src, d.ref
    FROM (SELECT s.id AS src, r.id AS ref, s.schema_id, s.owner_id, d.deptype, d.classid
          FROM pg_depend d
          JOIN idmap s ON s.classid = d.classid AND s.objid = d.objid AND s.subid = d.objsubid
          JOIN idmap r ON r.classid = d.refclassid AND r.objid = d.refobjid AND r.subid = d.refobjsubid
          WHERE d.deptype IN ('n', 'a')
          UNION ALL
          SELECT s.id, x.id, s.schema_id, s.owner_id, d.deptype, d.classid
          FROM pg_depend d
          JOIN idmap s ON s.classid = d.classid AND s.objid = d.objid AND s.subid = d.objsubid
          JOIN extmap x ON x.classid = d.refclassid AND x.objid = d.refobjid
          WHERE d.deptype IN ('n', 'a')) AS d
    WHERE d.ref <> d.src
      AND d.ref IS DISTINCT FROM d.schema_id
      AND d.ref IS DISTINCT FROM d.owner_id
      -- a sequence's automatic dependency is OWNED BY, reported as owned_by
      AND NOT (d.deptype = 'a' AND d.classid = 'pg_class'::regclass AND d.src LIKE 'sequence:%')
),
deps AS (
    SELECT src AS id, jsonb_agg(ref ORDER BY ref COLLATE "C") AS deps FROM dep GROUP BY src
),
descr AS (
    SELECT classoid, objoid, objsubid, description FROM pg_description
),
-- A sequence's settings.
seqinfo AS (
    SELECT s.seqrelid, format_type(s.seqtypid, NULL) AS data_type,
           jsonb_build_object('start', s.seqstart, 'increment', s.seqincrement, 'min', s.seqmin,
                              'max', s.seqmax, 'cache', s.seqcache, 'cycle', s.seqcycle) AS settings
    FROM pg_sequence s
),
-- OWNED BY: a sequence's automatic dependency on a column.
owned AS MATERIALIZED (
    SELECT d.objid AS seqrelid, c.id
    FROM pg_depend d JOIN col c ON c.attrelid = d.refobjid AND c.attnum = d.refobjsubid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
      AND d.refobjsubid > 0 AND d.deptype = 'a'
),
identseq AS MATERIALIZED (
    SELECT d.refobjid AS attrelid, d.refobjsubid AS attnum,
           jsonb_build_object('qname', quote_ident(n.nspname) || '.' || quote_ident(c.relname))
           || s.settings AS seq
    FROM pg_depend d
    JOIN pg_class c ON c.oid = d.objid AND c.relkind = 'S'
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN seqinfo s ON s.seqrelid = c.oid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i'
),
-- Privileges: the effective ACL (NULL is the kind's default, acldefault) of schemas, relations,
-- columns and functions, one "grantee:PRIVILEGE" item per privilege ("*" with GRANT OPTION,
-- PUBLIC for everyone), the owner's own entries left out (they are implicit and follow the owner).
aclsrc (classoid, objoid, subid, acl, owner) AS (
    SELECT 'pg_namespace'::regclass, n.oid, 0, coalesce(n.nspacl, acldefault('n'::"char", n.nspowner)), n.nspowner
    FROM pg_namespace n JOIN nsp ON nsp.oid = n.oid
    UNION ALL
    SELECT 'pg_class'::regclass, c.oid, 0,
           coalesce(c.relacl, acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner)), c.relowner
    FROM pg_class c JOIN rel r ON r.oid = c.oid WHERE r.relkind IN ('r', 'p', 'v', 'm', 'S')
    UNION ALL
    SELECT 'pg_class'::regclass, a.attrelid, a.attnum, a.attacl, c.relowner
    FROM col JOIN pg_attribute a ON a.attrelid = col.attrelid AND a.attnum = col.attnum
    JOIN pg_class c ON c.oid = a.attrelid
    WHERE a.attacl IS NOT NULL
    UNION ALL
    SELECT 'pg_proc'::regclass, p.oid, 0, coalesce(p.proacl, acldefault('f'::"char", p.proowner)), p.proowner
    FROM pg_proc p JOIN fn ON fn.oid = p.oid
),
acls AS (
    SELECT i.classoid, i.objoid, i.subid, jsonb_agg(i.item ORDER BY i.item COLLATE "C") AS acl
    FROM (SELECT s.classoid, s.objoid, s.subid,
                 CASE x.grantee WHEN 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END
                 || ':' || x.privilege_type || CASE WHEN bool_or(x.is_grantable) THEN '*' ELSE '' END AS item
          FROM aclsrc s CROSS JOIN LATERAL aclexplode(s.acl) AS x
          WHERE x.grantee <> s.owner
          GROUP BY s.classoid, s.objoid, s.subid, x.grantee, x.privilege_type) AS i
    GROUP BY i.classoid, i.objoid, i.subid
),
columns AS (
    SELECT c.attrelid,
           jsonb_agg(jsonb_build_object(
               'name', quote_ident(c.attname),
               'id', c.id,
               'type', format_type(c.atttypid, c.atttypmod),
               'not_null', c.attnotnull,
               'default', CASE WHEN c.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
               'identity', c.attidentity::text,
               'identity_sequence', CASE WHEN c.attidentity <> '' THEN i.seq END,
               'generated', c.attgenerated::text,
               'generation_expr', CASE WHEN c.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
               'collation', CASE WHEN c.attcollation <> t.typcollation
                                 THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               'comment', ds.description,
               'inherited', NOT c.attislocal,
               'inherit_count', c.attinhcount,
               'acl', coalesce(ac.acl, '[]'::jsonb),
               'deps', coalesce(dp.deps, '[]'::jsonb))
               ORDER BY c.attnum) AS columns
    FROM col c
    JOIN pg_type t ON t.oid = c.atttypid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = c.attrelid AND ad.adnum = c.attnum
    LEFT JOIN identseq i ON i.attrelid = c.attrelid AND i.attnum = c.attnum
    LEFT JOIN pg_collation co ON co.oid = c.attcollation AND c.attcollation <> t.typcollation
    LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
    LEFT JOIN descr ds ON ds.classoid = 'pg_class'::regclass AND ds.objoid = c.attrelid
                      AND ds.objsubid = c.attnum
    LEFT JOIN deps dp ON dp.id = c.id
    LEFT JOIN acls ac ON ac.classoid = 'pg_class'::regclass AND ac.objoid = c.attrelid AND ac.subid = c.attnum
    GROUP BY c.attrelid
),
-- One row per object: its id, its fields but comment and deps, and its comment's key.
obj (id, fields, classoid, objoid) AS (
    SELECT id, jsonb_build_object('kind', 'schema', 'name', name), 'pg_namespace'::regclass, oid
    FROM nsp
    UNION ALL
    SELECT id, jsonb_build_object('kind', 'extension', 'name', name, 'schema', schema, 'version', extversion,
                                  -- the versions ALTER EXTENSION ... UPDATE TO can reach from this one
                                  'update_targets', (SELECT coalesce(jsonb_agg(u.target ORDER BY u.target COLLATE "C"),
                                                                     '[]')
                                                     FROM pg_extension_update_paths(extname) AS u
                                                     WHERE u.source = extversion AND u.path IS NOT NULL)),
           'pg_extension'::regclass, oid
    FROM ext
    UNION ALL
    SELECT k.id,
           jsonb_build_object('kind', 'collation', 'schema', k.schema, 'name', k.name, 'qname', k.qname,
                              'def', format('CREATE COLLATION %s (provider = %s, %s%s)', k.qname,
                                            CASE c.collprovider WHEN 'i' THEN 'icu' ELSE 'libc' END,
                                            CASE WHEN c.collprovider = 'i'
                                                 THEN 'locale = ' || quote_literal(c.colliculocale)
                                                 ELSE 'lc_collate = ' || quote_literal(c.collcollate)
                                                      || ', lc_ctype = ' || quote_literal(c.collctype) END,
                                            CASE WHEN NOT c.collisdeterministic THEN ', deterministic = false' END)),
           'pg_collation'::regclass, k.oid
    FROM coll k JOIN pg_collation c ON c.oid = k.oid
    UNION ALL
    SELECT t.id,
           jsonb_build_object('kind', 'enum', 'schema', t.schema, 'name', t.name, 'qname', t.qname,
                              'labels', (SELECT coalesce(jsonb_agg(e.enumlabel ORDER BY e.enumsortorder), '[]')
                                         FROM pg_enum e WHERE e.enumtypid = t.oid)),
           'pg_type'::regclass, t.oid
    FROM typ t WHERE t.typtype = 'e'
    UNION ALL
    SELECT t.id,
           jsonb_build_object('kind', 'domain', 'schema', t.schema, 'name', t.name, 'qname', t.qname,
                              'base_type', format_type(d.typbasetype, d.typtypmod),
                              'not_null', d.typnotnull,
                              'default', pg_get_expr(d.typdefaultbin, 0),
                              'collation', CASE WHEN d.typcollation <> b.typcollation
                                                THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
                              'constraints', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                                  'name', quote_ident(k.conname),
                                                  'def', pg_get_constraintdef(k.oid))
                                                  ORDER BY quote_ident(k.conname) COLLATE "C"), '[]')
                                              FROM pg_constraint k WHERE k.contypid = t.oid)),
           'pg_type'::regclass, t.oid
    FROM typ t
    JOIN pg_type d ON d.oid = t.oid
    JOIN pg_type b ON b.oid = d.typbasetype
    LEFT JOIN pg_collation co ON co.oid = d.typcollation AND d.typcollation <> b.typcollation
    LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
    WHERE t.typtype = 'd'
    UNION ALL
    SELECT t.id,
           jsonb_build_object('kind', 'composite', 'schema', t.schema, 'name', t.name, 'qname', t.qname,
                              'attributes', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                                 'name', quote_ident(a.attname),
                                                 'type', format_type(a.atttypid, a.atttypmod),
                                                 'collation', CASE WHEN a.attcollation <> at.typcollation
                                                                   THEN quote_ident(cn.nspname) || '.'
                                                                        || quote_ident(co.collname) END)
                                                 ORDER BY a.attnum), '[]')
                                             FROM pg_attribute a
                                             JOIN pg_type at ON at.oid = a.atttypid
                                             LEFT JOIN pg_collation co ON co.oid = a.attcollation
                                             LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
                                             WHERE a.attrelid = t.typrelid AND a.attnum > 0
                                               AND NOT a.attisdropped)),
           'pg_type'::regclass, t.oid
    FROM typ t WHERE t.typtype = 'c'
    UNION ALL
    SELECT r.id,
           jsonb_build_object('kind', 'sequence', 'schema', r.schema, 'name', r.name, 'qname', r.qname,
                              'data_type', s.data_type, 'owned_by', o.id) || s.settings,
           'pg_class'::regclass, r.oid
    FROM rel r
    JOIN seqinfo s ON s.seqrelid = r.oid
    LEFT JOIN owned o ON o.seqrelid = r.oid
    WHERE r.relkind = 'S'
    UNION ALL
    SELECT t.id,
           jsonb_build_object('kind', 'table', 'schema', t.schema, 'name', t.name, 'qname', t.qname,
                              'persistence', c.relpersistence::text,
                              'partition_key', CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                              'partition_of', pt.id,
                              'inherits', (SELECT coalesce(jsonb_agg(ip.id ORDER BY ih.inhseqno), '[]')
                                           FROM pg_inherits ih JOIN tab ip ON ip.oid = ih.inhparent
                                           WHERE ih.inhrelid = t.oid AND NOT c.relispartition),
                              'partition_bound', pg_get_expr(c.relpartbound, c.oid),
                              'options', (SELECT coalesce(jsonb_agg(o ORDER BY o COLLATE "C"), '[]')
                                          FROM (SELECT unnest(c.reloptions)
                                                UNION ALL SELECT 'toast.' || unnest(tc.reloptions)) AS u(o)),
                              'rls_enabled', c.relrowsecurity,
                              'rls_forced', c.relforcerowsecurity,
                              'columns', coalesce(cl.columns, '[]')),
           'pg_class'::regclass, t.oid
    FROM tab t
    JOIN pg_class c ON c.oid = t.oid
    LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
    LEFT JOIN columns cl ON cl.attrelid = t.oid
    LEFT JOIN pg_inherits h ON c.relispartition AND h.inhrelid = t.oid
    LEFT JOIN tab pt ON pt.oid = h.inhparent
    UNION ALL
    SELECT k.id,
           jsonb_build_object('kind', 'constraint', 'schema', k.schema, 'name', k.name, 'table', k.table_id,
                              'type', k.contype::text, 'def', pg_get_constraintdef(k.oid)),
           'pg_constraint'::regclass, k.oid
    FROM con k
    UNION ALL
    SELECT i.id,
           jsonb_build_object('kind', 'index', 'schema', i.schema, 'name', i.name, 'qname', i.qname,
                              'table', i.table_id, 'def', pg_get_indexdef(i.oid), 'valid', x.indisvalid),
           'pg_class'::regclass, i.oid
    FROM idx i JOIN pg_index x ON x.indexrelid = i.oid WHERE i.conid IS NULL
    UNION ALL
    SELECT r.id,
           jsonb_build_object('kind', CASE r.relkind WHEN 'v' THEN 'view' ELSE 'matview' END,
                              'schema', r.schema, 'name', r.name, 'qname', r.qname,
                              'def', rtrim(btrim(pg_get_viewdef(r.oid, true), E' \t\r\n'), ';'),
                              'options', (SELECT coalesce(jsonb_agg(o ORDER BY o COLLATE "C"), '[]')
                                          FROM (SELECT unnest(c.reloptions)
                                                UNION ALL SELECT 'toast.' || unnest(tc.reloptions)) AS u(o)),
                              'column_comments', (SELECT coalesce(jsonb_object_agg(quote_ident(a.attname),
                                                                                   ds.description), '{}')
                                                  FROM pg_description ds
                                                  JOIN pg_attribute a ON a.attrelid = ds.objoid
                                                                     AND a.attnum = ds.objsubid
                                                  WHERE ds.classoid = 'pg_class'::regclass
                                                    AND ds.objoid = r.oid AND ds.objsubid > 0)),
           'pg_class'::regclass, r.oid
    FROM rel r JOIN pg_class c ON c.oid = r.oid
    LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
    WHERE r.relkind IN ('v', 'm')
    UNION ALL
    SELECT f.id,
           jsonb_build_object('kind', CASE f.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                              'schema', f.schema, 'name', f.name, 'qname', f.qname,
                              'identity_args', pg_get_function_identity_arguments(f.oid),
                              'arguments', pg_get_function_arguments(f.oid),
                              'result', CASE WHEN f.prokind <> 'p' THEN pg_get_function_result(f.oid) END,
                              'def', rtrim(pg_get_functiondef(f.oid), E'\n')),
           'pg_proc'::regclass, f.oid
    FROM fn f
    WHERE f.prokind <> 'a'
    UNION ALL
    -- Aggregates (plain ones; not ordered-set): PostgreSQL has no deparser for them, so the
    -- CREATE AGGREGATE is built here from pg_aggregate, names qualified as regproc prints them.
    SELECT f.id,
           jsonb_build_object('kind', 'aggregate', 'schema', f.schema, 'name', f.name, 'qname', f.qname,
                              'identity_args', pg_get_function_identity_arguments(f.oid),
                              'arguments', pg_get_function_arguments(f.oid),
                              'result', pg_get_function_result(f.oid),
                              'def', format('CREATE AGGREGATE %s(%s) (SFUNC = %s, STYPE = %s%s%s%s%s%s%s%s%s%s)',
                                  f.qname, pg_get_function_identity_arguments(f.oid),
                                  a.aggtransfn::regproc, format_type(a.aggtranstype, NULL),
                                  CASE WHEN a.aggtransspace <> 0 THEN ', SSPACE = ' || a.aggtransspace END,
                                  CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC = ' || a.aggfinalfn::regproc END,
                                  CASE WHEN a.aggfinalextra THEN ', FINALFUNC_EXTRA' END,
                                  CASE WHEN a.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || a.aggcombinefn::regproc END,
                                  CASE WHEN a.aggserialfn <> 0 THEN ', SERIALFUNC = ' || a.aggserialfn::regproc
                                       || ', DESERIALFUNC = ' || a.aggdeserialfn::regproc END,
                                  CASE WHEN a.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(a.agginitval) END,
                                  CASE WHEN a.aggmtransfn <> 0 THEN ', MSFUNC = ' || a.aggmtransfn::regproc
                                       || ', MINVFUNC = ' || a.aggminvtransfn::regproc
                                       || ', MSTYPE = ' || format_type(a.aggmtranstype, NULL)
                                       || CASE WHEN a.aggmfinalfn <> 0 THEN ', MFINALFUNC = ' || a.aggmfinalfn::regproc ELSE '' END
                                       || CASE WHEN a.aggminitval IS NOT NULL THEN ', MINITCOND = ' || quote_literal(a.aggminitval) ELSE '' END END,
                                  CASE WHEN a.aggsortop <> 0 THEN ', SORTOP = OPERATOR(' || quote_ident(o.nspname) || '.' || op.oprname || ')' END,
                                  CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE'
                                                     WHEN 'r' THEN ', PARALLEL = RESTRICTED' END)),
           'pg_proc'::regclass, f.oid
    FROM fn f
    JOIN pg_proc p ON p.oid = f.oid
    JOIN pg_aggregate a ON a.aggfnoid = f.oid
    LEFT JOIN pg_operator op ON op.oid = a.aggsortop
    LEFT JOIN pg_namespace o ON o.oid = op.oprnamespace
    WHERE f.prokind = 'a'
    UNION ALL
    SELECT g.id,
           jsonb_build_object('kind', 'trigger', 'schema', g.schema, 'name', g.name, 'table', g.table_id,
                              'def', pg_get_triggerdef(g.oid, false), 'enabled', t.tgenabled::text),
           'pg_trigger'::regclass, g.oid
    FROM trg g JOIN pg_trigger t ON t.oid = g.oid
    UNION ALL
    SELECT p.id,
           jsonb_build_object('kind', 'policy', 'schema', p.schema, 'name', p.name, 'table', p.table_id,
                              'permissive', y.polpermissive,
                              'command', CASE y.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'
                                                       WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE'
                                                       ELSE 'ALL' END,
                              'roles', CASE WHEN y.polroles = '{0}' THEN '["public"]'::jsonb
                                            ELSE (SELECT jsonb_agg(quote_ident(a.rolname)
                                                                   ORDER BY quote_ident(a.rolname) COLLATE "C")
                                                  FROM pg_roles a WHERE a.oid = ANY (y.polroles)) END,
                              'using', pg_get_expr(y.polqual, y.polrelid),
                              'with_check', pg_get_expr(y.polwithcheck, y.polrelid)),
           'pg_policy'::regclass, p.oid
    FROM pol p JOIN pg_policy y ON y.oid = p.oid
)
SELECT jsonb_build_object(
    'format', 1,
    'objects', coalesce(jsonb_agg(o.fields || jsonb_build_object('id', o.id, 'comment', ds.description,
                                                                  'deps', coalesce(dp.deps, '[]'::jsonb))
                                  || CASE WHEN o.classoid IN ('pg_namespace'::regclass, 'pg_proc'::regclass)
                                               OR o.classoid = 'pg_class'::regclass
                                                  AND o.fields->>'kind' IN ('table', 'view', 'matview', 'sequence')
                                          THEN jsonb_build_object('acl', coalesce(ac.acl, '[]'::jsonb))
                                          ELSE '{}'::jsonb END
                                  ORDER BY o.id COLLATE "C"), '[]'))
FROM obj o
LEFT JOIN descr ds ON ds.classoid = o.classoid AND ds.objoid = o.objoid AND ds.objsubid = 0
LEFT JOIN deps dp ON dp.id = o.id
LEFT JOIN acls ac ON ac.classoid = o.classoid AND ac.objoid = o.objoid AND ac.subid = 0
$$;

COMMENT ON FUNCTION @extschema@.migrate_snapshot() IS
'the user-visible schema of the database as a jsonb document (docs/snapshot.md): schemas, extensions (with the versions they can be updated to), types, sequences, tables with their columns and storage parameters, constraints, indexes, views, functions, triggers and policies, each with its comment, dependencies and privileges; pg_migrate''s own objects and extension members are left out';

-- Of the functions in the extension's schema only migrate_version is open to PUBLIC.  The others
-- change or show the database's schema history and are granted to the roles that deploy (see the
-- guide for the grants they need).  pg_migrate.write_log keeps EXECUTE for PUBLIC: the closed
-- catalog schema and the log's own privileges guard it.
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
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_snapshot() FROM PUBLIC;

-- 0.3.0: safe in a production maintenance window (docs/maintenance.md).  Each part below keeps
-- to its own section; the update script pg_migrate--0.2.0--0.3.0.sql has the same sections.

-- [engine] non-transactional revisions, transaction modes, lock safety, rehearsal

-- migrate_run and migrate_rehearse run revision SQL, so, like migrate_upgrade, they keep the
-- caller's search_path.
CREATE FUNCTION @extschema@.migrate_run(direction text, target text, max_steps integer DEFAULT NULL)
RETURNS TABLE (revision text, direction text, message text, duration interval)
LANGUAGE C VOLATILE SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_run';

COMMENT ON FUNCTION @extschema@.migrate_run(text, text, integer) IS
'run the first max_steps steps (NULL: all) of the upgrade or downgrade (direction) to target in the caller''s transaction; one row per step; the version table gets the heads after those steps';

CREATE FUNCTION @extschema@.migrate_rehearse(direction text, target text)
RETURNS TABLE (revision text, direction text, message text, duration interval, rehearsed boolean,
               locks text[])
LANGUAGE C VOLATILE SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_rehearse';

COMMENT ON FUNCTION @extschema@.migrate_rehearse(text, text) IS
'run the transactional steps of the upgrade or downgrade (direction) to target inside a subtransaction that is always rolled back; one row per step with its time and the relation locks it took on relations that existed before (rehearsed false: a non-transactional step, not run); nothing is kept';

-- For pgmig, which runs non-transactional revisions statement by statement in autocommit.
-- migrate_statements keeps the caller's search_path: it names the table of a CREATE INDEX
-- CONCURRENTLY as the statement will find it.
CREATE FUNCTION pg_migrate.migrate_statements(revision text, direction text)
RETURNS TABLE (ordinal integer, line integer, statement text, index_table text)
LANGUAGE C VOLATILE SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_statements';

COMMENT ON FUNCTION pg_migrate.migrate_statements(text, text) IS
'internal (pgmig): the statements of the upgrade or downgrade section of a non-transactional revision, cut by PostgreSQL''s parser; line is the line in the revision file where each starts; index_table is the qualified table of a CREATE INDEX CONCURRENTLY';

CREATE FUNCTION pg_migrate.migrate_record(revision text, direction text, started_at timestamptz,
                                          duration interval)
RETURNS void
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_record';

COMMENT ON FUNCTION pg_migrate.migrate_record(text, text, timestamptz, interval) IS
'internal (pgmig): record a non-transactional step that pgmig ran: under the migration lock, check that it is the next step from the current heads, then write its log row and the version table';

-- Raises again an error caught by migrate_upgrade_each or migrate_downgrade_each, with its
-- CONTEXT (PL/pgSQL's RAISE cannot set it).  Changes nothing.
CREATE FUNCTION pg_migrate.raise_step_error(sqlstate text, message text, detail text, hint text,
                                            context text)
RETURNS void
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_raise_step_error';

COMMENT ON FUNCTION pg_migrate.raise_step_error(text, text, text, text, text) IS
'internal: raise an error again with its SQLSTATE, message, detail, hint and CONTEXT lines';

-- One transaction per revision, for a DBA in psql: CALL outside a transaction block.  No SET
-- clause (a procedure with one cannot commit), so every name is qualified.
CREATE PROCEDURE @extschema@.migrate_upgrade_each(target text DEFAULT 'head')
LANGUAGE plpgsql SECURITY INVOKER
AS $pgm$
DECLARE
    pgm_steps text[];
    pgm_step text;
    pgm_ran text;
    pgm_done integer := 0;
    pgm_started timestamptz;
    pgm_failed boolean;
    pgm_state text;
    pgm_message text;
    pgm_detail text;
    pgm_hint text;
    pgm_context text;
    pgm_heads text;
BEGIN
    -- Inside a transaction block nothing could be committed: refuse before anything runs.
    COMMIT;
    SELECT pg_catalog.array_agg(p.revision ORDER BY p.step) INTO pgm_steps
      FROM @extschema@.migrate_plan('upgrade', target) AS p;
    pgm_steps := COALESCE(pgm_steps, '{}'::text[]);
    FOREACH pgm_step IN ARRAY pgm_steps LOOP
        pgm_failed := false;
        pgm_started := pg_catalog.clock_timestamp();
        BEGIN
            -- By id: its parents and dependencies came earlier in the plan, so the plan to it
            -- is that one step (a relative target would walk on from the new state).
            SELECT r.revision INTO pgm_ran FROM @extschema@.migrate_run('upgrade', pgm_step, 1) AS r;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS pgm_state = RETURNED_SQLSTATE, pgm_message = MESSAGE_TEXT,
                pgm_detail = PG_EXCEPTION_DETAIL, pgm_hint = PG_EXCEPTION_HINT,
                pgm_context = PG_EXCEPTION_CONTEXT;
            pgm_failed := true;
        END;
        IF pgm_failed THEN
            -- A non-transactional revision was refused before it ran: not a failed step.
            IF pgm_message OPERATOR(pg_catalog.<>)
               pg_catalog.format('revision "%s" cannot run inside a transaction block', pgm_step) THEN
                PERFORM @extschema@.migrate_log_failure(pgm_step, 'upgrade', pgm_state, pgm_message,
                    pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) pgm_started);
                COMMIT;
            END IF;
            SELECT COALESCE(pg_catalog.string_agg(c.revision, ', ' ORDER BY c.revision), 'base') INTO pgm_heads
              FROM @extschema@.migrate_current() AS c;
            RAISE NOTICE 'migrate_upgrade_each: % of % revision(s) applied and committed before revision "%" failed; the database is at %',
                pgm_done, pg_catalog.cardinality(pgm_steps), pgm_step, pgm_heads;
            PERFORM pg_migrate.raise_step_error(pgm_state, pgm_message, pgm_detail, pgm_hint, pgm_context);
        END IF;
        IF pgm_ran IS DISTINCT FROM pgm_step THEN
            RAISE EXCEPTION 'the plan changed while migrate_upgrade_each was running'
                USING ERRCODE = '55000',
                      DETAIL = pg_catalog.format('Revision "%s" was expected next, but "%s" ran; it was rolled back.',
                                                 pgm_step, pgm_ran),
                      HINT = 'Another session migrated this database at the same time; call it again.';
        END IF;
        COMMIT;
        pgm_done := pgm_done OPERATOR(pg_catalog.+) 1;
    END LOOP;
    SELECT COALESCE(pg_catalog.string_agg(c.revision, ', ' ORDER BY c.revision), 'base') INTO pgm_heads
      FROM @extschema@.migrate_current() AS c;
    RAISE NOTICE 'migrate_upgrade_each: % revision(s) applied, each in its own transaction; the database is at %',
        pgm_done, pgm_heads;
END
$pgm$;

COMMENT ON PROCEDURE @extschema@.migrate_upgrade_each(text) IS
'upgrade to target committing after each revision (CALL outside a transaction block); a failure keeps the revisions before it, is logged, and is raised again; stops before a non-transactional revision';

CREATE PROCEDURE @extschema@.migrate_downgrade_each(target text)
LANGUAGE plpgsql SECURITY INVOKER
AS $pgm$
DECLARE
    pgm_steps text[];
    pgm_step text;
    pgm_ran text;
    pgm_done integer := 0;
    pgm_started timestamptz;
    pgm_failed boolean;
    pgm_state text;
    pgm_message text;
    pgm_detail text;
    pgm_hint text;
    pgm_context text;
    pgm_heads text;
    pgm_target text;
BEGIN
    -- Inside a transaction block nothing could be committed: refuse before anything runs.
    COMMIT;
    SELECT pg_catalog.array_agg(p.revision ORDER BY p.step) INTO pgm_steps
      FROM @extschema@.migrate_plan('downgrade', target) AS p;
    pgm_steps := COALESCE(pgm_steps, '{}'::text[]);
    -- A relative target (-1, label@-2) would walk on from the new state after each step: go to
    -- the revision below the last step of the plan instead (one parent), or base.  Should that
    -- plan start elsewhere, the check below stops the run before committing.
    pgm_target := target;
    IF target OPERATOR(pg_catalog.~) '[+-][0-9]+$' AND pg_catalog.cardinality(pgm_steps) OPERATOR(pg_catalog.>) 0 THEN
        SELECT COALESCE(s.parents[1], 'base') INTO pgm_target
          FROM @extschema@.migrate_show(pgm_steps[pg_catalog.cardinality(pgm_steps)]) AS s;
    END IF;
    FOREACH pgm_step IN ARRAY pgm_steps LOOP
        pgm_failed := false;
        pgm_started := pg_catalog.clock_timestamp();
        BEGIN
            SELECT r.revision INTO pgm_ran FROM @extschema@.migrate_run('downgrade', pgm_target, 1) AS r;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS pgm_state = RETURNED_SQLSTATE, pgm_message = MESSAGE_TEXT,
                pgm_detail = PG_EXCEPTION_DETAIL, pgm_hint = PG_EXCEPTION_HINT,
                pgm_context = PG_EXCEPTION_CONTEXT;
            pgm_failed := true;
        END;
        IF pgm_failed THEN
            -- A non-transactional revision was refused before it ran: not a failed step.
            IF pgm_message OPERATOR(pg_catalog.<>)
               pg_catalog.format('revision "%s" cannot run inside a transaction block', pgm_step) THEN
                PERFORM @extschema@.migrate_log_failure(pgm_step, 'downgrade', pgm_state, pgm_message,
                    pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) pgm_started);
                COMMIT;
            END IF;
            SELECT COALESCE(pg_catalog.string_agg(c.revision, ', ' ORDER BY c.revision), 'base') INTO pgm_heads
              FROM @extschema@.migrate_current() AS c;
            RAISE NOTICE 'migrate_downgrade_each: % of % revision(s) reverted and committed before revision "%" failed; the database is at %',
                pgm_done, pg_catalog.cardinality(pgm_steps), pgm_step, pgm_heads;
            PERFORM pg_migrate.raise_step_error(pgm_state, pgm_message, pgm_detail, pgm_hint, pgm_context);
        END IF;
        IF pgm_ran IS DISTINCT FROM pgm_step THEN
            RAISE EXCEPTION 'the plan changed while migrate_downgrade_each was running'
                USING ERRCODE = '55000',
                      DETAIL = pg_catalog.format('Revision "%s" was expected next, but "%s" ran; it was rolled back.',
                                                 pgm_step, pgm_ran),
                      HINT = 'Another session migrated this database at the same time; call it again.';
        END IF;
        COMMIT;
        pgm_done := pgm_done OPERATOR(pg_catalog.+) 1;
    END LOOP;
    SELECT COALESCE(pg_catalog.string_agg(c.revision, ', ' ORDER BY c.revision), 'base') INTO pgm_heads
      FROM @extschema@.migrate_current() AS c;
    RAISE NOTICE 'migrate_downgrade_each: % revision(s) reverted, each in its own transaction; the database is at %',
        pgm_done, pgm_heads;
END
$pgm$;

COMMENT ON PROCEDURE @extschema@.migrate_downgrade_each(text) IS
'downgrade to target committing after each revision (CALL outside a transaction block); a failure keeps the revisions before it, is logged, and is raised again; stops before a non-transactional revision';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_run(text, text, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_rehearse(text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_migrate.migrate_statements(text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_migrate.migrate_record(text, text, timestamptz, interval) FROM PUBLIC;
REVOKE EXECUTE ON PROCEDURE @extschema@.migrate_upgrade_each(text) FROM PUBLIC;
REVOKE EXECUTE ON PROCEDURE @extschema@.migrate_downgrade_each(text) FROM PUBLIC;

-- [locks] lock safety settings' functions, the migration lock

-- The migration lock at session level, for a run of several transactions (pgmig
-- --transaction-per-revision, a DBA's script): the migrate_* calls of the same session then take
-- it at once.  Like the transaction-level wait, it names the holder and waits at most
-- pg_migrate.migration_lock_timeout.
CREATE FUNCTION pg_migrate.lock_session()
RETURNS void
LANGUAGE C VOLATILE STRICT SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_lock_session';

COMMENT ON FUNCTION pg_migrate.lock_session() IS
'take the migration lock at session level (it waits at most pg_migrate.migration_lock_timeout, after a notice naming the session that holds it); held until pg_migrate.unlock_session() or the end of the session';

CREATE FUNCTION pg_migrate.unlock_session()
RETURNS boolean
LANGUAGE C VOLATILE STRICT SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_unlock_session';

COMMENT ON FUNCTION pg_migrate.unlock_session() IS
'release the migration lock taken by pg_migrate.lock_session(); false when this session did not hold it';

REVOKE EXECUTE ON FUNCTION pg_migrate.lock_session() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_migrate.unlock_session() FROM PUBLIC;

-- [integrity] what runs is what was checked; standby; runs, restore points and backups

-- One row per migrate_upgrade or migrate_downgrade call that ran steps, written before its first
-- step: where to recover to just before it.
CREATE TABLE pg_migrate.run (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    role          name NOT NULL,
    session_role  name NOT NULL,
    direction     text NOT NULL CHECK (direction IN ('upgrade', 'downgrade')),
    target        text NOT NULL,
    wal_lsn       pg_lsn NOT NULL,
    restore_point text,
    backup_file   text
);

COMMENT ON TABLE pg_migrate.run IS 'every migrate_upgrade and migrate_downgrade call that ran steps, with the WAL position, restore point and backup file taken before its first step';
COMMENT ON COLUMN pg_migrate.run.role IS 'the role that called (current_user)';
COMMENT ON COLUMN pg_migrate.run.session_role IS 'the role that logged in (session_user)';
COMMENT ON COLUMN pg_migrate.run.wal_lsn IS 'the WAL insert position before the first step (recovery_target_lsn)';
COMMENT ON COLUMN pg_migrate.run.restore_point IS 'the restore point created before the first step (recovery_target_name); NULL when the caller may not create one or wal_level is minimal';
COMMENT ON COLUMN pg_migrate.run.backup_file IS 'the pg_dump file made before the run (pgmig --backup, the pg_migrate.backup_file setting); NULL for none';

ALTER TABLE pg_migrate.log ADD COLUMN run_id bigint REFERENCES pg_migrate.run (id);

COMMENT ON COLUMN pg_migrate.log.run_id IS 'the pg_migrate.run row of the migrate_upgrade or migrate_downgrade call that ran the step; NULL for other steps';

SELECT pg_catalog.pg_extension_config_dump('pg_migrate.run', '');
SELECT pg_catalog.pg_extension_config_dump('pg_migrate.run_id_seq', '');

REVOKE ALL ON pg_migrate.run FROM PUBLIC;
REVOKE ALL ON SEQUENCE pg_migrate.run_id_seq FROM PUBLIC;

-- The functions write the catalog as its owner (the revisions' SQL still runs as the caller), so
-- no role needs privileges on the catalog's tables to migrate.  pg_migrate.write_log does too, so
-- its EXECUTE is no longer PUBLIC's: grant it to the roles that run offline scripts.
REVOKE EXECUTE ON PROCEDURE pg_migrate.write_log(text, text, text, timestamptz, interval, text, text) FROM PUBLIC;

COMMENT ON PROCEDURE pg_migrate.write_log(text, text, text, timestamptz, interval, text, text) IS
'internal: append one row to pg_migrate.log for a step run outside migrate_upgrade (offline scripts); role, session role, application and client address come from the session; duration NULL is 0; writes as the catalog''s owner, EXECUTE granted like migrate_upgrade''s';

COMMENT ON FUNCTION @extschema@.migrate_verify() IS
'the uploaded revisions in load order, each with its catalog checksum and the checksum it was applied with (the newest upgrade, stamp or repair in the log); status is pending, ok, edited (the catalog''s script differs from the applied one) or corrupted (the catalog row differs from its stored file, or the file from its checksum)';

-- [lint] lint
-- migrate_lint keeps the caller's search_path, as migrate_upgrade does, so the names in the
-- revisions' SQL resolve to the tables the upgrade would change; its own statements are
-- schema-qualified.
CREATE FUNCTION @extschema@.migrate_lint(direction text DEFAULT 'upgrade', target text DEFAULT 'head')
RETURNS TABLE (revision text, file_name text, line integer, rule text, relation text, relation_size bigint,
               estimated_rows bigint, lock_mode text, message text, detail text, hint text, waived boolean)
LANGUAGE C STABLE SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_lint';

COMMENT ON FUNCTION @extschema@.migrate_lint(text, text) IS
'the risks of the steps migrate_upgrade or migrate_downgrade (direction) would run to target, checked against the live catalog without running them: one row per finding, with the revision file''s line, the rule, the table, its size and the lock; waived is true for findings a "-- lint: ignore RULE" comment waives';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_lint(text, text) FROM PUBLIC;

-- [drift] drift and guard
-- DDL run outside migrations, recorded by the event triggers below (docs/maintenance.md).  No
-- unique key on id: restoring a dump runs DDL (recorded with new ids) before it copies the dumped
-- rows back, and a key violation there would make the event trigger fail the restore.
CREATE TABLE pg_migrate.drift (
    id               bigint GENERATED ALWAYS AS IDENTITY,
    at               timestamptz NOT NULL DEFAULT pg_catalog.statement_timestamp(),
    role             name NOT NULL,
    session_role     name NOT NULL,
    application_name text,
    client_addr      inet,
    command_tag      text NOT NULL,
    object_type      text,
    object_identity  text,
    schema           text
);

COMMENT ON TABLE pg_migrate.drift IS 'DDL run outside migrations (not by migrate_upgrade, migrate_downgrade, pgmig upgrade or an extension script), one row per command or dropped object; pgmig drift lists it, migrate_drift_clear acknowledges it';
COMMENT ON COLUMN pg_migrate.drift.at IS 'when the statement started';
COMMENT ON COLUMN pg_migrate.drift.role IS 'the role that ran the DDL (current_user)';
COMMENT ON COLUMN pg_migrate.drift.session_role IS 'the role that logged in (session_user), also under SET ROLE';
COMMENT ON COLUMN pg_migrate.drift.command_tag IS 'the command, e.g. CREATE TABLE, ALTER TABLE, DROP INDEX';
COMMENT ON COLUMN pg_migrate.drift.object_identity IS 'the object it created, changed or dropped, as pg_identify_object names it';

-- The schema the last migration run left: one row at most.
CREATE TABLE pg_migrate.schema_snapshot (
    heads    text[] NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    snapshot jsonb NOT NULL
);

COMMENT ON TABLE pg_migrate.schema_snapshot IS 'migrate_snapshot() of the schema after the last migration run that applied a step (or the last migrate_drift_clear), with the heads it left; one row at most; pgmig drift compares the live schema with it';

SELECT pg_catalog.pg_extension_config_dump('pg_migrate.drift', '');
SELECT pg_catalog.pg_extension_config_dump('pg_migrate.drift_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('pg_migrate.schema_snapshot', '');
REVOKE ALL ON pg_migrate.drift, pg_migrate.schema_snapshot, pg_migrate.drift_id_seq FROM PUBLIC;

-- The event trigger functions: internal, in the catalog schema; they write as the owner of
-- pg_migrate.drift, so the roles that run DDL need no privilege on it.
CREATE FUNCTION pg_migrate.ddl_guard()
RETURNS event_trigger
LANGUAGE C SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_ddl_guard';

COMMENT ON FUNCTION pg_migrate.ddl_guard() IS
'internal (event trigger pg_migrate_guard, ddl_command_start): with pg_migrate.guard on, refuse DDL outside migrations';

CREATE FUNCTION pg_migrate.ddl_record()
RETURNS event_trigger
LANGUAGE C SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_ddl_record';

COMMENT ON FUNCTION pg_migrate.ddl_record() IS
'internal (event trigger pg_migrate_record_ddl, ddl_command_end): record DDL run outside migrations in pg_migrate.drift';

CREATE FUNCTION pg_migrate.ddl_record_drop()
RETURNS event_trigger
LANGUAGE C SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_ddl_record_drop';

COMMENT ON FUNCTION pg_migrate.ddl_record_drop() IS
'internal (event trigger pg_migrate_record_drop, sql_drop): record objects dropped outside migrations in pg_migrate.drift';

-- Event triggers call them without an EXECUTE check; nobody else needs to.
REVOKE EXECUTE ON FUNCTION pg_migrate.ddl_guard(), pg_migrate.ddl_record(), pg_migrate.ddl_record_drop() FROM PUBLIC;

CREATE EVENT TRIGGER pg_migrate_guard ON ddl_command_start EXECUTE FUNCTION pg_migrate.ddl_guard();
CREATE EVENT TRIGGER pg_migrate_record_ddl ON ddl_command_end EXECUTE FUNCTION pg_migrate.ddl_record();
CREATE EVENT TRIGGER pg_migrate_record_drop ON sql_drop EXECUTE FUNCTION pg_migrate.ddl_record_drop();

COMMENT ON EVENT TRIGGER pg_migrate_guard IS 'pg_migrate: refuse DDL outside migrations when pg_migrate.guard is on';
COMMENT ON EVENT TRIGGER pg_migrate_record_ddl IS 'pg_migrate: record DDL run outside migrations in pg_migrate.drift';
COMMENT ON EVENT TRIGGER pg_migrate_record_drop IS 'pg_migrate: record objects dropped outside migrations in pg_migrate.drift';

CREATE FUNCTION @extschema@.migrate_drift_clear(up_to bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_drift_clear';

COMMENT ON FUNCTION @extschema@.migrate_drift_clear(bigint) IS
'acknowledge drift: delete the recorded out-of-migration DDL (rows of pg_migrate.drift up to id up_to, all when NULL) and store the live schema as the snapshot pgmig drift compares with; returns the number of rows deleted';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_drift_clear(bigint) FROM PUBLIC;

-- [adopt] stamping with a reason (pgmig import alembic --adopt, pgmig baseline)

CREATE FUNCTION @extschema@.migrate_stamp(targets text[], purge boolean, reason text)
RETURNS TABLE (from_revisions text[], to_revisions text[], description text)
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_stamp';

COMMENT ON FUNCTION @extschema@.migrate_stamp(text[], boolean, text) IS
'migrate_stamp(targets, purge) that writes reason (NULL: none) into every log row it adds, e.g. "adopted from alembic_version"';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_stamp(text[], boolean, text) FROM PUBLIC;

-- [snapshot] autogenerate: privileges, storage parameters, extension versions

-- [perf] the digest of the stored script folder: pgmig skips the upload of an unchanged folder
CREATE FUNCTION @extschema@.migrate_folder_digest()
RETURNS text
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_folder_digest';

COMMENT ON FUNCTION @extschema@.migrate_folder_digest() IS
'SHA-256 over the file name and checksum of every uploaded revision (sorted by file name, each as "<name length>:<name> <checksum>\n"), the digest pgmig computes over its script folder: equal when the folder is stored byte for byte';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_folder_digest() FROM PUBLIC;

-- [snapshot] copy-on-write schema snapshot: a run stores a pending row (snapshot NULL) with a
-- catalog fingerprint; the first DDL outside a migration materialises it before it runs.
ALTER TABLE pg_migrate.schema_snapshot ALTER COLUMN snapshot DROP NOT NULL;
ALTER TABLE pg_migrate.schema_snapshot ADD COLUMN fingerprint text;

COMMENT ON TABLE pg_migrate.schema_snapshot IS 'the schema after the last migration run that applied a step (or the last migrate_drift_clear), with the heads it left; the newest row (by taken_at, a materialised one first) counts, older rows are leftovers of a race and are deleted by the next run; pgmig drift compares the live schema with it';
COMMENT ON COLUMN pg_migrate.schema_snapshot.snapshot IS 'migrate_snapshot() of that schema; NULL while pending: the run stored only the fingerprint, and the event trigger pg_migrate_guard stores the snapshot before the first DDL outside a migration';
COMMENT ON COLUMN pg_migrate.schema_snapshot.fingerprint IS 'migrate_schema_fingerprint() of that schema: while it matches the live one, the schema has not changed';

CREATE FUNCTION @extschema@.migrate_schema_fingerprint()
RETURNS text
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_schema_fingerprint';

COMMENT ON FUNCTION @extschema@.migrate_schema_fingerprint() IS
'a cheap fingerprint of the catalogs migrate_snapshot() reads, "count:xor:sum" (rows, XOR of hashed row positions, sum of xmins; pg_class rows hashed on the columns DDL sets; temporary objects left out): equal while no DDL changed the schema; TRUNCATE, VACUUM, CLUSTER, REINDEX and ANALYZE keep it, VACUUM FULL of a catalog changes it';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_schema_fingerprint() FROM PUBLIC;
-- [upload] incremental upload: pgmig sends only the files the catalog lacks
CREATE FUNCTION @extschema@.migrate_upload_needed(filenames text[], checksums text[])
RETURNS TABLE (file_name text, reason text)
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_upload_needed';

COMMENT ON FUNCTION @extschema@.migrate_upload_needed(text[], text[]) IS
'takes the migration lock and compares a script folder, given as file names and SHA-256 checksums, with the catalog: reason is missing (no file of that name), changed (other bytes, or a row to rewrite), unclaimed (a pending revision another role uploaded) or absent (a catalog file the folder lacks); no row: uploading the folder would change nothing';

CREATE FUNCTION @extschema@.migrate_upload(filenames text[], contents bytea[], unchanged_files text[], unchanged_checksums text[])
RETURNS TABLE (revision text, file_name text, action text)
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_upload';

COMMENT ON FUNCTION @extschema@.migrate_upload(text[], bytea[], text[], text[]) IS
'upload a script folder incrementally: the files the catalog lacks with their bytes, the others by name and checksum (each must be stored unchanged, else 55000); the same result as migrate_upload(filenames, contents) of the whole folder';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_upload_needed(text[], text[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_upload(text[], bytea[], text[], text[]) FROM PUBLIC;

-- 0.7.0
-- [speed] what a run with nothing to do and `pgmig current` ask without loading the library:
-- the state of the stored script folder, written by migrate_upload (and by migrate_upload_needed
-- when it is missing) and forgotten whenever anything writes pg_migrate.revision
-- (docs/benchmarks.md, "0.7.0").
CREATE TABLE pg_migrate.folder_state (
    digest text NOT NULL,
    heads text[] NOT NULL,
    head_count integer NOT NULL,
    current_lines text[] NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

COMMENT ON TABLE pg_migrate.folder_state IS 'at most one row, written by migrate_upload: the stored script folder''s digest (migrate_folder_digest() in the uploader''s client encoding), its real heads sorted bytewise, the number of heads the target head considers (effective heads included), and what migrate_current() lists when the version table holds exactly those heads; deleted by the trigger folder_state_forget whenever pg_migrate.revision is written outside migrate_upload';

REVOKE ALL ON pg_migrate.folder_state FROM PUBLIC;

CREATE FUNCTION pg_migrate.folder_state_forget()
RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM pg_migrate.folder_state;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION pg_migrate.folder_state_forget() IS
'statement trigger of pg_migrate.revision: any write forgets the stored folder state (migrate_upload writes it again after its own writes)';

REVOKE EXECUTE ON FUNCTION pg_migrate.folder_state_forget() FROM PUBLIC;

-- Not while migrate_upload writes (it stores the state again after its writes): it sets
-- pg_migrate.upload_in_progress for that time, so its one INSERT per file costs no trigger call.
CREATE TRIGGER folder_state_forget
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pg_migrate.revision
FOR EACH STATEMENT
WHEN (pg_catalog.current_setting('pg_migrate.upload_in_progress', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION pg_migrate.folder_state_forget();

CREATE FUNCTION @extschema@.migrate_nothing_to_do(folder_digest text, direction text, target text)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
SELECT CASE
    WHEN s.digest IS NULL THEN false
    WHEN s.digest OPERATOR(pg_catalog.<>) folder_digest THEN false
    WHEN direction OPERATOR(pg_catalog.=) 'upgrade' AND target OPERATOR(pg_catalog.=) 'heads'
        THEN s.heads OPERATOR(pg_catalog.=) v.heads
    WHEN direction OPERATOR(pg_catalog.=) 'upgrade' AND target OPERATOR(pg_catalog.=) 'head'
         AND s.head_count OPERATOR(pg_catalog.=) 1
        THEN s.heads OPERATOR(pg_catalog.=) v.heads
    WHEN direction OPERATOR(pg_catalog.=) 'downgrade' AND target OPERATOR(pg_catalog.=) 'base'
        THEN pg_catalog.cardinality(v.heads) OPERATOR(pg_catalog.=) 0
    ELSE NULL
END
FROM (SELECT COALESCE(pg_catalog.array_agg(revision ORDER BY revision COLLATE "C"), '{}') AS heads
      FROM pg_migrate.version) v
LEFT JOIN pg_migrate.folder_state s ON true
$$;

COMMENT ON FUNCTION @extschema@.migrate_nothing_to_do(text, text, text) IS
'whether migrate_upgrade (direction upgrade) or migrate_downgrade (downgrade) to target would do nothing for a script folder of this digest, from the stored folder state and the version table only: true for upgrade head or heads at the folder''s heads and downgrade base at base; false when the digest differs, there is work, or no state is stored (the run''s migrate_upload_needed or migrate_upload stores it); NULL when it cannot tell (ask migrate_folder_digest() and migrate_plan)';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_nothing_to_do(text, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.migrate_current_lines()
RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
SELECT s.current_lines
FROM pg_migrate.folder_state s
WHERE s.heads OPERATOR(pg_catalog.=)
      (SELECT COALESCE(pg_catalog.array_agg(revision ORDER BY revision COLLATE "C"), '{}') FROM pg_migrate.version)
$$;

COMMENT ON FUNCTION @extschema@.migrate_current_lines() IS
'the line column of migrate_current(), in its order, when the stored folder state tells it (the version table holds exactly the folder''s heads); NULL otherwise';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_current_lines() FROM PUBLIC;

-- 0.8.0 (issue 11, speed); objects below are also in pg_migrate--0.7.0--0.8.0.sql.

-- [speed] a run whose folder is the stored one skips migrate_upload_needed and the upload
CREATE FUNCTION @extschema@.migrate_folder_stored(folder_digest text)
RETURNS boolean
LANGUAGE C VOLATILE STRICT SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_folder_stored';

COMMENT ON FUNCTION @extschema@.migrate_folder_stored(text) IS
'takes the migration lock and tells whether the stored folder state holds this folder digest and the caller uploaded every stored revision: then migrate_upload_needed would return no row and uploading the folder would change nothing; false otherwise (no state stored, another digest, a revision uploaded by another role)';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_folder_stored(text) FROM PUBLIC;
-- [snapshot] migrate_snapshot_text(): migrate_snapshot() as text, computed as text.  pgmig reads
-- the document as text; building one jsonb of every object and printing it costs about a
-- quarter of the function on a large schema, and migrate_snapshot()::text re-prints it.  The
-- query is migrate_snapshot()'s but for its last SELECT; sql/snapshot_text.sql checks that the
-- two give the same bytes.  Any change to one must be made to the other.
CREATE FUNCTION @extschema@.migrate_snapshot_text()
RETURNS text
LANGUAGE sql STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
SET DateStyle = 'ISO, YMD'
SET IntervalStyle = 'postgres'
SET TimeZone = 'UTC'
SET extra_float_digits = 1
SET bytea_output = 'hex'
SET quote_all_identifiers = off
SET standard_conforming_strings = on
AS $$
WITH
-- The user's schemas: not the system's, not ours, not an extension's.
nsp AS (
    SELECT n.oid, quote_ident(n.nspname) AS name, 'schema:' || quote_ident(n.nspname) AS id
    FROM pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_migrate')
      AND n.nspname !~ '^pg_(toast|temp_)'
      AND NOT EXISTS (SELECT FROM pg_depend e
                      WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
),
ext AS (
    SELECT x.oid, quote_ident(x.extname) AS name, 'extension:' || quote_ident(x.extname) AS id,
           quote_ident(n.nspname) AS schema, x.extversion, x.extname
    FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
    WHERE x.extname <> 'pg_migrate'
),
-- Collations the user created (CREATE COLLATION).
coll AS (
    SELECT c.oid, n.name AS schema, n.id AS schema_id, quote_ident(c.collname) AS name,
           n.name || '.' || quote_ident(c.collname) AS qname,
           'collation:' || n.name || '.' || quote_ident(c.collname) AS id
    FROM pg_collation c JOIN nsp n ON n.oid = c.collnamespace
    WHERE NOT EXISTS (SELECT FROM pg_depend e
                      WHERE e.classid = 'pg_collation'::regclass AND e.objid = c.oid AND e.deptype = 'e')
),
-- Relations: tables, views, materialized views, sequences (not identity ones), indexes.
rel AS (
    SELECT c.oid, c.relkind, n.name AS schema, n.id AS schema_id, quote_ident(c.relname) AS name,
           n.name || '.' || quote_ident(c.relname) AS qname,
           CASE c.relkind WHEN 'r' THEN 'table:' WHEN 'p' THEN 'table:' WHEN 'v' THEN 'view:'
                          WHEN 'm' THEN 'matview:' WHEN 'S' THEN 'sequence:' ELSE 'index:' END
           || n.name || '.' || quote_ident(c.relname) AS id
    FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I')
      AND NOT EXISTS (SELECT FROM pg_depend e
                      WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
      AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend i
                                           WHERE i.classid = 'pg_class'::regclass AND i.objid = c.oid
                                             AND i.deptype = 'i'))
),
tab AS (SELECT * FROM rel WHERE relkind IN ('r', 'p')),
col AS (
    SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attidentity,
           a.attgenerated, a.attcollation, a.attislocal, a.attinhcount, t.id AS table_id, t.schema_id,
           'column:' || t.qname || '.' || quote_ident(a.attname) AS id
    FROM pg_attribute a JOIN tab t ON t.oid = a.attrelid
    WHERE a.attnum > 0 AND NOT a.attisdropped
),
-- Table constraints (domain constraints belong to their domain), not the ones a partition or
-- child inherits.
con AS (
    SELECT c.oid, c.contype, c.conindid, quote_ident(c.conname) AS name, t.schema, t.schema_id,
           t.id AS table_id, 'constraint:' || t.qname || '.' || quote_ident(c.conname) AS id
    FROM pg_constraint c JOIN tab t ON t.oid = c.conrelid
    WHERE c.contype IN ('p', 'u', 'c', 'f', 'x') AND c.conparentid = 0 AND c.conislocal
),
-- Indexes, not the ones a partition inherits; conid is the constraint an index implements.
idx AS (
    SELECT r.oid, r.schema, r.schema_id, r.name, r.qname, r.id, t.id AS table_id, k.id AS conid
    FROM rel r
    JOIN pg_index i ON i.indexrelid = r.oid
    JOIN rel t ON t.oid = i.indrelid
    LEFT JOIN pg_constraint kc ON kc.conindid = r.oid AND kc.conrelid = i.indrelid
                              AND kc.contype IN ('p', 'u', 'x')
    LEFT JOIN con k ON k.oid = kc.oid
    WHERE r.relkind IN ('i', 'I')
      AND NOT EXISTS (SELECT FROM pg_inherits h WHERE h.inhrelid = r.oid)
      AND (kc.oid IS NULL OR k.oid IS NOT NULL)
),
-- Enums, domains and composite types.
typ AS (
    SELECT t.oid, t.typtype, t.typrelid, n.name AS schema, n.id AS schema_id, quote_ident(t.typname) AS name,
           n.name || '.' || quote_ident(t.typname) AS qname,
           'type:' || n.name || '.' || quote_ident(t.typname) AS id
    FROM pg_type t JOIN nsp n ON n.oid = t.typnamespace
    WHERE (t.typtype IN ('e', 'd')
           OR t.typtype = 'c' AND EXISTS (SELECT FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
      AND NOT EXISTS (SELECT FROM pg_depend e
                      WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
),
fn AS (
    SELECT p.oid, p.prokind, n.name AS schema, n.id AS schema_id, quote_ident(p.proname) AS name,
           n.name || '.' || quote_ident(p.proname) AS qname,
           'function:' || n.name || '.' || quote_ident(p.proname)
           || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS id
    FROM pg_proc p JOIN nsp n ON n.oid = p.pronamespace
    WHERE (p.prokind IN ('f', 'p', 'w')
           OR p.prokind = 'a' AND EXISTS (SELECT FROM pg_aggregate ag
                                          WHERE ag.aggfnoid = p.oid AND ag.aggkind = 'n'))
      AND NOT EXISTS (SELECT FROM pg_depend e
                      WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
),
trg AS (
    SELECT g.oid, quote_ident(g.tgname) AS name, t.schema, t.schema_id, t.id AS table_id,
           'trigger:' || t.qname || '.' || quote_ident(g.tgname) AS id
    FROM pg_trigger g JOIN rel t ON t.oid = g.tgrelid AND t.relkind IN ('r', 'p', 'v')
    WHERE NOT g.tgisinternal AND g.tgparentid = 0
),
pol AS (
    SELECT p.oid, quote_ident(p.polname) AS name, t.schema, t.schema_id, t.id AS table_id,
           'policy:' || t.qname || '.' || quote_ident(p.polname) AS id
    FROM pg_policy p JOIN tab t ON t.oid = p.polrelid
),
-- Every catalog row (classid, objid, objsubid) that stands for a snapshot object, with the id of
-- that object and its implicit dependencies (its schema, its table), which deps leave out.
idmap (classid, objid, subid, id, schema_id, owner_id) AS (
    SELECT 'pg_namespace'::regclass, oid, 0, id, NULL, NULL FROM nsp
    UNION ALL SELECT 'pg_extension'::regclass, oid, 0, id, NULL, NULL FROM ext
    UNION ALL SELECT 'pg_collation'::regclass, oid, 0, id, schema_id, NULL FROM coll
    UNION ALL SELECT 'pg_class'::regclass, oid, 0, id, schema_id, NULL FROM rel WHERE relkind NOT IN ('i', 'I')
    UNION ALL SELECT 'pg_class'::regclass, oid, 0, coalesce(conid, id), schema_id, table_id FROM idx
    UNION ALL SELECT 'pg_class'::regclass, attrelid, attnum, id, schema_id, table_id FROM col
    -- a reference to a view's column is a reference to the view; the same for a composite type
    UNION ALL SELECT 'pg_class'::regclass, a.attrelid, a.attnum, r.id, r.schema_id, NULL
              FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid
              WHERE r.relkind IN ('v', 'm') AND a.attnum > 0
    UNION ALL SELECT 'pg_class'::regclass, a.attrelid, a.attnum, t.id, t.schema_id, NULL
              FROM typ t JOIN pg_attribute a ON a.attrelid = t.typrelid
              WHERE t.typtype = 'c' AND a.attnum >= 0
    UNION ALL SELECT 'pg_type'::regclass, oid, 0, id, schema_id, NULL FROM typ
    -- a relation's row type is the relation
    UNION ALL SELECT 'pg_type'::regclass, c.reltype, 0, r.id, r.schema_id, NULL
              FROM rel r JOIN pg_class c ON c.oid = r.oid WHERE r.relkind IN ('r', 'p', 'v', 'm')
    -- an array type is its element type
    UNION ALL SELECT 'pg_type'::regclass, t.typarray, 0, typ.id, typ.schema_id, NULL
              FROM typ JOIN pg_type t ON t.oid = typ.oid WHERE t.typarray <> 0
    UNION ALL SELECT 'pg_type'::regclass, t.typarray, 0, r.id, r.schema_id, NULL
              FROM rel r JOIN pg_class c ON c.oid = r.oid JOIN pg_type t ON t.oid = c.reltype
              WHERE r.relkind IN ('r', 'p', 'v', 'm') AND t.typarray <> 0
    UNION ALL SELECT 'pg_constraint'::regclass, oid, 0, id, schema_id, table_id FROM con
    UNION ALL SELECT 'pg_constraint'::regclass, c.oid, 0, t.id, t.schema_id, NULL
              FROM typ t JOIN pg_constraint c ON c.contypid = t.oid WHERE t.typtype = 'd'
    UNION ALL SELECT 'pg_proc'::regclass, oid, 0, id, schema_id, NULL FROM fn
    UNION ALL SELECT 'pg_trigger'::regclass, oid, 0, id, schema_id, table_id FROM trg
    UNION ALL SELECT 'pg_policy'::regclass, oid, 0, id, schema_id, table_id FROM pol
    -- a view's deps are its _RETURN rule's
    UNION ALL SELECT 'pg_rewrite'::regclass, w.oid, 0, r.id, r.schema_id, NULL
              FROM rel r JOIN pg_rewrite w ON w.ev_class = r.oid AND w.rulename = '_RETURN'
              WHERE r.relkind IN ('v', 'm')
    -- a column's deps include its default's
    UNION ALL SELECT 'pg_attrdef'::regclass, d.oid, 0, c.id, c.schema_id, c.table_id
              FROM col c JOIN pg_attrdef d ON d.adrelid = c.attrelid AND d.adnum = c.attnum
),
-- A reference to an object of an extension (a type, a function) is a reference to the extension.
extmap (classid, objid, id) AS (
    SELECT e.classid, e.objid, x.id
    FROM pg_depend e JOIN ext x ON x.oid = e.refobjid
    WHERE e.refclassid = 'pg_extension'::regclass AND e.deptype = 'e'
    UNION ALL
    SELECT 'pg_type'::regclass, t.typarray, x.id
    FROM pg_depend e JOIN ext x ON x.oid = e.refobjid JOIN pg_type t ON t.oid = e.objid
    WHERE e.refclassid = 'pg_extension'::regclass AND e.deptype = 'e'
      AND e.classid = 'pg_type'::regclass AND t.typarray <> 0
),
dep AS (
    SELECT DISTINCT d.src, d.ref
    FROM (SELECT s.id AS src, r.id AS ref, s.schema_id, s.owner_id, d.deptype, d.classid
          FROM pg_depend d
          JOIN idmap s ON s.classid = d.classid AND s.objid = d.objid AND s.subid = d.objsubid
          JOIN idmap r ON r.classid = d.refclassid AND r.objid = d.refobjid AND r.subid = d.refobjsubid
          WHERE d.deptype IN ('n', 'a')
          UNION ALL
          SELECT s.id, x.id, s.schema_id, s.owner_id, d.deptype, d.classid
          FROM pg_depend d
          JOIN idmap s ON s.classid = d.classid AND s.objid = d.objid AND s.subid = d.objsubid
          JOIN extmap x ON x.classid = d.refclassid AND x.objid = d.refobjid
          WHERE d.deptype IN ('n', 'a')) AS d
    WHERE d.ref <> d.src
      AND d.ref IS DISTINCT FROM d.schema_id
      AND d.ref IS DISTINCT FROM d.owner_id
      -- a sequence's automatic dependency is OWNED BY, reported as owned_by
      AND NOT (d.deptype = 'a' AND d.classid = 'pg_class'::regclass AND d.src LIKE 'sequence:%')
),
deps AS (
    SELECT src AS id, jsonb_agg(ref ORDER BY ref COLLATE "C") AS deps FROM dep GROUP BY src
),
descr AS (
    SELECT classoid, objoid, objsubid, description FROM pg_description
),
-- A sequence's settings.
seqinfo AS (
    SELECT s.seqrelid, format_type(s.seqtypid, NULL) AS data_type,
           jsonb_build_object('start', s.seqstart, 'increment', s.seqincrement, 'min', s.seqmin,
                              'max', s.seqmax, 'cache', s.seqcache, 'cycle', s.seqcycle) AS settings
    FROM pg_sequence s
),
-- OWNED BY: a sequence's automatic dependency on a column.
owned AS MATERIALIZED (
    SELECT d.objid AS seqrelid, c.id
    FROM pg_depend d JOIN col c ON c.attrelid = d.refobjid AND c.attnum = d.refobjsubid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
      AND d.refobjsubid > 0 AND d.deptype = 'a'
),
identseq AS MATERIALIZED (
    SELECT d.refobjid AS attrelid, d.refobjsubid AS attnum,
           jsonb_build_object('qname', quote_ident(n.nspname) || '.' || quote_ident(c.relname))
           || s.settings AS seq
    FROM pg_depend d
    JOIN pg_class c ON c.oid = d.objid AND c.relkind = 'S'
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN seqinfo s ON s.seqrelid = c.oid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i'
),
-- Privileges: the effective ACL (NULL is the kind's default, acldefault) of schemas, relations,
-- columns and functions, one "grantee:PRIVILEGE" item per privilege ("*" with GRANT OPTION,
-- PUBLIC for everyone), the owner's own entries left out (they are implicit and follow the owner).
aclsrc (classoid, objoid, subid, acl, owner) AS (
    SELECT 'pg_namespace'::regclass, n.oid, 0, coalesce(n.nspacl, acldefault('n'::"char", n.nspowner)), n.nspowner
    FROM pg_namespace n JOIN nsp ON nsp.oid = n.oid
    UNION ALL
    SELECT 'pg_class'::regclass, c.oid, 0,
           coalesce(c.relacl, acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner)), c.relowner
    FROM pg_class c JOIN rel r ON r.oid = c.oid WHERE r.relkind IN ('r', 'p', 'v', 'm', 'S')
    UNION ALL
    SELECT 'pg_class'::regclass, a.attrelid, a.attnum, a.attacl, c.relowner
    FROM col JOIN pg_attribute a ON a.attrelid = col.attrelid AND a.attnum = col.attnum
    JOIN pg_class c ON c.oid = a.attrelid
    WHERE a.attacl IS NOT NULL
    UNION ALL
    SELECT 'pg_proc'::regclass, p.oid, 0, coalesce(p.proacl, acldefault('f'::"char", p.proowner)), p.proowner
    FROM pg_proc p JOIN fn ON fn.oid = p.oid
),
acls AS (
    SELECT i.classoid, i.objoid, i.subid, jsonb_agg(i.item ORDER BY i.item COLLATE "C") AS acl
    FROM (SELECT s.classoid, s.objoid, s.subid,
                 CASE x.grantee WHEN 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END
                 || ':' || x.privilege_type || CASE WHEN bool_or(x.is_grantable) THEN '*' ELSE '' END AS item
          FROM aclsrc s CROSS JOIN LATERAL aclexplode(s.acl) AS x
          WHERE x.grantee <> s.owner
          GROUP BY s.classoid, s.objoid, s.subid, x.grantee, x.privilege_type) AS i
    GROUP BY i.classoid, i.objoid, i.subid
),
columns AS (
    SELECT c.attrelid,
           jsonb_agg(jsonb_build_object(
               'name', quote_ident(c.attname),
               'id', c.id,
               'type', format_type(c.atttypid, c.atttypmod),
               'not_null', c.attnotnull,
               'default', CASE WHEN c.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
               'identity', c.attidentity::text,
               'identity_sequence', CASE WHEN c.attidentity <> '' THEN i.seq END,
               'generated', c.attgenerated::text,
               'generation_expr', CASE WHEN c.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
               'collation', CASE WHEN c.attcollation <> t.typcollation
                                 THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               'comment', ds.description,
               'inherited', NOT c.attislocal,
               'inherit_count', c.attinhcount,
               'acl', coalesce(ac.acl, '[]'::jsonb),
               'deps', coalesce(dp.deps, '[]'::jsonb))
               ORDER BY c.attnum) AS columns
    FROM col c
    JOIN pg_type t ON t.oid = c.atttypid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = c.attrelid AND ad.adnum = c.attnum
    LEFT JOIN identseq i ON i.attrelid = c.attrelid AND i.attnum = c.attnum
    LEFT JOIN pg_collation co ON co.oid = c.attcollation AND c.attcollation <> t.typcollation
    LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
    LEFT JOIN descr ds ON ds.classoid = 'pg_class'::regclass AND ds.objoid = c.attrelid
                      AND ds.objsubid = c.attnum
    LEFT JOIN deps dp ON dp.id = c.id
    LEFT JOIN acls ac ON ac.classoid = 'pg_class'::regclass AND ac.objoid = c.attrelid AND ac.subid = c.attnum
    GROUP BY c.attrelid
),
-- One row per object: its id, its fields but comment and deps, and its comment's key.
obj (id, fields, classoid, objoid) AS (
    SELECT id, jsonb_build_object('kind', 'schema', 'name', name), 'pg_namespace'::regclass, oid
    FROM nsp
    UNION ALL
    SELECT id, jsonb_build_object('kind', 'extension', 'name', name, 'schema', schema, 'version', extversion,
                                  -- the versions ALTER EXTENSION ... UPDATE TO can reach from this one
                                  'update_targets', (SELECT coalesce(jsonb_agg(u.target ORDER BY u.target COLLATE "C"),
                                                                     '[]')
                                                     FROM pg_extension_update_paths(extname) AS u
                                                     WHERE u.source = extversion AND u.path IS NOT NULL)),
           'pg_extension'::regclass, oid
    FROM ext
    UNION ALL
    SELECT k.id,
           jsonb_build_object('kind', 'collation', 'schema', k.schema, 'name', k.name, 'qname', k.qname,
                              'def', format('CREATE COLLATION %s (provider = %s, %s%s)', k.qname,
                                            CASE c.collprovider WHEN 'i' THEN 'icu' ELSE 'libc' END,
                                            CASE WHEN c.collprovider = 'i'
                                                 THEN 'locale = ' || quote_literal(c.colliculocale)
                                                 ELSE 'lc_collate = ' || quote_literal(c.collcollate)
                                                      || ', lc_ctype = ' || quote_literal(c.collctype) END,
                                            CASE WHEN NOT c.collisdeterministic THEN ', deterministic = false' END)),
           'pg_collation'::regclass, k.oid
    FROM coll k JOIN pg_collation c ON c.oid = k.oid
    UNION ALL
    SELECT t.id,
           jsonb_build_object('kind', 'enum', 'schema', t.schema, 'name', t.name, 'qname', t.qname,
                              'labels', (SELECT coalesce(jsonb_agg(e.enumlabel ORDER BY e.enumsortorder), '[]')
                                         FROM pg_enum e WHERE e.enumtypid = t.oid)),
           'pg_type'::regclass, t.oid
    FROM typ t WHERE t.typtype = 'e'
    UNION ALL
    SELECT t.id,
           jsonb_build_object('kind', 'domain', 'schema', t.schema, 'name', t.name, 'qname', t.qname,
                              'base_type', format_type(d.typbasetype, d.typtypmod),
                              'not_null', d.typnotnull,
                              'default', pg_get_expr(d.typdefaultbin, 0),
                              'collation', CASE WHEN d.typcollation <> b.typcollation
                                                THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
                              'constraints', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                                  'name', quote_ident(k.conname),
                                                  'def', pg_get_constraintdef(k.oid))
                                                  ORDER BY quote_ident(k.conname) COLLATE "C"), '[]')
                                              FROM pg_constraint k WHERE k.contypid = t.oid)),
           'pg_type'::regclass, t.oid
    FROM typ t
    JOIN pg_type d ON d.oid = t.oid
    JOIN pg_type b ON b.oid = d.typbasetype
    LEFT JOIN pg_collation co ON co.oid = d.typcollation AND d.typcollation <> b.typcollation
    LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
    WHERE t.typtype = 'd'
    UNION ALL
    SELECT t.id,
           jsonb_build_object('kind', 'composite', 'schema', t.schema, 'name', t.name, 'qname', t.qname,
                              'attributes', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                                 'name', quote_ident(a.attname),
                                                 'type', format_type(a.atttypid, a.atttypmod),
                                                 'collation', CASE WHEN a.attcollation <> at.typcollation
                                                                   THEN quote_ident(cn.nspname) || '.'
                                                                        || quote_ident(co.collname) END)
                                                 ORDER BY a.attnum), '[]')
                                             FROM pg_attribute a
                                             JOIN pg_type at ON at.oid = a.atttypid
                                             LEFT JOIN pg_collation co ON co.oid = a.attcollation
                                             LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
                                             WHERE a.attrelid = t.typrelid AND a.attnum > 0
                                               AND NOT a.attisdropped)),
           'pg_type'::regclass, t.oid
    FROM typ t WHERE t.typtype = 'c'
    UNION ALL
    SELECT r.id,
           jsonb_build_object('kind', 'sequence', 'schema', r.schema, 'name', r.name, 'qname', r.qname,
                              'data_type', s.data_type, 'owned_by', o.id) || s.settings,
           'pg_class'::regclass, r.oid
    FROM rel r
    JOIN seqinfo s ON s.seqrelid = r.oid
    LEFT JOIN owned o ON o.seqrelid = r.oid
    WHERE r.relkind = 'S'
    UNION ALL
    SELECT t.id,
           jsonb_build_object('kind', 'table', 'schema', t.schema, 'name', t.name, 'qname', t.qname,
                              'persistence', c.relpersistence::text,
                              'partition_key', CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                              'partition_of', pt.id,
                              'inherits', (SELECT coalesce(jsonb_agg(ip.id ORDER BY ih.inhseqno), '[]')
                                           FROM pg_inherits ih JOIN tab ip ON ip.oid = ih.inhparent
                                           WHERE ih.inhrelid = t.oid AND NOT c.relispartition),
                              'partition_bound', pg_get_expr(c.relpartbound, c.oid),
                              'options', (SELECT coalesce(jsonb_agg(o ORDER BY o COLLATE "C"), '[]')
                                          FROM (SELECT unnest(c.reloptions)
                                                UNION ALL SELECT 'toast.' || unnest(tc.reloptions)) AS u(o)),
                              'rls_enabled', c.relrowsecurity,
                              'rls_forced', c.relforcerowsecurity,
                              'columns', coalesce(cl.columns, '[]')),
           'pg_class'::regclass, t.oid
    FROM tab t
    JOIN pg_class c ON c.oid = t.oid
    LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
    LEFT JOIN columns cl ON cl.attrelid = t.oid
    LEFT JOIN pg_inherits h ON c.relispartition AND h.inhrelid = t.oid
    LEFT JOIN tab pt ON pt.oid = h.inhparent
    UNION ALL
    SELECT k.id,
           jsonb_build_object('kind', 'constraint', 'schema', k.schema, 'name', k.name, 'table', k.table_id,
                              'type', k.contype::text, 'def', pg_get_constraintdef(k.oid)),
           'pg_constraint'::regclass, k.oid
    FROM con k
    UNION ALL
    SELECT i.id,
           jsonb_build_object('kind', 'index', 'schema', i.schema, 'name', i.name, 'qname', i.qname,
                              'table', i.table_id, 'def', pg_get_indexdef(i.oid), 'valid', x.indisvalid),
           'pg_class'::regclass, i.oid
    FROM idx i JOIN pg_index x ON x.indexrelid = i.oid WHERE i.conid IS NULL
    UNION ALL
    SELECT r.id,
           jsonb_build_object('kind', CASE r.relkind WHEN 'v' THEN 'view' ELSE 'matview' END,
                              'schema', r.schema, 'name', r.name, 'qname', r.qname,
                              'def', rtrim(btrim(pg_get_viewdef(r.oid, true), E' \t\r\n'), ';'),
                              'options', (SELECT coalesce(jsonb_agg(o ORDER BY o COLLATE "C"), '[]')
                                          FROM (SELECT unnest(c.reloptions)
                                                UNION ALL SELECT 'toast.' || unnest(tc.reloptions)) AS u(o)),
                              'column_comments', (SELECT coalesce(jsonb_object_agg(quote_ident(a.attname),
                                                                                   ds.description), '{}')
                                                  FROM pg_description ds
                                                  JOIN pg_attribute a ON a.attrelid = ds.objoid
                                                                     AND a.attnum = ds.objsubid
                                                  WHERE ds.classoid = 'pg_class'::regclass
                                                    AND ds.objoid = r.oid AND ds.objsubid > 0)),
           'pg_class'::regclass, r.oid
    FROM rel r JOIN pg_class c ON c.oid = r.oid
    LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
    WHERE r.relkind IN ('v', 'm')
    UNION ALL
    SELECT f.id,
           jsonb_build_object('kind', CASE f.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                              'schema', f.schema, 'name', f.name, 'qname', f.qname,
                              'identity_args', pg_get_function_identity_arguments(f.oid),
                              'arguments', pg_get_function_arguments(f.oid),
                              'result', CASE WHEN f.prokind <> 'p' THEN pg_get_function_result(f.oid) END,
                              'def', rtrim(pg_get_functiondef(f.oid), E'\n')),
           'pg_proc'::regclass, f.oid
    FROM fn f
    WHERE f.prokind <> 'a'
    UNION ALL
    -- Aggregates (plain ones; not ordered-set): PostgreSQL has no deparser for them, so the
    -- CREATE AGGREGATE is built here from pg_aggregate, names qualified as regproc prints them.
    SELECT f.id,
           jsonb_build_object('kind', 'aggregate', 'schema', f.schema, 'name', f.name, 'qname', f.qname,
                              'identity_args', pg_get_function_identity_arguments(f.oid),
                              'arguments', pg_get_function_arguments(f.oid),
                              'result', pg_get_function_result(f.oid),
                              'def', format('CREATE AGGREGATE %s(%s) (SFUNC = %s, STYPE = %s%s%s%s%s%s%s%s%s%s)',
                                  f.qname, pg_get_function_identity_arguments(f.oid),
                                  a.aggtransfn::regproc, format_type(a.aggtranstype, NULL),
                                  CASE WHEN a.aggtransspace <> 0 THEN ', SSPACE = ' || a.aggtransspace END,
                                  CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC = ' || a.aggfinalfn::regproc END,
                                  CASE WHEN a.aggfinalextra THEN ', FINALFUNC_EXTRA' END,
                                  CASE WHEN a.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || a.aggcombinefn::regproc END,
                                  CASE WHEN a.aggserialfn <> 0 THEN ', SERIALFUNC = ' || a.aggserialfn::regproc
                                       || ', DESERIALFUNC = ' || a.aggdeserialfn::regproc END,
                                  CASE WHEN a.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(a.agginitval) END,
                                  CASE WHEN a.aggmtransfn <> 0 THEN ', MSFUNC = ' || a.aggmtransfn::regproc
                                       || ', MINVFUNC = ' || a.aggminvtransfn::regproc
                                       || ', MSTYPE = ' || format_type(a.aggmtranstype, NULL)
                                       || CASE WHEN a.aggmfinalfn <> 0 THEN ', MFINALFUNC = ' || a.aggmfinalfn::regproc ELSE '' END
                                       || CASE WHEN a.aggminitval IS NOT NULL THEN ', MINITCOND = ' || quote_literal(a.aggminitval) ELSE '' END END,
                                  CASE WHEN a.aggsortop <> 0 THEN ', SORTOP = OPERATOR(' || quote_ident(o.nspname) || '.' || op.oprname || ')' END,
                                  CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE'
                                                     WHEN 'r' THEN ', PARALLEL = RESTRICTED' END)),
           'pg_proc'::regclass, f.oid
    FROM fn f
    JOIN pg_proc p ON p.oid = f.oid
    JOIN pg_aggregate a ON a.aggfnoid = f.oid
    LEFT JOIN pg_operator op ON op.oid = a.aggsortop
    LEFT JOIN pg_namespace o ON o.oid = op.oprnamespace
    WHERE f.prokind = 'a'
    UNION ALL
    SELECT g.id,
           jsonb_build_object('kind', 'trigger', 'schema', g.schema, 'name', g.name, 'table', g.table_id,
                              'def', pg_get_triggerdef(g.oid, false), 'enabled', t.tgenabled::text),
           'pg_trigger'::regclass, g.oid
    FROM trg g JOIN pg_trigger t ON t.oid = g.oid
    UNION ALL
    SELECT p.id,
           jsonb_build_object('kind', 'policy', 'schema', p.schema, 'name', p.name, 'table', p.table_id,
                              'permissive', y.polpermissive,
                              'command', CASE y.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'
                                                       WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE'
                                                       ELSE 'ALL' END,
                              'roles', CASE WHEN y.polroles = '{0}' THEN '["public"]'::jsonb
                                            ELSE (SELECT jsonb_agg(quote_ident(a.rolname)
                                                                   ORDER BY quote_ident(a.rolname) COLLATE "C")
                                                  FROM pg_roles a WHERE a.oid = ANY (y.polroles)) END,
                              'using', pg_get_expr(y.polqual, y.polrelid),
                              'with_check', pg_get_expr(y.polwithcheck, y.polrelid)),
           'pg_policy'::regclass, p.oid
    FROM pol p JOIN pg_policy y ON y.oid = p.oid
)
-- The document as text, byte for byte migrate_snapshot()::text: each object is built as jsonb
-- (so its keys are ordered and its strings escaped as jsonb prints them) and printed alone, and
-- the array around them is written as jsonb prints it, instead of aggregating one large jsonb.
SELECT '{"format": 1, "objects": ['
       || coalesce(string_agg((o.fields || jsonb_build_object('id', o.id, 'comment', ds.description,
                                                               'deps', coalesce(dp.deps, '[]'::jsonb))
                               || CASE WHEN o.classoid IN ('pg_namespace'::regclass, 'pg_proc'::regclass)
                                            OR o.classoid = 'pg_class'::regclass
                                               AND o.fields->>'kind' IN ('table', 'view', 'matview', 'sequence')
                                       THEN jsonb_build_object('acl', coalesce(ac.acl, '[]'::jsonb))
                                       ELSE '{}'::jsonb END)::text,
                              ', ' ORDER BY o.id COLLATE "C"), '')
       || ']}'
FROM obj o
LEFT JOIN descr ds ON ds.classoid = o.classoid AND ds.objoid = o.objoid AND ds.objsubid = 0
LEFT JOIN deps dp ON dp.id = o.id
LEFT JOIN acls ac ON ac.classoid = o.classoid AND ac.objoid = o.objoid AND ac.subid = 0
$$;

COMMENT ON FUNCTION @extschema@.migrate_snapshot_text() IS
'migrate_snapshot() as text, byte for byte migrate_snapshot()::text, computed without building one jsonb document (faster on large schemas); what pgmig reads';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_snapshot_text() FROM PUBLIC;
-- [/snapshot]
-- [plan] the stored planning graph and the plan without its SQL (docs/planning.md): migrate_upload
-- keeps the catalog's revision graph, encoded, in the folder state's row, which the trigger
-- folder_state_forget deletes on any other write of pg_migrate.revision; planning reads that
-- one value instead of the table while it is there.  Stored uncompressed: it is read whole by
-- every planning call, and decompressing costs more than reading the larger value.
ALTER TABLE pg_migrate.folder_state ADD COLUMN graph bytea;
ALTER TABLE pg_migrate.folder_state ALTER COLUMN graph SET STORAGE EXTERNAL;

COMMENT ON COLUMN pg_migrate.folder_state.graph IS
'the revision graph of the stored folder in the library''s binary format (RevisionGraph::Encode), read by planning instead of pg_migrate.revision; NULL when written before 0.8.0';

CREATE FUNCTION @extschema@.migrate_plan(direction text, target text, with_sql boolean)
RETURNS TABLE (step integer, revision text, direction text, description text, sql text)
LANGUAGE C STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_plan';

COMMENT ON FUNCTION @extschema@.migrate_plan(text, text, boolean) IS
'migrate_plan(direction, target), with with_sql false: the steps alone, the sql column NULL, no stored file read or checked';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_plan(text, text, boolean) FROM PUBLIC;

-- 0.9.0 (issue 11, speed); objects below are also in pg_migrate--0.8.0--0.9.0.sql.

-- [speed] the event trigger functions have no SET clause: they set search_path themselves around
-- the work they do outside migrations (ddl_guard.cpp, PushSafeSearchPath), not on every DDL
-- statement of a migration, where they return at once.  (In this script their CREATE FUNCTION
-- statements above have no SET clause; the update script resets it.)

-- [speed] pgmig current in one call: the lines of a folder the database stored, at its heads
CREATE FUNCTION @extschema@.migrate_current_stored(folder_digest text)
RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
SELECT s.current_lines
FROM pg_migrate.folder_state s
WHERE s.digest OPERATOR(pg_catalog.=) folder_digest
  AND s.heads OPERATOR(pg_catalog.=)
      (SELECT COALESCE(pg_catalog.array_agg(revision ORDER BY revision COLLATE "C"), '{}') FROM pg_migrate.version)
$$;

COMMENT ON FUNCTION @extschema@.migrate_current_stored(text) IS
'migrate_current_lines() when the stored folder state also holds this folder digest: what pgmig current prints for a folder the database stored, at its heads, in one call (migrate_nothing_to_do(digest, ''upgrade'', ''heads'') and migrate_current_lines() together); NULL otherwise';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_current_stored(text) FROM PUBLIC;

-- 0.10.0 (issue 11, speed); objects below are also in pg_migrate--0.9.0--0.10.0.sql.
-- [speed] pgmig current and the no-op in one statement that reads one table (docs/benchmarks.md,
-- 0.10.0).  On a new session every relation a statement touches, and every operator class it
-- compares with, is read into the backend's caches first (milliseconds each): the stored folder
-- state now says whether the version table holds exactly the folder's heads (at_heads) or nothing
-- (at_base), kept by two triggers, so that pg_migrate.stored_state reads pg_migrate.folder_state
-- alone and compares nothing but text; and it lives in the catalog schema, whose name pgmig
-- knows without looking the extension up.
ALTER TABLE pg_migrate.folder_state ADD COLUMN at_heads boolean, ADD COLUMN at_base boolean;

COMMENT ON COLUMN pg_migrate.folder_state.at_heads IS
'whether pg_migrate.version holds exactly the folder''s heads (heads), kept by the triggers folder_state_version (on an insert here) and version_heads_keep (on any write of pg_migrate.version); read by pg_migrate.stored_state';

COMMENT ON COLUMN pg_migrate.folder_state.at_base IS
'whether pg_migrate.version is empty, kept as at_heads is';

UPDATE pg_migrate.folder_state s
SET at_heads = s.heads OPERATOR(pg_catalog.=) v.heads, at_base = pg_catalog.cardinality(v.heads) OPERATOR(pg_catalog.=) 0
FROM (SELECT COALESCE(pg_catalog.array_agg(revision ORDER BY revision COLLATE "C"), '{}') AS heads
      FROM pg_migrate.version) v;

CREATE FUNCTION pg_migrate.folder_state_version()
RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    version_heads text[] := (SELECT COALESCE(pg_catalog.array_agg(revision ORDER BY revision COLLATE "C"), '{}')
                             FROM pg_migrate.version);
BEGIN
    NEW.at_heads := NEW.heads OPERATOR(pg_catalog.=) version_heads;
    NEW.at_base := pg_catalog.cardinality(version_heads) OPERATOR(pg_catalog.=) 0;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION pg_migrate.folder_state_version() IS
'row trigger of pg_migrate.folder_state: a new row gets at_heads and at_base from the version table';

REVOKE EXECUTE ON FUNCTION pg_migrate.folder_state_version() FROM PUBLIC;

CREATE TRIGGER folder_state_version
BEFORE INSERT ON pg_migrate.folder_state
FOR EACH ROW
EXECUTE FUNCTION pg_migrate.folder_state_version();

CREATE FUNCTION pg_migrate.version_heads_keep()
RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE pg_migrate.folder_state s
    SET at_heads = s.heads OPERATOR(pg_catalog.=) v.heads,
        at_base = pg_catalog.cardinality(v.heads) OPERATOR(pg_catalog.=) 0
    FROM (SELECT COALESCE(pg_catalog.array_agg(revision ORDER BY revision COLLATE "C"), '{}') AS heads
          FROM pg_migrate.version) v;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION pg_migrate.version_heads_keep() IS
'statement trigger of pg_migrate.version: any write sets pg_migrate.folder_state''s at_heads and at_base again';

REVOKE EXECUTE ON FUNCTION pg_migrate.version_heads_keep() FROM PUBLIC;

CREATE TRIGGER version_heads_keep
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pg_migrate.version
FOR EACH STATEMENT
EXECUTE FUNCTION pg_migrate.version_heads_keep();

-- No row without a stored folder state (pgmig then asks the extension as before).  The
-- extension's version is a literal: reading pg_extension would cost the relation this function
-- exists to avoid.  Every later update script replaces the function with its version
-- (extension_update compares an updated extension with a fresh one, function bodies included;
-- scripts/check-version.sh checks the literal).
CREATE FUNCTION pg_migrate.stored_state(folder_digest text, direction text, target text)
RETURNS TABLE (extversion text, nothing_to_do boolean, current_lines text[])
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
SELECT '0.10.1'::text,
       CASE
           WHEN folder_digest IS NULL OR s.digest OPERATOR(pg_catalog.<>) folder_digest THEN false
           WHEN direction OPERATOR(pg_catalog.=) 'upgrade' AND target OPERATOR(pg_catalog.=) 'heads'
               THEN s.at_heads
           WHEN direction OPERATOR(pg_catalog.=) 'upgrade' AND target OPERATOR(pg_catalog.=) 'head'
                AND s.head_count OPERATOR(pg_catalog.=) 1
               THEN s.at_heads
           WHEN direction OPERATOR(pg_catalog.=) 'downgrade' AND target OPERATOR(pg_catalog.=) 'base'
               THEN s.at_base
           ELSE NULL
       END,
       CASE WHEN s.digest OPERATOR(pg_catalog.=) folder_digest AND s.at_heads THEN s.current_lines END
FROM pg_migrate.folder_state s
$$;

COMMENT ON FUNCTION pg_migrate.stored_state(text, text, text) IS
'what pgmig asks first, from pg_migrate.folder_state alone: the extension''s version, migrate_nothing_to_do(folder_digest, direction, target) and migrate_current_stored(folder_digest); no row when no folder state is stored';

-- Open to PUBLIC, like migrate_version (a role also needs USAGE on the schema pg_migrate): without
-- the digest of the folder, which only its holder can compute, it tells the version alone.  So a
-- deploy role granted before 0.10.0 gets the fast path without a new grant.

-- 0.10.1 (issue 11, the run's memory); the change below is also in pg_migrate--0.10.0--0.10.1.sql.
-- The library holds a run's steps in a window of files at a time (pg_migrate.step_window) and
-- gives the run's memory back before the commit; in SQL only pg_migrate.stored_state's first
-- column, the extension's version, changed (above).
