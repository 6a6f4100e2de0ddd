-- the database has a search_path of its own (ALTER DATABASE ... SET): pgmig's sessions use it
CREATE SCHEMA app;
DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = app, public', current_database()); END$$;
CREATE TABLE app.t (id serial PRIMARY KEY, m text DEFAULT 'x');
CREATE TABLE app.c (t_id int REFERENCES app.t);
CREATE VIEW app.v AS SELECT id FROM app.t;
