-- Extensions: citext and pg_trgm created (with a citext column converted from text and a
-- trigram GIN index that depend on them), btree_gist created in another schema, hstore kept.
CREATE EXTENSION IF NOT EXISTS hstore;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE SCHEMA ext;
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA ext;
CREATE TABLE profile (
    id integer PRIMARY KEY,
    email citext NOT NULL,
    attrs hstore
);
CREATE INDEX profile_email_trgm ON profile USING gin (email gin_trgm_ops);
