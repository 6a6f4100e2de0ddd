-- A view that a materialized view (with an index) reads is redefined incompatibly (column
-- type changes): the materialized view and its index are dropped and recreated around it.
CREATE TABLE payment (
    id integer PRIMARY KEY,
    amount numeric NOT NULL,
    refunded boolean NOT NULL DEFAULT false
);
CREATE VIEW net_payment AS SELECT id, amount::numeric(12,2) AS amount FROM payment WHERE NOT refunded;
CREATE MATERIALIZED VIEW payment_total AS SELECT sum(amount) AS total FROM net_payment;
CREATE INDEX payment_total_idx ON payment_total (total);
