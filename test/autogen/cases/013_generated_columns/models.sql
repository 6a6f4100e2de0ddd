-- Generated columns: change a generation expression (PostgreSQL 15 cannot alter it in place:
-- drop and re-add), and add a new stored generated column.
CREATE TABLE rect (
    id integer PRIMARY KEY,
    w integer NOT NULL,
    h integer NOT NULL,
    area integer GENERATED ALWAYS AS (w * h * 1) STORED,
    perimeter integer GENERATED ALWAYS AS (2 * (w + h)) STORED
);
