/* pg_migrate--0.7.0--0.8.0.sql: update script from pg_migrate 0.7.0 to 0.8.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.8.0'" to load this file. \quit

-- 0.8.0 (issue 11, speed); every object added here is also added to pg_migrate--0.8.0.sql.

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
