CREATE TABLE person (
    id integer PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO person VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');
-- expect-rows: SELECT count(*) FROM person => 3
-- expect-rows: SELECT string_agg(name, ',' ORDER BY id) FROM person => ann,bob,cy
