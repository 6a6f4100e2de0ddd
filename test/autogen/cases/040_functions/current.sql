CREATE FUNCTION add(a integer, b integer) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;
CREATE FUNCTION greet(name text) RETURNS text
    LANGUAGE plpgsql AS $$ BEGIN RETURN 'hello ' || name; END $$;
CREATE FUNCTION obsolete() RETURNS void LANGUAGE sql AS $$ SELECT $$;
CREATE FUNCTION overloaded(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x $$;
