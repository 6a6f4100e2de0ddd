CREATE SCHEMA inv;
CREATE TYPE inv.unit AS ENUM ('kg', 'pc');
CREATE DOMAIN inv.qty AS numeric(10,3) CHECK (VALUE >= 0);
CREATE SEQUENCE inv.lot_no;
CREATE TABLE inv.item (
    id integer PRIMARY KEY,
    name text NOT NULL,
    unit inv.unit NOT NULL,
    stock inv.qty NOT NULL DEFAULT 0,
    CONSTRAINT item_name_check CHECK (name <> '')
);
CREATE INDEX item_name_idx ON inv.item (name);
CREATE VIEW inv.in_stock AS SELECT id, name FROM inv.item WHERE stock > 0;
CREATE MATERIALIZED VIEW inv.stock_by_unit AS SELECT unit, sum(stock) AS total FROM inv.item GROUP BY unit;
CREATE FUNCTION inv.restock(p_id integer, p_qty numeric) RETURNS void LANGUAGE sql AS $$ UPDATE inv.item SET stock = stock + p_qty WHERE id = p_id $$;
CREATE FUNCTION inv.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER item_noop BEFORE UPDATE ON inv.item FOR EACH ROW EXECUTE FUNCTION inv.noop();
ALTER TABLE inv.item ENABLE ROW LEVEL SECURITY;
CREATE POLICY item_all ON inv.item USING (true);
COMMENT ON SCHEMA inv IS 'inventory';
COMMENT ON TYPE inv.unit IS 'units';
COMMENT ON DOMAIN inv.qty IS 'quantity';
COMMENT ON SEQUENCE inv.lot_no IS 'lots';
COMMENT ON TABLE inv.item IS 'items';
COMMENT ON COLUMN inv.item.stock IS 'on hand';
COMMENT ON CONSTRAINT item_name_check ON inv.item IS 'named';
COMMENT ON INDEX inv.item_name_idx IS 'by name';
COMMENT ON VIEW inv.in_stock IS 'available';
COMMENT ON COLUMN inv.in_stock.name IS 'item name';
COMMENT ON MATERIALIZED VIEW inv.stock_by_unit IS 'totals';
COMMENT ON FUNCTION inv.restock(integer, numeric) IS 'adds stock';
COMMENT ON TRIGGER item_noop ON inv.item IS 'placeholder';
COMMENT ON POLICY item_all ON inv.item IS 'open';
INSERT INTO inv.item VALUES (1, 'flour', 'kg', 2.5), (2, 'egg', 'pc', 0);
-- expect-rows: SELECT string_agg(name || '=' || stock, ',' ORDER BY id) FROM inv.item => flour=2.500,egg=0.000
