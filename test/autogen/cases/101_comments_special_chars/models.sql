-- Comments containing single and double quotes, backslashes, $$ and $function$, a newline,
-- a tab, unicode and percent signs, on a schema, type, table, column, constraint, index, view,
-- view column, function; one comment changed, one removed (COMMENT ... IS NULL).
CREATE SCHEMA docs;
CREATE TYPE docs.state AS ENUM ('on', 'off');
CREATE TABLE docs.page (
    id integer PRIMARY KEY,
    title text NOT NULL CONSTRAINT page_title_len CHECK (length(title) < 200),
    state docs.state
);
CREATE INDEX page_title_idx ON docs.page (title);
CREATE VIEW docs.page_titles AS SELECT id, title FROM docs.page;
CREATE FUNCTION docs.page_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM docs.page $$;
COMMENT ON SCHEMA docs IS 'Documentation — "docs" schema';
COMMENT ON TYPE docs.state IS E'it''s on\nor off';
COMMENT ON TABLE docs.page IS E'A page.\nSecond line with a tab:\there and a backslash: \\ and 100%';
COMMENT ON CONSTRAINT page_title_len ON docs.page IS 'length < 200 -- not a comment';
COMMENT ON INDEX docs.page_title_idx IS 'dollar $$ quoted $function$ text';
COMMENT ON VIEW docs.page_titles IS 'the "titles"';
COMMENT ON COLUMN docs.page_titles.title IS 'view column: naïve café ✓';
COMMENT ON FUNCTION docs.page_count() IS '';
COMMENT ON COLUMN docs.page.state IS E'semicolon; then \'quote\'';
