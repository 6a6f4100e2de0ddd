/* pg_migrate--0.9.0--0.10.0.sql: update script from pg_migrate 0.9.0 to 0.10.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.10.0'" to load this file. \quit

-- 0.10.0 (issue 11, speed); every object added here is also added to pg_migrate--0.10.0.sql.
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
SELECT '0.10.0'::text,
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
