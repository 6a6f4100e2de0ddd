CREATE SCHEMA app;
CREATE TABLE app.users (id int PRIMARY KEY, email text);
CREATE VIEW app.v AS SELECT id, email FROM app.users;
