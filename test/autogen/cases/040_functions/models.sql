-- Functions: a body change (CREATE OR REPLACE), a volatility/strictness/cost change, an
-- overload added beside an existing one, a return type change (needs DROP + CREATE), an
-- SQL-standard body, a set-returning function, one dropped.
CREATE FUNCTION add(a integer, b integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a + b $$;
CREATE FUNCTION greet(name text) RETURNS varchar
    LANGUAGE plpgsql AS $$ BEGIN RETURN 'hi ' || name; END $$;
CREATE FUNCTION overloaded(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x $$;
CREATE FUNCTION overloaded(x text) RETURNS text LANGUAGE sql AS $$ SELECT x $$;
CREATE FUNCTION mul(a integer, b integer DEFAULT 2) RETURNS integer
    LANGUAGE sql IMMUTABLE RETURN a * b;
CREATE FUNCTION series(n integer) RETURNS TABLE (i integer, sq integer)
    LANGUAGE sql STABLE SET search_path = pg_catalog AS $$ SELECT g, g * g FROM generate_series(1, n) g $$;
