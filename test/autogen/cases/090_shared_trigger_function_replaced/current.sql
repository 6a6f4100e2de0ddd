CREATE TABLE author (id integer PRIMARY KEY, name text, updated_at timestamptz);
CREATE TABLE book (id integer PRIMARY KEY, title text, updated_at timestamptz);
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER author_touch BEFORE UPDATE ON author FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER book_touch BEFORE UPDATE ON book FOR EACH ROW EXECUTE FUNCTION set_updated_at();
INSERT INTO author VALUES (1, 'x', NULL);
INSERT INTO book VALUES (1, 'y', NULL);
-- expect-rows: SELECT count(*) FROM author => 1
-- expect-rows: SELECT count(*) FROM book => 1
