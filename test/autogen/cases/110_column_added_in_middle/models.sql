-- A column added in the middle of the model's column list (and another one's position swapped):
-- PostgreSQL can only append, so the upgrade appends it and the later `check` and second
-- autogenerate must not report the column order as a difference.
CREATE TABLE employee (
    id integer PRIMARY KEY,
    first_name text,
    salary numeric(10,2),
    last_name text NOT NULL
);
