CREATE EXTENSION btree_gist;
CREATE TABLE resource (id integer PRIMARY KEY, kind text NOT NULL);
CREATE TABLE booking (
    id integer PRIMARY KEY,
    resource_id integer NOT NULL REFERENCES resource (id),
    during tstzrange NOT NULL,
    cancelled boolean NOT NULL DEFAULT false,
    CONSTRAINT booking_no_overlap EXCLUDE USING gist (resource_id WITH =, during WITH &&)
);
CREATE TABLE booking_archive () INHERITS (booking);
INSERT INTO resource VALUES (1, 'room'), (2, 'car');
INSERT INTO booking VALUES (1, 1, '[2024-01-01 10:00, 2024-01-01 11:00)', false), (2, 1, '[2024-01-01 11:00, 2024-01-01 12:00)', true);
INSERT INTO booking_archive VALUES (3, 2, '[2023-01-01, 2023-01-02)', false);
-- expect-rows: SELECT count(*) FROM booking => 3
-- expect-rows: SELECT count(*) FROM ONLY booking => 2
