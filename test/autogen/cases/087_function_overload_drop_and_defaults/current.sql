CREATE FUNCTION fmt(x integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT x::text $$;
CREATE FUNCTION fmt(x numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT x::text $$;
CREATE FUNCTION fmt(x date) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(x, 'YYYY-MM-DD') $$;
CREATE FUNCTION page(q text, lim integer DEFAULT 10, off integer DEFAULT 0) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT q || ' LIMIT ' || lim || ' OFFSET ' || off $$;
CREATE FUNCTION pad(s text, n integer) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(s, n) $$;
