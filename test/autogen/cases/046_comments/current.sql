CREATE SCHEMA app;
CREATE TABLE app.item (
    id integer PRIMARY KEY,
    name text,
    CONSTRAINT item_name_check CHECK (name <> '')
);
CREATE INDEX item_name_idx ON app.item (name);
CREATE VIEW app.item_v AS SELECT id, name FROM app.item;
CREATE FUNCTION app.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE TYPE app.kind AS ENUM ('a', 'b');
CREATE SEQUENCE app.s;
COMMENT ON TABLE app.item IS 'old comment';
COMMENT ON COLUMN app.item.name IS 'to be removed';
INSERT INTO app.item VALUES (1, 'x');
-- expect-rows: SELECT count(*) FROM app.item => 1
