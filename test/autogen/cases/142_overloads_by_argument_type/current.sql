CREATE FUNCTION fmt(v integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'i:' || v $$;
CREATE FUNCTION fmt(v numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'n:' || v $$;
CREATE FUNCTION fmt(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 't:' || v $$;
CREATE FUNCTION fmt(v integer[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'a:' || array_to_string(v, ',') $$;
CREATE FUNCTION fmt(v integer, width integer, fill text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(v::text, width, fill) $$;
CREATE TABLE item (id integer PRIMARY KEY, price numeric, tags integer[]);
CREATE VIEW item_fmt AS SELECT id, fmt(id) AS fid, fmt(price) AS fprice, fmt(tags) AS ftags FROM item;
COMMENT ON FUNCTION fmt(integer) IS 'integer';
COMMENT ON FUNCTION fmt(text) IS 'text';
INSERT INTO item VALUES (1, 2.5, '{1,2}');
-- expect-rows: SELECT count(*) FROM item => 1
