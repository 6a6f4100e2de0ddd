CREATE TABLE person (
    id integer PRIMARY KEY,
    email text NOT NULL,
    name text NOT NULL
);
INSERT INTO person VALUES (1, 'Ann@example.com', 'Ann'), (2, 'bob@example.com', 'Bob');
-- expect-rows: SELECT count(*) FROM person => 2
