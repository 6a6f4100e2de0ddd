CREATE TABLE vehicle (
    id integer PRIMARY KEY,
    make text NOT NULL,
    CONSTRAINT vehicle_make_nonempty CHECK (make <> '')
);
CREATE TABLE car (
    doors integer NOT NULL DEFAULT 4
) INHERITS (vehicle);
CREATE TABLE truck (
    payload_kg integer
) INHERITS (vehicle);
INSERT INTO vehicle VALUES (1, 'generic');
INSERT INTO car VALUES (2, 'vw', 5);
INSERT INTO truck VALUES (3, 'man', 12000);
-- expect-rows: SELECT count(*) FROM vehicle => 3
-- expect-rows: SELECT count(*) FROM ONLY car => 1
-- expect-rows: SELECT payload_kg FROM truck WHERE id = 3 => 12000
