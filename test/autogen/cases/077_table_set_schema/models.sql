-- A table moved to another schema (same name and columns): a foreign key from and a view in
-- another schema point at it; the old schema is dropped once empty. Its rows, which the foreign
-- key needs, must survive: ALTER TABLE ... SET SCHEMA rather than drop + create.
CREATE SCHEMA core;
CREATE TABLE core.customer (
    id integer PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE core.invoice (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES core.customer (id),
    total numeric(10,2)
);
CREATE VIEW core.invoice_with_customer AS
    SELECT i.id, i.total, c.name FROM core.invoice i JOIN core.customer c ON c.id = i.customer_id;
