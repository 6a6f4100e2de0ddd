CREATE TABLE stock (
    sku text PRIMARY KEY,
    qty integer NOT NULL
);
CREATE FUNCTION total_qty() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT sum(qty) FROM stock;
END;
INSERT INTO stock VALUES ('a', 1), ('b', 2);
-- expect-rows: SELECT total_qty() => 3
