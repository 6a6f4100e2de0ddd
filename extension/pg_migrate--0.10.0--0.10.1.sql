/* pg_migrate--0.10.0--0.10.1.sql: update script from pg_migrate 0.10.0 to 0.10.1 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.10.1'" to load this file. \quit

-- 0.10.1 (issue 11, the run's memory); every change here is also in pg_migrate--0.10.1.sql.
-- The library holds a run's steps in a window of files at a time (pg_migrate.step_window) and
-- gives the run's memory back before the commit (docs/design.md, "The run's memory (0.10.1)").
-- In SQL only the version that pg_migrate.stored_state reports changes; CREATE OR REPLACE keeps
-- its owner, its comment and its grants.
CREATE OR REPLACE FUNCTION pg_migrate.stored_state(folder_digest text, direction text, target text)
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
