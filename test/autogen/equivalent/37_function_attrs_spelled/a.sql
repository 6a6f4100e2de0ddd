CREATE FUNCTION f(a int, b int DEFAULT 0) RETURNS int LANGUAGE sql AS 'SELECT a + b';
CREATE FUNCTION g(x text) RETURNS text LANGUAGE sql STRICT SET search_path = pg_catalog, public AS 'SELECT upper(x)';
