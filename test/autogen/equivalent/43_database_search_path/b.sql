CREATE SCHEMA app;
CREATE TABLE app.t (id serial PRIMARY KEY, m text DEFAULT 'x');
CREATE TABLE app.c (t_id int REFERENCES app.t);
CREATE VIEW app.v AS SELECT id FROM app.t;
