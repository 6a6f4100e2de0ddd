CREATE TABLE payment (
    id integer PRIMARY KEY,
    amount numeric NOT NULL,
    refunded boolean NOT NULL DEFAULT false
);
CREATE VIEW net_payment AS SELECT id, amount FROM payment WHERE NOT refunded;
CREATE MATERIALIZED VIEW payment_total AS SELECT sum(amount) AS total FROM net_payment;
CREATE INDEX payment_total_idx ON payment_total (total);
INSERT INTO payment VALUES (1, 10, false), (2, 5, true);
-- expect-rows: SELECT count(*) FROM payment => 2
