-- Function attributes only, on functions used by a view: SECURITY DEFINER + SET search_path
-- added, LEAKPROOF and PARALLEL SAFE, ROWS and COST changed, STRICT added, volatility
-- IMMUTABLE -> STABLE, a SET parameter changed and a second one added, one RESET: ALTER
-- FUNCTION or CREATE OR REPLACE, no drop of the view.
CREATE SCHEMA priv;
CREATE TABLE priv.secret (k text PRIMARY KEY, v text);
CREATE FUNCTION get_secret(p_k text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = priv, pg_temp
    AS $$ SELECT v FROM priv.secret WHERE k = p_k $$;
CREATE FUNCTION all_keys() RETURNS SETOF text LANGUAGE sql STABLE ROWS 1000 PARALLEL SAFE
    AS $$ SELECT k FROM priv.secret $$;
CREATE FUNCTION safe_div(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT LEAKPROOF
    AS $$ SELECT CASE WHEN b = 0 THEN NULL ELSE a / b END $$;
CREATE FUNCTION slow_hash(t text) RETURNS text LANGUAGE sql STABLE STRICT COST 5000
    AS $$ SELECT md5(t) $$;
CREATE FUNCTION tz_now() RETURNS timestamptz LANGUAGE sql STABLE SET timezone = 'Europe/Oslo' SET work_mem = '8MB'
    AS $$ SELECT now() $$;
CREATE VIEW key_view AS SELECT k, get_secret(k) AS v, slow_hash(k) AS h FROM priv.secret;
