CREATE TYPE dimensions AS (width integer, height integer, unit text);
CREATE FUNCTION area(d dimensions) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT d.width * d.height $$;
