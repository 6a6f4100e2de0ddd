-- An SQL-standard function body depends on a column (pg_depend): the column's type change
-- needs the function dropped before and recreated after.
CREATE TABLE stock (
    sku text PRIMARY KEY,
    qty bigint NOT NULL
);
CREATE FUNCTION total_qty() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT sum(qty) FROM stock;
END;
