CREATE SCHEMA app;
CREATE TABLE app.t (id serial PRIMARY KEY, parent int REFERENCES app.t);
CREATE VIEW app.v AS SELECT t.id FROM app.t WHERE t.parent IS NULL;
CREATE FUNCTION app.f(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1';
CREATE INDEX t_parent_idx ON app.t (parent);
