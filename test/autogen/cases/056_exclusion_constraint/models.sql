-- An exclusion constraint over an extension operator class (btree_gist), and a GiST index on
-- a range column.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE booking (
    id integer PRIMARY KEY,
    room integer NOT NULL,
    during tstzrange NOT NULL,
    CONSTRAINT booking_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)
);
CREATE INDEX booking_during_idx ON booking USING gist (during);
