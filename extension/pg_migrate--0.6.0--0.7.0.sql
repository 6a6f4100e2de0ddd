/* pg_migrate--0.6.0--0.7.0.sql: update script from pg_migrate 0.6.0 to 0.7.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.7.0'" to load this file. \quit

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
