CREATE TABLE person (
    id integer PRIMARY KEY,
    age integer,
    CONSTRAINT ck_age CHECK (age > 0)
);
INSERT INTO person VALUES (1, 30), (2, 41);
-- expect-rows: SELECT count(*) FROM person => 2
