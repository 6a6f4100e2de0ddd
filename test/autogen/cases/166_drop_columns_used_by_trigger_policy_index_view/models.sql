-- Columns dropped while a trigger's UPDATE OF list, another trigger's WHEN clause, a partial
-- unique index predicate, a GIN index, an RLS policy, a check constraint and a view use them:
-- each dependent is dropped (or redefined without the column) before the column goes; the
-- trigger and index survive in their new form, the policy is redefined.
CREATE TABLE article (
    id integer PRIMARY KEY,
    title text NOT NULL,
    author text
);
CREATE FUNCTION article_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RETURN NEW;
END
$$;
CREATE TRIGGER article_search BEFORE INSERT OR UPDATE OF title ON article FOR EACH ROW EXECUTE FUNCTION article_search();
CREATE UNIQUE INDEX article_slug ON article (lower(title));
ALTER TABLE article ENABLE ROW LEVEL SECURITY;
CREATE POLICY article_author ON article USING (author = current_user);
CREATE VIEW article_titles AS SELECT id, title FROM article;
