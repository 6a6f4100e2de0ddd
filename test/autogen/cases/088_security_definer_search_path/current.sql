CREATE SCHEMA app;
CREATE TABLE app.secret (id integer PRIMARY KEY, value text NOT NULL);
CREATE FUNCTION app.read_secret(i integer) RETURNS text
    LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN (SELECT value FROM app.secret WHERE id = i); END $$;
CREATE FUNCTION app.tuned() RETURNS integer
    LANGUAGE sql SET work_mem = '64MB' SET statement_timeout = '5s' AS $$ SELECT 1 $$;
INSERT INTO app.secret VALUES (1, 's3cr3t');
-- expect-rows: SELECT count(*) FROM app.secret => 1
