CREATE SCHEMA app;
CREATE TABLE app.account (id integer PRIMARY KEY, name text, secret text);
CREATE SEQUENCE app.ticket;
CREATE FUNCTION app.answer() RETURNS integer LANGUAGE sql AS 'SELECT 42';
CREATE PROCEDURE app.touch() LANGUAGE sql AS 'SELECT 1';
CREATE VIEW app.account_names AS SELECT id, name FROM app.account;
GRANT SELECT ON app.account_names TO PUBLIC;
GRANT SELECT (id, name), UPDATE (name) ON app.account TO PUBLIC;
INSERT INTO app.account VALUES (1, 'ann', 's3');
-- expect-rows: SELECT has_table_privilege('public', 'app.account_names', 'SELECT')::text => true
-- expect-rows: SELECT has_column_privilege('public', 'app.account', 'secret', 'SELECT')::text => false
-- expect-rows: SELECT count(*) FROM app.account => 1
