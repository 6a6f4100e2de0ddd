-- Drop a column in the middle and one at the end (destructive); the downgrade adds them back
-- (at the end of the table: the comparison must not depend on column order).
CREATE TABLE item (
    id integer PRIMARY KEY,
    label text NOT NULL
);
