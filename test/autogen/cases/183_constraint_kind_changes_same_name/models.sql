-- booking_slot becomes an exclusion constraint of the same name (no overlap per room).
CREATE EXTENSION btree_gist;
CREATE TABLE booking (id integer PRIMARY KEY, room integer NOT NULL, during tstzrange NOT NULL,
    CONSTRAINT booking_slot EXCLUDE USING gist (room WITH =, during WITH &&));
