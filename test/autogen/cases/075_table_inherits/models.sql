-- Plain (non-partition) INHERITS: a column added to the parent (children get it by
-- inheritance, it must not be added to them a second time), a check constraint added to the
-- parent (inherited by the children), a column added to one child only.
CREATE TABLE vehicle (
    id integer PRIMARY KEY,
    make text NOT NULL,
    color text,
    CONSTRAINT vehicle_make_nonempty CHECK (make <> ''),
    CONSTRAINT vehicle_color_known CHECK (color IN ('red', 'blue', 'white'))
);
CREATE TABLE car (
    doors integer NOT NULL DEFAULT 4,
    electric boolean NOT NULL DEFAULT false
) INHERITS (vehicle);
CREATE TABLE truck (
    payload_kg integer
) INHERITS (vehicle);
