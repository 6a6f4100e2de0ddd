-- A denormalized table replaced by a view of the same name computing the same columns (the
-- table must be dropped before the view is created: they share the relation name), and back on
-- downgrade (view dropped before the table is created).
CREATE TABLE order_line (
    id integer PRIMARY KEY,
    order_id integer NOT NULL,
    amount numeric(10,2) NOT NULL
);
CREATE VIEW order_total AS
    SELECT order_id, sum(amount)::numeric(12,2) AS total FROM order_line GROUP BY order_id;
