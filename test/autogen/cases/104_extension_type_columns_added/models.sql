-- Extension types on an existing populated table: the extensions are created first, a citext
-- column converted from text with a unique constraint, an hstore column added with a default
-- and a GIN index, a trigram index; nothing else changes.
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS hstore;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE customer (
    id integer PRIMARY KEY,
    email citext NOT NULL CONSTRAINT customer_email_key UNIQUE,
    tags text,
    attrs hstore NOT NULL DEFAULT ''::hstore
);
CREATE INDEX customer_attrs_gin ON customer USING gin (attrs);
CREATE INDEX customer_tags_trgm ON customer USING gist (tags gist_trgm_ops);
