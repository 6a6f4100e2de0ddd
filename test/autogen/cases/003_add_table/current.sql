CREATE TABLE author (
    id integer PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO author VALUES (1, 'Le Guin'), (2, 'Lem'), (3, 'Borges');
-- expect-rows: SELECT count(*) FROM author => 3
