CREATE TABLE rect (
    id integer PRIMARY KEY,
    w integer NOT NULL,
    h integer NOT NULL,
    area integer GENERATED ALWAYS AS (w * h) STORED
);
INSERT INTO rect (id, w, h) VALUES (1, 2, 3), (2, 4, 5);
-- expect-rows: SELECT count(*) FROM rect => 2
-- expect-rows: SELECT sum(w * h) FROM rect => 26
