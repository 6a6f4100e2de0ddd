CREATE TABLE article (
    id integer PRIMARY KEY,
    title text NOT NULL,
    slug text,
    author text,
    legacy_flags integer,
    search tsvector
);
CREATE FUNCTION article_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := to_tsvector('simple', COALESCE(NEW.title, ''));
    RETURN NEW;
END
$$;
CREATE TRIGGER article_search BEFORE INSERT OR UPDATE OF title, slug ON article FOR EACH ROW EXECUTE FUNCTION article_search();
CREATE TRIGGER article_flags AFTER UPDATE ON article FOR EACH ROW WHEN (OLD.legacy_flags IS DISTINCT FROM NEW.legacy_flags) EXECUTE FUNCTION article_search();
CREATE UNIQUE INDEX article_slug ON article (slug) WHERE legacy_flags IS NULL;
CREATE INDEX article_search_idx ON article USING gin (search);
ALTER TABLE article ENABLE ROW LEVEL SECURITY;
CREATE POLICY article_author ON article USING (author = current_user OR legacy_flags = 0);
CREATE VIEW article_titles AS SELECT id, title, slug FROM article;
ALTER TABLE article ADD CONSTRAINT article_flags_check CHECK (legacy_flags >= 0);
INSERT INTO article (id, title, slug, author) VALUES (1, 'Hello', 'hello', 'ann'), (2, 'World', 'world', 'bob');
-- expect-rows: SELECT string_agg(id || title, ',' ORDER BY id) FROM article => 1Hello,2World
