CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE booking (
    id integer PRIMARY KEY,
    room integer NOT NULL,
    during tstzrange NOT NULL
);
INSERT INTO booking VALUES (1, 1, '[2024-01-01 10:00+00, 2024-01-01 11:00+00)'), (2, 1, '[2024-01-01 11:00+00, 2024-01-01 12:00+00)');
-- expect-rows: SELECT count(*) FROM booking => 2
