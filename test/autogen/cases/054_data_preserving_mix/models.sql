-- Many non-destructive changes at once on populated tables: widen types, add columns with
-- defaults, add a check that the rows satisfy, change an FK action, add indexes, add a view.
CREATE TABLE customer (
    id integer PRIMARY KEY,
    name varchar(120) NOT NULL,
    city text,
    vip boolean NOT NULL DEFAULT false,
    CONSTRAINT customer_name_check CHECK (name <> '')
);
CREATE TABLE purchase (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    amount bigint NOT NULL,
    note text,
    created_at timestamptz DEFAULT now()
);
CREATE INDEX purchase_customer_idx ON purchase (customer_id, created_at);
CREATE INDEX customer_city_idx ON customer (city) WHERE city IS NOT NULL;
CREATE VIEW customer_spend AS
    SELECT c.id, c.name, sum(p.amount) AS spent FROM customer c JOIN purchase p ON p.customer_id = c.id GROUP BY c.id, c.name;
