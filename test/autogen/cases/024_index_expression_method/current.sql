CREATE TABLE doc (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body jsonb,
    created date,
    k integer
);
INSERT INTO doc VALUES (1, 'Hello', '{"a": 1}', '2024-01-01', 1);
-- expect-rows: SELECT count(*) FROM doc => 1
