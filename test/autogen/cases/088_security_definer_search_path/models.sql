-- Function attributes: one becomes STRICT SECURITY DEFINER with a pinned search_path (a list
-- ending in pg_temp); another loses one of its two SET options and changes the other (CREATE OR
-- REPLACE must carry the full new SET list, dropping the old).
CREATE SCHEMA app;
CREATE TABLE app.secret (id integer PRIMARY KEY, value text NOT NULL);
CREATE FUNCTION app.read_secret(i integer) RETURNS text
    LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER SET search_path = app, pg_temp
    AS $$ BEGIN RETURN (SELECT value FROM secret WHERE id = i); END $$;
CREATE FUNCTION app.tuned() RETURNS integer
    LANGUAGE sql SET work_mem = '128MB' AS $$ SELECT 1 $$;
