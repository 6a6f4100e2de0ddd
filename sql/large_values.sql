-- large_values: values of 2 MB and more stored out of line and uncompressed are fetched into a
-- buffer aligned for huge pages (extension/spi.cpp, FetchLargeExternal, 0.10.0) instead of by
-- PostgreSQL's detoasting: the stored planning graph (never compressed) and a revision file whose
-- bytes do not compress.  What is read must be exactly what was stored: the plans from the graph
-- equal the plans from the table, and the large file's step runs with its checksum checked.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- 2,200 revisions with messages of about 1,000 characters: a stored graph of more than 2 MB.
-- The last one's file holds 2.5 MB of hexadecimal noise in a comment (it does not compress).
SELECT count(*) FROM migrate_upload(
    (SELECT array_agg(lpad(i::text, 5, '0') || '_lv.sql' ORDER BY i) FROM generate_series(1, 2200) i),
    (SELECT array_agg(pg_temp.rev('lv' || i, CASE WHEN i > 1 THEN 'lv' || (i - 1) ELSE '' END,
                                  'message ' || i || ' ' || (SELECT string_agg(md5(i || '.' || k), '') FROM generate_series(1, 31) k),
                                  CASE WHEN i = 2200
                                       THEN E'CREATE TABLE lv_last (id int);\n/* '
                                            || (SELECT string_agg(md5(k::text), '') FROM generate_series(1, 80000) k) || ' */'
                                       ELSE 'SELECT ' || i || ';' END,
                                  CASE WHEN i = 2200 THEN 'DROP TABLE lv_last;' ELSE 'SELECT 1;' END) ORDER BY i)
     FROM generate_series(1, 2200) i));
SELECT octet_length(graph) > 2 * 1024 * 1024 AS graph_over_2mb, pg_column_compression(graph) IS NULL AS graph_uncompressed
FROM pg_migrate.folder_state;
SELECT octet_length(script) > 2 * 1024 * 1024 AS file_over_2mb, pg_column_compression(script) IS NULL AS file_uncompressed
FROM pg_migrate.revision WHERE id = 'lv2200';

-- The plan alone from the stored graph read in place, the plan with every step's SQL (the graph
-- decoded, the files read), and the latter again from the table (the graph set aside, as a
-- damaged one would be): the same steps and
-- descriptions, the last one with its whole message.
-- (The DEBUG line says the plan alone came from the graph as fetched: a value that did not decode
-- would be planned from the table instead.)
SET client_min_messages = debug1;
SELECT count(*) AS planned FROM migrate_plan('upgrade', 'head', false);
RESET client_min_messages;
CREATE TEMP TABLE from_graph AS SELECT step, revision, description FROM migrate_plan('upgrade', 'head', false);
CREATE TEMP TABLE with_sql AS SELECT step, revision, description, sql FROM migrate_plan('upgrade', 'head');
UPDATE pg_migrate.folder_state SET graph = NULL;
CREATE TEMP TABLE from_table AS SELECT step, revision, description, sql FROM migrate_plan('upgrade', 'head');
SELECT count(*) AS steps,
       count(*) FILTER (WHERE g.description IS DISTINCT FROM w.description OR g.revision IS DISTINCT FROM w.revision) AS graph_vs_sql,
       count(*) FILTER (WHERE w.description IS DISTINCT FROM t.description OR w.sql IS DISTINCT FROM t.sql) AS sql_vs_table
FROM from_graph g FULL JOIN with_sql w USING (step) FULL JOIN from_table t USING (step);
SELECT step, revision, length(description) AS description_length, md5(description) = md5(
           'Running upgrade lv2199 -> lv2200, message 2200 ' || (SELECT string_agg(md5('2200.' || k), '') FROM generate_series(1, 31) k))
           AS description_exact
FROM from_graph WHERE step = 2200;
SELECT length(sql) > 2 * 1024 * 1024 AS sql_over_2mb,
       md5(sql) = md5(E'CREATE TABLE lv_last (id int);\n/* ' || (SELECT string_agg(md5(k::text), '') FROM generate_series(1, 80000) k) || ' */') AS sql_exact
FROM with_sql WHERE step = 2200;

-- The run: every step, the large one checked against its checksum before it runs (its
-- progress notices left out).
SET client_min_messages = warning;
SELECT count(*) AS applied FROM migrate_upgrade('head');
SELECT count(*) AS lv_last_exists FROM pg_class WHERE relname = 'lv_last';
SELECT count(*) AS logged, count(DISTINCT checksum) = count(*) AS checksums_distinct
FROM pg_migrate.log WHERE direction = 'upgrade' AND outcome = 'applied' AND revision LIKE 'lv%';
SELECT count(*) AS downgraded FROM migrate_downgrade('base');
RESET client_min_messages;
SELECT count(*) AS lv_last_left FROM pg_class WHERE relname = 'lv_last';

-- Clean up for the suites after this one.
SELECT count(*) AS removed FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
