-- An enum type with rows, a default and a check using it.
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE orders (id integer PRIMARY KEY, state order_state NOT NULL DEFAULT 'new' CHECK (state <> 'shipped' OR id > 0));
INSERT INTO orders VALUES (1, 'new'), (2, 'paid'), (3, 'shipped');
-- expect-rows: SELECT string_agg(state::text, ',' ORDER BY id) FROM orders => new,paid,shipped
