-- norm() now also trims (same signature: CREATE OR REPLACE FUNCTION is accepted by PostgreSQL
-- even though a generated column uses it).
CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(btrim(t)) $$;
CREATE TABLE tag (id integer PRIMARY KEY, label text NOT NULL, key text GENERATED ALWAYS AS (norm(label)) STORED);
CREATE INDEX tag_key ON tag (key);
