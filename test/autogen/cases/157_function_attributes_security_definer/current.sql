CREATE SCHEMA priv;
CREATE TABLE priv.secret (k text PRIMARY KEY, v text);
CREATE FUNCTION get_secret(p_k text) RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT v FROM priv.secret WHERE k = p_k $$;
CREATE FUNCTION all_keys() RETURNS SETOF text LANGUAGE sql STABLE ROWS 10
    AS $$ SELECT k FROM priv.secret $$;
CREATE FUNCTION safe_div(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN b = 0 THEN NULL ELSE a / b END $$;
CREATE FUNCTION slow_hash(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT COST 100
    AS $$ SELECT md5(t) $$;
CREATE FUNCTION tz_now() RETURNS timestamptz LANGUAGE sql STABLE SET timezone = 'UTC'
    AS $$ SELECT now() $$;
CREATE VIEW key_view AS SELECT k, get_secret(k) AS v, slow_hash(k) AS h FROM priv.secret;
INSERT INTO priv.secret VALUES ('a', '1');
-- expect-rows: SELECT string_agg(k || '=' || v, ',') FROM key_view => a=1
