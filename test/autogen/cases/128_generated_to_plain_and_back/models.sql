-- A stored generated column becomes a plain column (PostgreSQL 15 has ALTER COLUMN ... DROP
-- EXPRESSION, which keeps the computed values; drop + add would lose them), while a plain
-- column becomes generated (drop + add with the expression: its values are recomputed).
CREATE TABLE invoice_line (
    id integer PRIMARY KEY,
    qty integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    total numeric(12,2),
    tax numeric(12,2) GENERATED ALWAYS AS (round(qty * unit_price * 0.19, 2)) STORED
);
