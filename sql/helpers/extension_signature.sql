\set ECHO none
-- sql/helpers/extension_signature.sql: extension_signature(), one row per object of the
-- pg_migrate extension with the md5 of what defines it, so that two databases can be compared
-- (a fresh install against one reached through ALTER EXTENSION UPDATE).  Included like
-- revision.sql; its text is not echoed.
--
-- Objects: every member function (its full definition, privileges and comment), every relation
-- of the catalog schema (kind, privileges, comment, whether pg_dump carries its rows), every
-- column (type, NOT NULL, default, collation, identity, comment), constraint, index and trigger
-- (its definition, enabled; 0.10.0), and
-- the schema itself (privileges, comment), and every member event trigger (event, function, tags,
-- enabled, comment).
CREATE FUNCTION pg_temp.extension_signature() RETURNS TABLE (object text, def text)
LANGUAGE sql AS $$
SELECT o, md5(d) FROM (
    SELECT 'function ' || p.oid::regprocedure::text,
           pg_get_functiondef(p.oid) || ' acl=' || coalesce(p.proacl::text, '')
           || ' comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '')
    FROM pg_proc p
    JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_migrate'
    UNION ALL
    SELECT 'relation ' || c.oid::regclass::text,
           c.relkind::text || ' acl=' || coalesce(c.relacl::text, '')
           || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '')
           || ' config=' || (c.oid = ANY (e.extconfig))::text
    FROM pg_class c CROSS JOIN pg_extension e
    WHERE e.extname = 'pg_migrate' AND c.relnamespace = 'pg_migrate'::regnamespace
    UNION ALL
    SELECT 'column ' || a.attrelid::regclass::text || '.' || a.attname,
           format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull::text
           || ' default=' || coalesce(pg_get_expr(ad.adbin, ad.adrelid), '')
           || ' collation=' || a.attcollation::regcollation::text || ' identity=' || a.attidentity::text
           || ' comment=' || coalesce(col_description(a.attrelid, a.attnum), '')
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    WHERE c.relnamespace = 'pg_migrate'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'pg_migrate'::regnamespace
    UNION ALL
    SELECT 'index ' || i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    WHERE c.relnamespace = 'pg_migrate'::regnamespace
    UNION ALL
    SELECT 'trigger ' || t.tgrelid::regclass::text || '.' || t.tgname,
           pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = 'pg_migrate'::regnamespace AND NOT t.tgisinternal
    UNION ALL
    SELECT 'event trigger ' || quote_ident(t.evtname),
           t.evtevent || ' function=' || t.evtfoid::regprocedure::text || ' enabled=' || t.evtenabled::text
           || ' tags=' || coalesce(t.evttags::text, '') || ' comment=' || coalesce(obj_description(t.oid, 'pg_event_trigger'), '')
    FROM pg_event_trigger t
    JOIN pg_depend d ON d.classid = 'pg_event_trigger'::regclass AND d.objid = t.oid AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_migrate'
    UNION ALL
    SELECT 'schema pg_migrate',
           coalesce(nspacl::text, '') || ' comment=' || coalesce(obj_description(oid, 'pg_namespace'), '')
    FROM pg_namespace WHERE nspname = 'pg_migrate'
) AS s (o, d)
$$;
\set ECHO all
