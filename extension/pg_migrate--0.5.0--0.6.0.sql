/* pg_migrate--0.5.0--0.6.0.sql: update script from pg_migrate 0.5.0 to 0.6.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.6.0'" to load this file. \quit

-- [snapshot] copy-on-write schema snapshot: a run stores a pending row (snapshot NULL) with a
-- catalog fingerprint; the first DDL outside a migration materialises it before it runs.
ALTER TABLE pg_migrate.schema_snapshot ALTER COLUMN snapshot DROP NOT NULL;
ALTER TABLE pg_migrate.schema_snapshot ADD COLUMN fingerprint text;

COMMENT ON TABLE pg_migrate.schema_snapshot IS 'the schema after the last migration run that applied a step (or the last migrate_drift_clear), with the heads it left; the newest row (by taken_at, a materialised one first) counts, older rows are leftovers of a race and are deleted by the next run; pgmig drift compares the live schema with it';
COMMENT ON COLUMN pg_migrate.schema_snapshot.snapshot IS 'migrate_snapshot() of that schema; NULL while pending: the run stored only the fingerprint, and the event trigger pg_migrate_guard stores the snapshot before the first DDL outside a migration';
COMMENT ON COLUMN pg_migrate.schema_snapshot.fingerprint IS 'migrate_schema_fingerprint() of that schema: while it matches the live one, the schema has not changed';

CREATE FUNCTION @extschema@.migrate_schema_fingerprint()
RETURNS text
LANGUAGE sql STABLE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
WITH
-- Temporary relations, their row types and the temporary schemas come and go with sessions: left out.
tmp AS (
    SELECT coalesce((SELECT pg_catalog.array_agg(c.oid) FROM pg_catalog.pg_class c
                     WHERE c.relpersistence OPERATOR(pg_catalog.=) 't'), '{}')
           OPERATOR(pg_catalog.||)
           coalesce((SELECT pg_catalog.array_agg(c.reltype) FROM pg_catalog.pg_class c
                     WHERE c.relpersistence OPERATOR(pg_catalog.=) 't' AND c.reltype OPERATOR(pg_catalog.<>) 0), '{}')
           AS oids,
           coalesce((SELECT pg_catalog.array_agg(n.oid) FROM pg_catalog.pg_namespace n
                     WHERE n.nspname OPERATOR(pg_catalog.~) '^pg_(toast_)?temp_'), '{}') AS nsps
),
-- Per catalog: rows, XOR of their hashed ctids, sum and count of the ages of their (normal) xmins.
part (n, h, a, m) AS (
    -- pg_class: the columns DDL sets, not those TRUNCATE, VACUUM FULL, CLUSTER, REINDEX or
    -- ANALYZE change (relfilenode, statistics), so those are not mistaken for schema changes
    SELECT pg_catalog.count(*),
           pg_catalog.bit_xor(pg_catalog.hash_record(ROW(c.oid, c.relname, c.relnamespace, c.reltype, c.relowner,
                                                         c.relkind, c.relnatts, c.relchecks, c.relhasrules,
                                                         c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity,
                                                         c.relispartition, c.relreplident, c.reltoastrelid, c.relam,
                                                         c.reltablespace))
                              OPERATOR(pg_catalog.#)
                              pg_catalog.hashtext(coalesce(c.relacl::pg_catalog.text, '') OPERATOR(pg_catalog.||) ' '
                                                  OPERATOR(pg_catalog.||) coalesce(c.reloptions::pg_catalog.text, '')
                                                  OPERATOR(pg_catalog.||) ' '
                                                  OPERATOR(pg_catalog.||) coalesce(c.relpartbound::pg_catalog.text, ''))),
           0::pg_catalog.int8, 0::pg_catalog.int8
    FROM pg_catalog.pg_class c WHERE c.relpersistence OPERATOR(pg_catalog.<>) 't'
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_attribute x
              WHERE NOT x.attrelid OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[])
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_namespace x
              WHERE x.nspname OPERATOR(pg_catalog.!~) '^pg_(toast_)?temp_'
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_constraint x
              WHERE NOT x.conrelid OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[])
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_index x
              WHERE NOT x.indrelid OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[])
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_type x
              WHERE NOT x.typnamespace OPERATOR(pg_catalog.=) ANY ((SELECT nsps FROM tmp)::pg_catalog.oid[])
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_proc x
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_aggregate x
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_trigger x
              WHERE NOT x.tgrelid OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[])
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_policy x
              WHERE NOT x.polrelid OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[])
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_rewrite x
              WHERE NOT x.ev_class OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[])
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_attrdef x
              WHERE NOT x.adrelid OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[])
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_inherits x
              WHERE NOT x.inhrelid OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[])
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_sequence x
              WHERE NOT x.seqrelid OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[])
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_depend x
              WHERE NOT (x.objid OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[])
                         OR x.refobjid OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[]))
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_description x
              WHERE NOT x.objoid OPERATOR(pg_catalog.=) ANY ((SELECT oids FROM tmp)::pg_catalog.oid[])
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_extension x
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_collation x
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_enum x
    UNION ALL SELECT pg_catalog.count(*), pg_catalog.bit_xor(pg_catalog.hashtid(x.ctid)),
                     pg_catalog.sum(NULLIF(pg_catalog.age(x.xmin), 2147483647)),
                     pg_catalog.count(NULLIF(pg_catalog.age(x.xmin), 2147483647))
              FROM pg_catalog.pg_operator x
)
-- age(xmin) is (latest xid - xmin) modulo 2^32, so the sum of the xmins is recovered modulo 2^32
-- from the sum of the ages and the latest xid (age('3'::xid) + 3), whatever the transaction.
SELECT pg_catalog.sum(p.n) OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) pg_catalog.bit_xor(p.h)
       OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||)
       (((pg_catalog.sum(p.m)::pg_catalog.numeric OPERATOR(pg_catalog.*) (pg_catalog.age('3'::pg_catalog.xid) OPERATOR(pg_catalog.+) 3)
          OPERATOR(pg_catalog.-) pg_catalog.sum(p.a)) OPERATOR(pg_catalog.%) 4294967296 OPERATOR(pg_catalog.+) 4294967296)
        OPERATOR(pg_catalog.%) 4294967296)
FROM part p
$$;

COMMENT ON FUNCTION @extschema@.migrate_schema_fingerprint() IS
'a cheap fingerprint of the catalogs migrate_snapshot() reads (row count, XOR of row positions, sum of row versions; temporary objects left out): equal while no DDL changed the schema; TRUNCATE, VACUUM and ANALYZE keep it, VACUUM FULL of a catalog changes it';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_schema_fingerprint() FROM PUBLIC;
