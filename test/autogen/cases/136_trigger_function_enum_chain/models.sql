-- trigger -> function -> type: an enum loses an unused value and gains a new first one (recreate)
-- while a trigger's WHEN clause compares with one of its labels, the trigger function calls
-- (only in its plpgsql body) an SQL function whose signature takes the enum, and the column
-- default names a label.  The trigger, the SQL function and the default are rebuilt around the
-- type; the trigger function also changes (CREATE OR REPLACE); the rows are kept.
CREATE TYPE doc_state AS ENUM ('idea', 'draft', 'review', 'published');
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
        NEW.published_at := COALESCE(NEW.published_at, clock_timestamp());
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER doc_stamp BEFORE INSERT OR UPDATE OF state ON doc
    FOR EACH ROW WHEN (NEW.state <> 'idea') EXECUTE FUNCTION doc_stamp();
