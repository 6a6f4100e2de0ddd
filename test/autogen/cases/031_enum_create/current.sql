CREATE TABLE shirt (
    id integer PRIMARY KEY,
    size text
);
INSERT INTO shirt VALUES (1, 'small'), (2, 'large');
-- expect-rows: SELECT count(*) FROM shirt => 2
