-- A composite type's attributes change: one type changes (integer -> numeric), one is
-- dropped, one added; a function takes the type as argument (not a column: changing an
-- attribute's type is refused for types stored in tables).
CREATE TYPE dimensions AS (width numeric, height numeric, depth numeric);
CREATE FUNCTION area(d dimensions) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT (d.width * d.height)::integer $$;
