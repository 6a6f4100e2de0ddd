CREATE TABLE client (
    id serial PRIMARY KEY,
    name text
);
INSERT INTO client (name) VALUES ('a'), ('b'), ('c');
-- expect-rows: SELECT string_agg(id::text, ',' ORDER BY id) FROM client => 1,2,3
