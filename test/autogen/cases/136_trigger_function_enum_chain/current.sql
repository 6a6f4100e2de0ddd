CREATE TYPE doc_state AS ENUM ('draft', 'review', 'published', 'retired');
CREATE TABLE doc (
    id integer PRIMARY KEY,
    state doc_state NOT NULL DEFAULT 'draft',
    published_at timestamptz,
    rank_cache integer
);
CREATE FUNCTION state_rank(s doc_state) RETURNS integer LANGUAGE sql IMMUTABLE
    AS $$ SELECT array_position(enum_range(NULL::doc_state), s) $$;
CREATE FUNCTION doc_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.rank_cache := state_rank(NEW.state);
    IF NEW.state = 'published' THEN
        NEW.published_at := COALESCE(NEW.published_at, now());
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER doc_stamp BEFORE INSERT OR UPDATE OF state ON doc
    FOR EACH ROW WHEN (NEW.state <> 'retired') EXECUTE FUNCTION doc_stamp();
INSERT INTO doc (id, state) VALUES (1, 'draft'), (2, 'published');
-- expect-rows: SELECT string_agg(id || ':' || state || ':' || rank_cache, ',' ORDER BY id) FROM doc => 1:draft:1,2:published:3
