-- A booking table with a UNIQUE constraint named booking_slot, and an index named like a constraint.
CREATE EXTENSION btree_gist;
CREATE TABLE booking (id integer PRIMARY KEY, room integer NOT NULL, during tstzrange NOT NULL,
    CONSTRAINT booking_slot UNIQUE (room, during));
INSERT INTO booking VALUES (1, 1, '[2024-01-01,2024-01-02)'), (2, 1, '[2024-01-02,2024-01-03)');
-- expect-rows: SELECT count(*) FROM booking => 2
