CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS hstore;
CREATE TABLE member (
    id integer PRIMARY KEY,
    email citext NOT NULL UNIQUE,
    prefs hstore
);
INSERT INTO member VALUES (1, 'Ann@Example.com', 'a=>1'), (2, 'bob@example.com', NULL);
-- expect-rows: SELECT count(*) FROM member => 2
-- expect-rows: SELECT id FROM member WHERE email::text = 'Ann@Example.com' => 1
