-- A stored generated column calls an immutable SQL function; the function's body changes but
-- not its signature.
CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;
CREATE TABLE tag (id integer PRIMARY KEY, label text NOT NULL, key text GENERATED ALWAYS AS (norm(label)) STORED);
CREATE INDEX tag_key ON tag (key);
INSERT INTO tag (id, label) VALUES (1, ' Foo '), (2, 'Bar');
-- expect-rows: SELECT count(*) FROM tag => 2
-- expect-rows: SELECT string_agg(label, ',' ORDER BY id) FROM tag =>  Foo ,Bar
