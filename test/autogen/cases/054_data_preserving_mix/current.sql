CREATE TABLE customer (
    id integer PRIMARY KEY,
    name varchar(50) NOT NULL,
    city text
);
CREATE TABLE purchase (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customer (id),
    amount integer NOT NULL,
    note text
);
CREATE INDEX purchase_customer_idx ON purchase (customer_id);
INSERT INTO customer VALUES (1, 'ann', 'Oslo'), (2, 'bob', NULL), (3, 'cy', 'Rome');
INSERT INTO purchase VALUES (1, 1, 100, NULL), (2, 1, 250, 'gift'), (3, 3, 75, NULL), (4, 2, 10, NULL);
-- expect-rows: SELECT count(*) FROM customer => 3
-- expect-rows: SELECT count(*) || ':' || sum(amount) FROM purchase => 4:435
-- expect-rows: SELECT string_agg(name, ',' ORDER BY id) FROM customer => ann,bob,cy
