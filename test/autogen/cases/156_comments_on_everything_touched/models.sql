-- Comments on every kind of object, changed, removed and added at once, while most of the
-- commented objects are themselves dropped and recreated (the enum gains a value in place, the
-- view and matview change definition with their column comments, the function's return type
-- changes, the trigger changes events, the policy becomes restrictive, the index changes
-- columns, the check is redefined): every comment must be (re)applied after its object, and none
-- applied to an object that no longer exists.
CREATE SCHEMA inv;
CREATE TYPE inv.unit AS ENUM ('kg', 'l', 'pc');
CREATE DOMAIN inv.qty AS numeric(10,3) CHECK (VALUE >= 0);
CREATE SEQUENCE inv.lot_no;
CREATE TABLE inv.item (
    id integer PRIMARY KEY,
    name text NOT NULL,
    unit inv.unit NOT NULL,
    stock inv.qty NOT NULL DEFAULT 0,
    CONSTRAINT item_name_check CHECK (length(name) > 1)
);
CREATE INDEX item_name_idx ON inv.item (lower(name));
CREATE VIEW inv.in_stock AS SELECT id, name, stock FROM inv.item WHERE stock > 0;
CREATE MATERIALIZED VIEW inv.stock_by_unit AS SELECT unit, sum(stock) AS total, count(*) AS n FROM inv.item GROUP BY unit;
CREATE FUNCTION inv.restock(p_id integer, p_qty numeric) RETURNS numeric LANGUAGE sql AS $$ UPDATE inv.item SET stock = stock + p_qty WHERE id = p_id RETURNING stock $$;
CREATE FUNCTION inv.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER item_noop BEFORE INSERT OR UPDATE ON inv.item FOR EACH ROW EXECUTE FUNCTION inv.noop();
ALTER TABLE inv.item ENABLE ROW LEVEL SECURITY;
CREATE POLICY item_all ON inv.item AS RESTRICTIVE USING (true);
COMMENT ON SCHEMA inv IS 'inventory v2';
COMMENT ON TYPE inv.unit IS 'units';
COMMENT ON DOMAIN inv.qty IS NULL;
COMMENT ON SEQUENCE inv.lot_no IS 'lot numbers';
COMMENT ON TABLE inv.item IS 'items';
COMMENT ON COLUMN inv.item.stock IS 'on hand';
COMMENT ON COLUMN inv.item.unit IS 'unit of measure';
COMMENT ON CONSTRAINT item_name_check ON inv.item IS 'named';
COMMENT ON INDEX inv.item_name_idx IS 'by name, case-insensitive';
COMMENT ON VIEW inv.in_stock IS 'available';
COMMENT ON COLUMN inv.in_stock.name IS 'item name';
COMMENT ON COLUMN inv.in_stock.stock IS 'qty';
COMMENT ON MATERIALIZED VIEW inv.stock_by_unit IS 'totals';
COMMENT ON COLUMN inv.stock_by_unit.n IS 'item count';
COMMENT ON FUNCTION inv.restock(integer, numeric) IS 'adds stock';
COMMENT ON FUNCTION inv.noop() IS 'does nothing';
COMMENT ON TRIGGER item_noop ON inv.item IS 'placeholder';
COMMENT ON POLICY item_all ON inv.item IS 'open';
