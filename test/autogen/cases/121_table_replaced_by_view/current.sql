CREATE TABLE order_line (
    id integer PRIMARY KEY,
    order_id integer NOT NULL,
    amount numeric(10,2) NOT NULL
);
CREATE TABLE order_total (
    order_id integer PRIMARY KEY,
    total numeric(12,2) NOT NULL
);
INSERT INTO order_line VALUES (1, 1, 5), (2, 1, 7), (3, 2, 1);
INSERT INTO order_total VALUES (1, 12), (2, 1);
-- expect-rows: SELECT count(*) FROM order_line => 3
