-- The type of a column that a generated column reads changes (integer -> bigint; PostgreSQL
-- refuses "cannot alter type of a column used by a generated column"), and the generated
-- column's own type changes too.
CREATE TABLE line (
    id integer PRIMARY KEY,
    qty integer NOT NULL,
    unit_price bigint NOT NULL,
    total bigint GENERATED ALWAYS AS (qty * unit_price) STORED
);
