CREATE TABLE invoice_line (
    id integer PRIMARY KEY,
    qty integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    total numeric(12,2) GENERATED ALWAYS AS (qty * unit_price) STORED,
    tax numeric(12,2)
);
INSERT INTO invoice_line (id, qty, unit_price, tax) VALUES (1, 2, 3.00, 0.57), (2, 1, 10.00, 1.90);
-- expect-rows: SELECT string_agg(total::text, ',' ORDER BY id) FROM invoice_line => 6.00,10.00
-- expect-rows: SELECT count(*) FROM invoice_line => 2
