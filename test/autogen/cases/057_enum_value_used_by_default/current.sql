CREATE TYPE order_state AS ENUM ('open', 'closed');
CREATE TABLE shop_order (
    id integer PRIMARY KEY,
    state order_state NOT NULL DEFAULT 'open'
);
INSERT INTO shop_order VALUES (1, 'open'), (2, 'closed');
-- expect-rows: SELECT string_agg(state::text, ',' ORDER BY id) FROM shop_order => open,closed
