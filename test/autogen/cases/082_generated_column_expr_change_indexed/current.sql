CREATE TABLE person (
    id integer PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED
);
CREATE INDEX person_full_name_idx ON person (full_name);
CREATE UNIQUE INDEX person_full_name_lower ON person (lower(full_name));
INSERT INTO person VALUES (1, 'Ada', 'Lovelace'), (2, 'Alan', 'Turing');
-- expect-rows: SELECT count(*) FROM person => 2
-- expect-rows: SELECT string_agg(first_name, ',' ORDER BY id) FROM person => Ada,Alan
