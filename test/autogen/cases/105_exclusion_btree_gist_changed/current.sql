CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE reservation (
    id integer PRIMARY KEY,
    room_id integer NOT NULL,
    period daterange NOT NULL,
    cancelled boolean NOT NULL DEFAULT false,
    CONSTRAINT reservation_no_overlap EXCLUDE USING gist (room_id WITH =, period WITH &&)
);
INSERT INTO reservation VALUES (1, 1, '[2024-01-01,2024-01-05)', false), (2, 1, '[2024-01-05,2024-01-08)', false);
-- expect-rows: SELECT count(*) FROM reservation => 2
