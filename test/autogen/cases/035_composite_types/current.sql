CREATE TYPE address AS (street text, city text);
CREATE TYPE obsolete_pair AS (a integer, b integer);
CREATE TABLE customer (
    id integer PRIMARY KEY,
    home address
);
INSERT INTO customer VALUES (1, ROW('Main St 1', 'Springfield'));
-- expect-rows: SELECT (home).city FROM customer WHERE id = 1 => Springfield
