-- lint_waivers: a "-- lint: ignore RULE[, RULE]" comment waives findings of one statement: on
-- lines of its own just above it, or trailing on the line of its semicolon.  Waived findings
-- are returned with waived = true; an unknown rule name in a waiver is a finding of its own.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

CREATE TABLE lw_full (id int, note text);
INSERT INTO lw_full SELECT g, 'x' FROM generate_series(1, 10) g;

SELECT action FROM migrate_upload(ARRAY['01_w.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'waivers',
                      E'-- lint: ignore index-not-concurrent\n'
                      '-- (built while the application is stopped)\n'
                      'CREATE INDEX lw_a ON lw_full (id);\n'
                      'CREATE INDEX lw_b ON lw_full (id); -- lint: ignore index-not-concurrent\n'
                      'CREATE INDEX lw_c ON lw_full (id);\n'
                      '-- lint: ignore drop-column\n'
                      '\n'
                      '/* a block comment */ ALTER TABLE lw_full DROP COLUMN note, ALTER COLUMN id TYPE bigint;\n'
                      '-- lint:ignore drop-column,column-type-rewrite\n'
                      'ALTER TABLE lw_full DROP COLUMN note, ALTER COLUMN id TYPE bigint;\n'
                      '-- lint: ignore drop-table, no-such-rule\n'
                      'DROP TABLE lw_full;\n'
                      'SELECT 1; -- lint: ignore transaction-control\n'
                      'ROLLBACK;\n'
                      'COMMIT; -- lint: ignore transaction-control\n')])
ORDER BY action;

-- lw_a (line 8 to 10) and lw_b are waived, lw_c is not; the trailing waiver of lw_b is not
-- lw_c's; the first ALTER has its drop-column waived but not its type change; the second both;
-- the unknown rule is reported at its comment; a waiver trailing SELECT 1 does not reach
-- ROLLBACK on the next line, and the one trailing the last statement, COMMIT, waives it.
SELECT file_name || ':' || line AS at, rule, waived FROM migrate_lint() ORDER BY line, rule;
SELECT message, detail, hint FROM migrate_lint() WHERE rule = 'unknown-waiver';

DELETE FROM pg_migrate.revision;
DROP TABLE lw_full;
