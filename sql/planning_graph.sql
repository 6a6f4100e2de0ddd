-- planning_graph: 0.8.0's stored planning graph (pg_migrate.folder_state.graph).  migrate_upload
-- stores the catalog's revision graph with the folder state; planning (migrate_plan,
-- migrate_upgrade, ...) decodes that one value instead of reading every row of
-- pg_migrate.revision, but only while it is there: any other write of the table deletes the
-- row (the trigger folder_state_forget).  Plans from the stored graph must equal plans from the
-- table, on a branched and merged graph with depends_on and branch labels, for every direction,
-- target and state; a DEBUG line says which source a plan came from.  Also the plan without
-- its SQL, migrate_plan(direction, target, with_sql => false).
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- plan_text(direction, target, with_sql): the plan, one line per step (with a digest of its SQL),
-- or the error's SQLSTATE and message.
CREATE FUNCTION pg_temp.plan_text(direction text, target text, with_sql boolean) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    out text;
BEGIN
    SELECT coalesce(string_agg(p.step || ' ' || p.revision || ' ' || p.direction || ' ' || p.description || ' '
                               || coalesce(md5(p.sql), 'no sql'), E'\n' ORDER BY p.step), '(nothing to do)')
    INTO out FROM migrate_plan(direction, target, with_sql) p;
    RETURN out;
EXCEPTION WHEN others THEN
    RETURN 'error ' || SQLSTATE || ': ' || SQLERRM;
END
$$;

-- all_plans(): plan_text of every direction and target below, at the database's current heads,
-- with and without the steps' SQL (without it, "head" and "heads" are planned over the stored
-- graph read in place, PackedGraph, 0.9.0).
CREATE FUNCTION pg_temp.all_plans() RETURNS TABLE (direction text, target text, plan text) LANGUAGE sql AS $$
SELECT d, t || CASE WHEN w THEN '' ELSE ' without sql' END, pg_temp.plan_text(d, t, w)
FROM unnest(ARRAY[true, false]) w,
     unnest(ARRAY['upgrade', 'downgrade']) d,
     unnest(ARRAY['head', 'heads', 'base', '+1', '+2', '-1', 'pg_b', 'pg_e', 'core@head', 'feat@head',
                  'feat@-1', 'core@+1', 'pg_c@base', 'pg_m', 'pg_z', 'nope', 'pg_']) t
$$;

-- same_plans(): the plans from the stored graph (as found), from the table with the folder
-- state but no graph (as right after ALTER EXTENSION UPDATE from 0.7.0), and from the table
-- without any folder state, compared; the catalog is left as found.
CREATE FUNCTION pg_temp.same_plans() RETURNS TABLE (compared bigint, stored_vs_no_graph bigint, stored_vs_no_state bigint)
LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE stored_plans AS SELECT * FROM pg_temp.all_plans();
    UPDATE pg_migrate.folder_state SET graph = NULL;
    CREATE TEMP TABLE no_graph_plans AS SELECT * FROM pg_temp.all_plans();
    DELETE FROM pg_migrate.folder_state;
    CREATE TEMP TABLE table_plans AS SELECT * FROM pg_temp.all_plans();
    RETURN QUERY
    SELECT count(*),
           count(*) FILTER (WHERE s.plan IS DISTINCT FROM n.plan),
           count(*) FILTER (WHERE s.plan IS DISTINCT FROM t.plan)
    FROM stored_plans s JOIN no_graph_plans n USING (direction, target) JOIN table_plans t USING (direction, target);
    DROP TABLE stored_plans, no_graph_plans, table_plans;
    -- undone by the caller's ROLLBACK TO SAVEPOINT
END
$$;

-- A branched and merged graph: pg_a -> pg_b (label core) -> {pg_c, pg_d} -> pg_e (merge, depends on
-- the feat branch by its label); pg_f (label feat) -> pg_g; pg_h depends on pg_c by a prefix; pg_m
-- merges pg_e and pg_h; pg_d is irreversible; file names do not follow the lineage.
DELETE FROM pg_migrate.folder_state;
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql', '4_d.sql', '5_e.sql', '0_f.sql', '7_g.sql', '8_h.sql', '9_m.sql'],
    ARRAY[pg_temp.rev('pg_a', '', 'create a', 'CREATE TABLE pg_a (id int);', 'DROP TABLE pg_a;'),
          pg_temp.rev('pg_b', 'pg_a', 'create b', 'CREATE TABLE pg_b (id int);', 'DROP TABLE pg_b;',
                      E'-- Branch Labels: core\n'),
          pg_temp.rev('pg_c', 'pg_b', 'create c', 'CREATE TABLE pg_c (id int);', 'DROP TABLE pg_c;'),
          pg_temp.rev('pg_d', 'pg_b', 'create d', 'CREATE TABLE pg_d (id int);'),
          pg_temp.rev('pg_e', 'pg_c, pg_d', 'merge c and d', 'CREATE TABLE pg_e (id int);', 'DROP TABLE pg_e;',
                      E'-- Depends On: feat\n'),
          pg_temp.rev('pg_f', '', 'feature base', 'CREATE TABLE pg_f (id int);', 'DROP TABLE pg_f;',
                      E'-- Branch Labels: feat\n'),
          pg_temp.rev('pg_g', 'pg_f', 'feature g', 'CREATE TABLE pg_g (id int);', 'DROP TABLE pg_g;'),
          pg_temp.rev('pg_h', 'pg_a', 'h needs c', 'CREATE TABLE pg_h (id int);', 'DROP TABLE pg_h;',
                      E'-- Depends On: pg_c\n'),
          pg_temp.rev('pg_m', 'pg_e, pg_h', 'merge e and h', 'CREATE TABLE pg_m (id int);', 'DROP TABLE pg_m;')]);
SELECT heads, head_count, graph IS NOT NULL AS has_graph FROM pg_migrate.folder_state;

-- Which source a plan comes from (a DEBUG line of LoadPlanningCatalog).
SET client_min_messages = debug1;
SELECT count(*) AS steps FROM migrate_plan('upgrade', 'heads');
-- without the steps' SQL, read in place (PackedGraph); a target it does not plan, as before
SELECT count(*) AS steps FROM migrate_plan('upgrade', 'heads', false);
SELECT count(*) AS steps FROM migrate_plan('upgrade', 'pg_e', false);
RESET client_min_messages;

-- The same plans from all three sources, at base, part way, on a branch, at the heads.
BEGIN;
SAVEPOINT s;
SELECT * FROM pg_temp.same_plans();
ROLLBACK TO SAVEPOINT s;
SELECT to_revisions FROM migrate_stamp(ARRAY['pg_c']);
SELECT * FROM pg_temp.same_plans();
ROLLBACK TO SAVEPOINT s;
SELECT to_revisions FROM migrate_stamp(ARRAY['pg_e']);
SELECT * FROM pg_temp.same_plans();
ROLLBACK TO SAVEPOINT s;
SELECT to_revisions FROM migrate_stamp(ARRAY['heads']);
SELECT * FROM pg_temp.same_plans();
ROLLBACK;

-- What the plans are (from the stored graph), so that the comparison cannot pass on empty plans.
SELECT target, plan FROM pg_temp.all_plans() WHERE direction = 'upgrade' AND target IN ('head', 'heads', 'feat@head', 'pg_');
SELECT revision, direction FROM migrate_upgrade('heads');
SELECT target, plan FROM pg_temp.all_plans() WHERE direction = 'downgrade' AND target IN ('base', '-1', 'pg_e', 'feat@-1');
-- at the heads, upgrading to heads has nothing to do (answered from the stored heads), while
-- head names two heads and is still an error
SELECT pg_temp.plan_text('upgrade', 'heads', true) AS heads, pg_temp.plan_text('upgrade', 'head', true) AS head;

-- The plan without its SQL: the same steps, the sql column NULL.
SELECT to_revisions FROM migrate_stamp(ARRAY['pg_b'], true);
SELECT step, revision, direction, description, sql IS NULL AS no_sql FROM migrate_plan('upgrade', 'pg_e', false);
SELECT count(*) AS differences
FROM migrate_plan('upgrade', 'heads', false) a FULL JOIN migrate_plan('upgrade', 'heads') b USING (step)
WHERE a.revision IS DISTINCT FROM b.revision OR a.description IS DISTINCT FROM b.description
   OR a.sql IS NOT NULL OR b.sql IS NULL;
SELECT count(*) FROM migrate_plan('upgrade', 'heads', NULL);
\echo :LAST_ERROR_SQLSTATE
-- without the SQL no stored file is read, so a damaged one is not seen; with it, it is
BEGIN;
SET LOCAL pg_migrate.upload_in_progress = on; -- keep the folder state, as a damaged disk would
UPDATE pg_migrate.revision SET script = replace(script, 'pg_e', 'pg_X') WHERE id = 'pg_e';
SELECT count(*) AS steps FROM migrate_plan('upgrade', 'pg_e', false);
SELECT count(*) FROM migrate_plan('upgrade', 'pg_e');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;

-- A row edited by hand: the stored graph is forgotten with the folder state, and the plan shows
-- the edit (read from the table).
UPDATE pg_migrate.revision SET message = 'create c (edited)' WHERE id = 'pg_c';
SELECT count(*) AS rows FROM pg_migrate.folder_state;
SET client_min_messages = debug1;
SELECT description FROM migrate_plan('upgrade', 'pg_c');
RESET client_min_messages;

-- An upload of a changed folder stores the new graph, and planning uses it.
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
    ARRAY[pg_temp.rev('pg_a', '', 'create a', 'CREATE TABLE pg_a (id int);', 'DROP TABLE pg_a;'),
          pg_temp.rev('pg_b', 'pg_a', 'create b', 'CREATE TABLE pg_b (id int);', 'DROP TABLE pg_b;',
                      E'-- Branch Labels: core\n'),
          pg_temp.rev('pg_c', 'pg_b', 'create c, second version', 'CREATE TABLE pg_c (id int);', 'DROP TABLE pg_c;')]);
SELECT heads, graph IS NOT NULL AS has_graph FROM pg_migrate.folder_state;
SET client_min_messages = debug1;
SELECT step, revision, description FROM migrate_plan('upgrade', 'heads', false);
RESET client_min_messages;

-- A stored value this library cannot read (damaged, or another format): the table is read.
BEGIN;
UPDATE pg_migrate.folder_state SET graph = '\x50474d47524150480201'::bytea;
SET client_min_messages = debug1;
SELECT step, revision, description FROM migrate_plan('upgrade', 'heads', false);
RESET client_min_messages;
ROLLBACK;

-- migrate_upgrade plans from the same graph (LoadPlanningCatalog).
DROP TABLE pg_c, pg_d, pg_e, pg_f, pg_g, pg_h, pg_m;
SELECT revision, direction FROM migrate_upgrade('heads');
SELECT pg_temp.plan_text('upgrade', 'heads', true) AS heads;

-- Clean up.
SELECT to_revisions FROM migrate_stamp(ARRAY['base'], true);
DROP TABLE pg_a, pg_b, pg_c;
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);

-- An update from 0.7.0, whose folder state has no graph yet: planning reads the table until
-- the next upload stores the graph.
SELECT current_database() AS regress_db \gset
SET client_min_messages = warning;
DROP DATABASE IF EXISTS regress_pgm_graph_update;
RESET client_min_messages;
CREATE DATABASE regress_pgm_graph_update;
\c regress_pgm_graph_update
CREATE EXTENSION pg_migrate VERSION '0.7.0';
\i :helpers
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('gu_a', '', 'create a', 'SELECT 1;', 'SELECT 1;'),
          pg_temp.rev('gu_b', 'gu_a', 'create b', 'SELECT 2;', 'SELECT 2;')]);
SELECT heads FROM pg_migrate.folder_state;
ALTER EXTENSION pg_migrate UPDATE TO '0.8.0';
SELECT heads, graph IS NULL AS no_graph FROM pg_migrate.folder_state;
SET client_min_messages = debug1;
SELECT step, revision, description FROM migrate_plan('upgrade', 'head', false);
RESET client_min_messages;
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('gu_a', '', 'create a', 'SELECT 1;', 'SELECT 1;'),
          pg_temp.rev('gu_b', 'gu_a', 'create b', 'SELECT 2;', 'SELECT 2;')]);
SELECT graph IS NOT NULL AS has_graph FROM pg_migrate.folder_state;
-- so does migrate_upload_needed of the same folder (what a no-op pgmig run calls) when only the
-- graph is missing
UPDATE pg_migrate.folder_state SET graph = NULL;
SELECT count(*) AS differences FROM migrate_upload_needed(ARRAY['1_a.sql', '2_b.sql'],
    ARRAY(SELECT checksum FROM pg_migrate.revision ORDER BY file_name));
SELECT graph IS NOT NULL AS has_graph FROM pg_migrate.folder_state;
-- planning reads the stored graph now
SET client_min_messages = debug1;
SELECT step, revision, description FROM migrate_plan('upgrade', 'head', false);
RESET client_min_messages;
\c :regress_db
DROP DATABASE regress_pgm_graph_update;
