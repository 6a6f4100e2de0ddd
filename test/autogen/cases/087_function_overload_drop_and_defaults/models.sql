-- Overloads: one of three overloads is dropped (the right one, by signature); a function
-- loses a parameter default and another default changes (CREATE OR REPLACE refuses "cannot
-- remove parameter defaults from existing function": DROP + CREATE); a function gains a
-- default (CREATE OR REPLACE is enough).
CREATE FUNCTION fmt(x integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT x::text $$;
CREATE FUNCTION fmt(x date) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(x, 'YYYY-MM-DD') $$;
CREATE FUNCTION page(q text, lim integer, off integer DEFAULT 20) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT q || ' LIMIT ' || lim || ' OFFSET ' || off $$;
CREATE FUNCTION pad(s text, n integer DEFAULT 8) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(s, n) $$;
