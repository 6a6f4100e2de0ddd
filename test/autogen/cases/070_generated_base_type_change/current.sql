CREATE TABLE line (
    id integer PRIMARY KEY,
    qty integer NOT NULL,
    unit_price integer NOT NULL,
    total integer GENERATED ALWAYS AS (qty * unit_price) STORED
);
INSERT INTO line (id, qty, unit_price) VALUES (1, 2, 5), (2, 3, 7);
-- expect-rows: SELECT sum(qty * unit_price) FROM line => 31
