-- pgmig-options: --compare-privileges
-- Privileges compared (--compare-privileges), granted to and revoked from PUBLIC both ways:
-- schema USAGE, table and column privileges (UPDATE (name) revoked, INSERT granted), a
-- sequence, a function's default EXECUTE revoked, a procedure's, and a view whose definition
-- changes (dropped and created again with its grant).
CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO PUBLIC;
CREATE TABLE app.account (id integer PRIMARY KEY, name text, secret text);
CREATE SEQUENCE app.ticket;
GRANT USAGE, SELECT ON SEQUENCE app.ticket TO PUBLIC;
CREATE FUNCTION app.answer() RETURNS integer LANGUAGE sql AS 'SELECT 42';
REVOKE EXECUTE ON FUNCTION app.answer() FROM PUBLIC;
CREATE PROCEDURE app.touch() LANGUAGE sql AS 'SELECT 1';
REVOKE ALL ON PROCEDURE app.touch() FROM PUBLIC;
CREATE VIEW app.account_names AS SELECT id, name, upper(name) AS shout FROM app.account;
GRANT SELECT ON app.account_names TO PUBLIC;
GRANT SELECT (id, name) ON app.account TO PUBLIC;
GRANT INSERT ON app.account TO PUBLIC;
