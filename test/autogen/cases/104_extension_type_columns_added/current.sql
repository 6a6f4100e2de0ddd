CREATE TABLE customer (
    id integer PRIMARY KEY,
    email text NOT NULL,
    tags text
);
INSERT INTO customer VALUES (1, 'A@x.org', 'vip'), (2, 'b@x.org', NULL);
-- expect-rows: SELECT count(*) FROM customer => 2
-- expect-rows: SELECT lower(email::text) FROM customer WHERE id = 1 => a@x.org
