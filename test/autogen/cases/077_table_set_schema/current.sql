CREATE SCHEMA legacy;
CREATE SCHEMA core;
CREATE TABLE legacy.customer (
    id integer PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE core.invoice (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES legacy.customer (id),
    total numeric(10,2)
);
CREATE VIEW core.invoice_with_customer AS
    SELECT i.id, i.total, c.name FROM core.invoice i JOIN legacy.customer c ON c.id = i.customer_id;
INSERT INTO legacy.customer VALUES (1, 'ann'), (2, 'bob');
INSERT INTO core.invoice VALUES (1, 1, 10), (2, 2, 20);
-- expect-rows: SELECT count(*) FROM core.invoice => 2
-- expect-rows: SELECT string_agg(name, ',' ORDER BY id) FROM core.invoice_with_customer => ann,bob
