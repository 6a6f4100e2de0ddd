-- Composite types: an attribute added to a type used by a column (ALTER TYPE ... ADD
-- ATTRIBUTE), a new composite type with a collated attribute used by a function, one dropped.
CREATE TYPE address AS (street text, city text, zip varchar(10));
CREATE TYPE money_amount AS (value numeric(12,2), currency char(3) COLLATE "C");
CREATE TABLE customer (
    id integer PRIMARY KEY,
    home address
);
CREATE FUNCTION zero_amount() RETURNS money_amount LANGUAGE sql IMMUTABLE
    AS $$ SELECT ROW(0, 'EUR')::money_amount $$;
