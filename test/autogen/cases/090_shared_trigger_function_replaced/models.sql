-- A trigger function shared by triggers on two tables is replaced by a differently named one
-- taking a trigger argument: both triggers are repointed (drop + create) before the old
-- function can be dropped; a third table gets a trigger on the new function too.
CREATE TABLE author (id integer PRIMARY KEY, name text, updated_at timestamptz);
CREATE TABLE book (id integer PRIMARY KEY, title text, updated_at timestamptz);
CREATE TABLE shelf (id integer PRIMARY KEY, label text, updated_at timestamptz);
CREATE FUNCTION touch_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_NARGS > 0 AND TG_ARGV[0] = 'skip' THEN
        RETURN NEW;
    END IF;
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END
$$;
CREATE TRIGGER author_touch BEFORE UPDATE ON author FOR EACH ROW EXECUTE FUNCTION touch_row();
CREATE TRIGGER book_touch BEFORE UPDATE ON book FOR EACH ROW EXECUTE FUNCTION touch_row('keep');
CREATE TRIGGER shelf_touch BEFORE INSERT OR UPDATE ON shelf FOR EACH ROW EXECUTE FUNCTION touch_row();
