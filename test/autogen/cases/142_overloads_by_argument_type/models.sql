-- Functions overloaded by argument type: fmt(text) is dropped, fmt(numeric) changes its return
-- type (DROP + CREATE: the view using it goes around, and only that overload is dropped),
-- fmt(integer[]) changes its body, fmt(bigint) and fmt(date) are added, fmt(integer, integer, text)
-- gains a default for its third argument, the comments follow the right overloads.
CREATE FUNCTION fmt(v integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'i:' || v $$;
CREATE FUNCTION fmt(v numeric) RETURNS varchar LANGUAGE sql IMMUTABLE AS $$ SELECT ('n:' || v)::varchar $$;
CREATE FUNCTION fmt(v integer[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'a:' || array_to_string(v, ';') $$;
CREATE FUNCTION fmt(v bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'b:' || v $$;
CREATE FUNCTION fmt(v date) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'd:' || to_char(v, 'YYYY-MM-DD') $$;
CREATE FUNCTION fmt(v integer, width integer, fill text DEFAULT ' ') RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(v::text, width, fill) $$;
CREATE TABLE item (id integer PRIMARY KEY, price numeric, tags integer[]);
CREATE VIEW item_fmt AS SELECT id, fmt(id) AS fid, fmt(price) AS fprice, fmt(tags) AS ftags FROM item;
COMMENT ON FUNCTION fmt(integer) IS 'integer';
COMMENT ON FUNCTION fmt(numeric) IS 'numeric';
COMMENT ON FUNCTION fmt(bigint) IS 'bigint';
