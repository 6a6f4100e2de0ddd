-- upload_batches: migrate_upload writes the rows of new files with one INSERT for many of them
-- (up to 4 MB of text or 2,000 files; a file of 1 MB or more by a statement of its own) and the
-- rows of changed files one by one.  Both ways write the same values.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- 4,502 revisions: ub1 to ub4500 in a line, a branch ub4501 from ub4499, and ub4502 merging both
-- heads.  Six files of 900 kB (ub101 to ub106) fill batches by their bytes, the 2,000-file limit
-- ends others, and a file of 1.5 MB (ub2500) comes between two pending batches' files.  Among them
-- a branch label, an irreversible revision, a non-transactional one, a dependency and a message
-- with quotes, a backslash and non-ASCII letters.
CREATE TEMP TABLE files AS
SELECT n, lpad(n::text, 5, '0') || '_ub.sql' AS name,
       pg_temp.rev('ub' || n,
                   CASE WHEN n = 1 THEN '' WHEN n = 4501 THEN 'ub4499' WHEN n = 4502 THEN 'ub4500, ub4501'
                        ELSE 'ub' || (n - 1) END,
                   CASE WHEN n = 7 THEN E'quote '' "double" back\\slash, été' ELSE 'step ' || n END,
                   CASE WHEN n = 2500 THEN 'SELECT 1; /* ' || repeat('0123456789', 150000) || ' */'
                        WHEN n BETWEEN 101 AND 106 THEN 'SELECT 1; /* ' || repeat('0123456789', 90000) || ' */'
                        ELSE 'SELECT ' || n || ';' END,
                   CASE WHEN n = 1 THEN NULL ELSE 'SELECT -' || n || ';' END,
                   CASE WHEN n = 1 THEN E'-- Branch Labels: ub_base\n'
                        WHEN n = 2000 THEN E'-- Transactional: false\n'
                        WHEN n = 3000 THEN E'-- Depends On: ub10\n'
                        ELSE '' END) AS body
FROM generate_series(1, 4502) n;

-- Each statement that inserts into the catalog, counted by a statement trigger.
CREATE TABLE ub_statements (at timestamptz);
CREATE FUNCTION ub_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.ub_statements VALUES (pg_catalog.clock_timestamp());
    RETURN NULL;
END
$$;
CREATE TRIGGER ub_count AFTER INSERT ON pg_migrate.revision FOR EACH STATEMENT EXECUTE FUNCTION ub_count();

SELECT action, count(*)
FROM migrate_upload((SELECT array_agg(name ORDER BY n) FROM files), (SELECT array_agg(body ORDER BY n) FROM files))
GROUP BY action;
-- The new files in five batches (two ended by their bytes, after ub102 and ub104; two by the
-- 2,000-file limit; the last by the end of the files) and ub2500 alone: six statements.
SELECT count(*) AS insert_statements FROM ub_statements;
TRUNCATE ub_statements;

-- What the batches wrote.
SELECT id, parents, branch_labels, depends_on, message, transactional, downgrade_sql IS NULL AS irreversible,
       octet_length(script) AS script_bytes, octet_length(upgrade_sql) AS upgrade_bytes
FROM pg_migrate.revision WHERE id IN ('ub1', 'ub7', 'ub2000', 'ub2500', 'ub3000', 'ub4500', 'ub4502')
ORDER BY file_name;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE checksum <> encode(sha256(convert_to(script, 'UTF8')), 'hex')) AS wrong_checksum,
       count(*) FILTER (WHERE script <> f.body) AS wrong_script,
       count(*) FILTER (WHERE uploaded_by <> current_user OR uploaded_at > now()) AS wrong_uploader
FROM pg_migrate.revision r JOIN files f ON f.name = r.file_name;

-- The same files under other names: every row is written again, one file at a time, with the
-- same values but the file name.
CREATE TEMP TABLE batched AS SELECT * FROM pg_migrate.revision;
SELECT action, count(*)
FROM migrate_upload((SELECT array_agg('v_' || name ORDER BY n) FROM files),
                    (SELECT array_agg(body ORDER BY n) FROM files))
GROUP BY action;
SELECT count(*) AS insert_statements FROM ub_statements; -- one a file
TRUNCATE ub_statements;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE b.id IS NULL OR r.id IS NULL) AS unmatched,
       count(*) FILTER (WHERE r.file_name <> 'v_' || b.file_name) AS not_renamed,
       count(*) FILTER (WHERE (b.parents, b.branch_labels, b.depends_on, b.message, b.create_date, b.upgrade_sql,
                               b.downgrade_sql, b.transactional, b.checksum, b.script, b.uploaded_by)
                              IS DISTINCT FROM
                              (r.parents, r.branch_labels, r.depends_on, r.message, r.create_date, r.upgrade_sql,
                               r.downgrade_sql, r.transactional, r.checksum, r.script, r.uploaded_by)) AS different
FROM batched b FULL JOIN pg_migrate.revision r USING (id);

-- A later upload that adds files and changes a pending one: new rows in a batch, the changed one
-- alone.
SELECT action, count(*)
FROM migrate_upload((SELECT array_agg('v_' || name ORDER BY n) FROM files)
                        || ARRAY['09998_ub.sql', '09999_ub.sql'],
                    (SELECT array_agg(CASE WHEN n = 4502 THEN replace(body, 'SELECT -4502;', 'SELECT -1;') ELSE body END
                                      ORDER BY n) FROM files)
                        || ARRAY[pg_temp.rev('ub9998', 'ub4502', 'after', 'SELECT 9998;', 'SELECT -9998;'),
                                 pg_temp.rev('ub9999', 'ub9998', 'after', 'SELECT 9999;')])
GROUP BY action ORDER BY action;
SELECT count(*) AS insert_statements FROM ub_statements; -- the batch of two, the changed file
SELECT id, parents, downgrade_sql, downgrade_sql IS NULL AS irreversible, checksum = encode(sha256(convert_to(script, 'UTF8')), 'hex') AS checksum_ok
FROM pg_migrate.revision WHERE id IN ('ub4502', 'ub9998', 'ub9999') ORDER BY id;

SELECT count(*) AS steps FROM migrate_plan('upgrade', 'heads', false);

-- Clean up for the suites after this one.
DROP TRIGGER ub_count ON pg_migrate.revision;
DROP FUNCTION ub_count();
DROP TABLE ub_statements;
SELECT count(*) AS removed FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
SELECT count(*) AS left_in_catalog FROM pg_migrate.revision;
