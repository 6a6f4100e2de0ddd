CREATE TYPE address AS (street text, city text);
CREATE TABLE shop (
    id integer PRIMARY KEY,
    name text NOT NULL,
    location address
);
INSERT INTO shop VALUES (1, 'corner', ROW('Main St 1', 'Springfield'));
-- expect-rows: SELECT count(*) FROM shop => 1
-- expect-rows: SELECT (location).city FROM shop WHERE id = 1 => Springfield
