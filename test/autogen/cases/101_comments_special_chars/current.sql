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
COMMENT ON TABLE docs.page IS 'old comment';
COMMENT ON COLUMN docs.page.title IS 'to be removed';
