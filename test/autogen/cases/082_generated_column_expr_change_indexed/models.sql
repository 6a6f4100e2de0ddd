-- A stored generated column whose expression changes (PostgreSQL 15 has no ALTER COLUMN SET
-- EXPRESSION: drop and re-add the column) while a plain and an expression unique index use it:
-- both indexes must be recreated afterwards.
CREATE TABLE person (
    id integer PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    full_name text GENERATED ALWAYS AS (last_name || ', ' || first_name) STORED
);
CREATE INDEX person_full_name_idx ON person (full_name);
CREATE UNIQUE INDEX person_full_name_lower ON person (lower(full_name));
