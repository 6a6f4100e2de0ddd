-- Comments on every kind of object: schema, table (changed), column (removed and added),
-- constraint, index, view, view column, function, type, sequence; text with a quote.
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'the application';
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
COMMENT ON TABLE app.item IS 'Items the shop''s customers can buy';
COMMENT ON COLUMN app.item.id IS 'surrogate key';
COMMENT ON CONSTRAINT item_name_check ON app.item IS 'no empty names';
COMMENT ON INDEX app.item_name_idx IS 'lookup by name';
COMMENT ON VIEW app.item_v IS 'all items';
COMMENT ON COLUMN app.item_v.name IS 'the item name';
COMMENT ON FUNCTION app.f() IS 'returns one';
COMMENT ON TYPE app.kind IS 'item kind';
COMMENT ON SEQUENCE app.s IS 'a sequence';
