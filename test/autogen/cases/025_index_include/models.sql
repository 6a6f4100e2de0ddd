-- Covering indexes: the INCLUDE list of an index changes (same name), a unique index with
-- INCLUDE is added, an index gets a storage parameter (fillfactor).
CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    total numeric,
    placed_at timestamptz
);
CREATE INDEX orders_customer_idx ON orders (customer_id) INCLUDE (total, placed_at);
CREATE UNIQUE INDEX orders_id_cover ON orders (id) INCLUDE (customer_id);
CREATE INDEX orders_placed_idx ON orders (placed_at) WITH (fillfactor = 70);
