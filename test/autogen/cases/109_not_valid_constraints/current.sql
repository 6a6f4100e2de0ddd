CREATE TABLE merchant (id integer PRIMARY KEY);
CREATE TABLE payment (
    id integer PRIMARY KEY,
    merchant_id integer,
    amount numeric(10,2)
);
INSERT INTO merchant VALUES (1);
INSERT INTO payment VALUES (1, 1, 10), (2, 99, -5), (3, NULL, 3);
-- expect-rows: SELECT count(*) FROM payment => 3
