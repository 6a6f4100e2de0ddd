-- lint: migrate_lint checks the statements of the pending steps against the live catalog:
-- each rule once where it fires and once where it must not, the file lines, the table sizes,
-- the lock, the setting pg_migrate.lint_large_table, and bad input.  Nothing is applied.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- Tables: lt_full holds rows (one 8 kB page), lt_empty none.
CREATE TABLE lt_full (id int, name varchar(10), price numeric(6,2), code char(3), note text, ok boolean);
INSERT INTO lt_full SELECT g, 'n', 1, 'abc', 'x', true FROM generate_series(1, 50) g;
ANALYZE lt_full;
CREATE TABLE lt_empty (id int, name varchar(10));
CREATE TABLE lt_checked (id int, ok boolean, CONSTRAINT lt_ok_nn CHECK (ok IS NOT NULL));
INSERT INTO lt_checked VALUES (1, true);
CREATE TABLE lt_part (id int) PARTITION BY RANGE (id);
CREATE TABLE lt_part_1 PARTITION OF lt_part FOR VALUES FROM (0) TO (100);
INSERT INTO lt_part VALUES (1);

-- f(): the findings, one line each.
CREATE FUNCTION pg_temp.f(direction text DEFAULT 'upgrade', target text DEFAULT 'head')
RETURNS TABLE (at text, rule text, relation text, size bigint, rows bigint, lock text, waived boolean)
LANGUAGE sql AS $$
SELECT l.file_name || ':' || l.line, l.rule, l.relation, l.relation_size, l.estimated_rows, l.lock_mode, l.waived
FROM migrate_lint(direction, target) l
$$;

SELECT action, count(*) FROM migrate_upload(
    ARRAY['01_index.sql', '02_types.sql', '03_constraints.sql', '04_columns.sql', '05_drops.sql', '06_tx.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'indexes',
                      E'CREATE INDEX lt_full_id ON lt_full (id);\n'
                      'CREATE INDEX CONCURRENTLY lt_full_name ON lt_full (name);\n'
                      'CREATE INDEX ON lt_empty (id);\n'
                      'CREATE TABLE lt_new (id int);\nCREATE INDEX ON lt_new (id);\n'
                      '-- a comment\n\nCREATE INDEX ON lt_part (id);',
                      E'DROP INDEX lt_full_id;\nDROP TABLE lt_checked;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'types',
                      E'ALTER TABLE lt_full ALTER COLUMN id TYPE bigint;\n'
                      'ALTER TABLE lt_full ALTER COLUMN name TYPE varchar(20);\n'
                      'ALTER TABLE lt_full ALTER COLUMN name TYPE text;\n'
                      'ALTER TABLE lt_full ALTER COLUMN price TYPE numeric(8,2);\n'
                      'ALTER TABLE lt_full ALTER COLUMN price TYPE numeric(8,3);\n'
                      'ALTER TABLE lt_full ALTER COLUMN code TYPE char(5);\n'
                      'ALTER TABLE lt_full ALTER COLUMN note TYPE text USING upper(note);\n'
                      'ALTER TABLE lt_empty ALTER COLUMN id TYPE bigint;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'constraints',
                      E'ALTER TABLE lt_full ALTER COLUMN id SET NOT NULL;\n'
                      'ALTER TABLE lt_checked ALTER COLUMN ok SET NOT NULL;\n'
                      'ALTER TABLE lt_empty ALTER COLUMN id SET NOT NULL;\n'
                      'ALTER TABLE lt_full ADD CONSTRAINT c1 CHECK (id > 0);\n'
                      'ALTER TABLE lt_full ADD CONSTRAINT c2 CHECK (id > 0) NOT VALID;\n'
                      'ALTER TABLE lt_full ADD FOREIGN KEY (id) REFERENCES lt_checked (id);\n'
                      'ALTER TABLE lt_full ADD FOREIGN KEY (id) REFERENCES lt_checked (id) NOT VALID;\n'
                      'ALTER TABLE lt_empty ADD CHECK (id > 0);'),
          pg_temp.rev('dddd4444', 'cccc3333', 'columns',
                      E'ALTER TABLE lt_full ADD COLUMN u float8 DEFAULT random();\n'
                      'ALTER TABLE lt_full ADD COLUMN s bigserial;\n'
                      'ALTER TABLE lt_full ADD COLUMN i int GENERATED ALWAYS AS IDENTITY;\n'
                      'ALTER TABLE lt_full ADD COLUMN g int GENERATED ALWAYS AS (id * 2) STORED;\n'
                      'ALTER TABLE lt_full ADD COLUMN t timestamptz DEFAULT now();\n'
                      'ALTER TABLE lt_full ADD COLUMN k int DEFAULT 0;\n'
                      'ALTER TABLE lt_empty ADD COLUMN u float8 DEFAULT random();'),
          pg_temp.rev('eeee5555', 'dddd4444', 'drops',
                      E'ALTER TABLE lt_full DROP COLUMN note;\n'
                      'ALTER TABLE lt_full DROP COLUMN IF EXISTS nothing;\n'
                      'DROP TABLE lt_empty;\nDROP TABLE IF EXISTS lt_nothing;\n'
                      'DO $do$ BEGIN EXECUTE ''DROP TABLE lt_full''; END $do$;'),
          pg_temp.rev('ffff6666', 'eeee5555', 'transaction control',
                      E'BEGIN;\nSELECT 1;\nCOMMIT;')])
GROUP BY action;

-- Every rule with its file line; a large table is at least 10MB by default: nothing large here.
SELECT * FROM pg_temp.f();

-- The text of one finding of each rule.
SELECT DISTINCT ON (rule) rule, message, detail, hint FROM migrate_lint() ORDER BY rule, file_name, line;

-- access-exclusive-large: with a threshold of one page, lt_full is large.
SET pg_migrate.lint_large_table = '8kB';
SELECT * FROM pg_temp.f() WHERE rule = 'access-exclusive-large';
SELECT message, detail, hint FROM migrate_lint('upgrade', 'eeee5555') WHERE rule = 'access-exclusive-large' LIMIT 1;
RESET pg_migrate.lint_large_table;
SHOW pg_migrate.lint_large_table;

-- A target: only the steps up to it.
SELECT * FROM pg_temp.f('upgrade', 'aaaa1111');
-- Applied steps are not linted; a downgrade lints the downgrade SQL.
SELECT to_revisions FROM migrate_stamp(ARRAY['aaaa1111']);
SELECT count(*) FROM pg_temp.f() WHERE at LIKE '01_%';
SELECT * FROM pg_temp.f('downgrade', 'base');
-- Nothing to do: no rows.
SELECT * FROM pg_temp.f('downgrade', 'aaaa1111');

-- A syntax error is a finding at its line; nothing after it in that section is checked.
SELECT file_name, action FROM migrate_upload(ARRAY['01_index.sql', '02_bad.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'indexes', 'CREATE INDEX lt_full_id ON lt_full (id);', 'DROP INDEX lt_full_id;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'bad', E'SELECT 1;\n\nSELEC 2;\nDROP TABLE lt_full;')])
ORDER BY file_name, action;
SELECT * FROM pg_temp.f();
SELECT message FROM migrate_lint() WHERE rule = 'syntax-error';

-- Bad input.
SELECT * FROM migrate_lint('upgrade', 'ffff');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_lint('sideways', 'head');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_lint(NULL, 'head');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_lint('upgrade', NULL);
\echo :LAST_ERROR_SQLSTATE
-- Nothing was applied by linting.
SELECT revision FROM pg_migrate.version;
SELECT to_regclass('lt_full_id') IS NULL AS no_index;
SELECT to_regclass('lt_new') IS NULL AS no_new_table;

-- Clean up.
DELETE FROM pg_migrate.version;
DELETE FROM pg_migrate.log;
DELETE FROM pg_migrate.revision;

-- A name PostgreSQL refuses to look up (a cross-database reference, an unknown type) is not
-- analysed: the lookup's error is rolled back and lint goes on with the next statement.
SELECT file_name, action FROM migrate_upload(ARRAY['01_odd.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'odd',
                      E'CREATE INDEX lt_x ON otherdb.public.lt_full (id);\n'
                      'ALTER TABLE lt_full ALTER COLUMN id TYPE no_such_type;\n'
                      'ALTER TABLE lt_full ADD COLUMN v int DEFAULT no_such_schema.f();\n'
                      'CREATE INDEX lt_y ON lt_full (id);')])
ORDER BY file_name, action;
SELECT revision, line, rule FROM migrate_lint() ORDER BY revision, line, rule;

DELETE FROM pg_migrate.revision;
DROP TABLE lt_full, lt_empty, lt_checked, lt_part;
