-- Extensions moved out of public into a dedicated schema (ALTER EXTENSION ... SET SCHEMA, not
-- drop + create, which would drop the citext and hstore columns and their data); the columns
-- keep their types, now ext.citext and ext.hstore.
CREATE SCHEMA ext;
CREATE EXTENSION IF NOT EXISTS citext SCHEMA ext;
CREATE EXTENSION IF NOT EXISTS hstore SCHEMA ext;
CREATE TABLE member (
    id integer PRIMARY KEY,
    email ext.citext NOT NULL UNIQUE,
    prefs ext.hstore
);
