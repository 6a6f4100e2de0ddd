CREATE TABLE hit (
    id integer PRIMARY KEY,
    url text NOT NULL,
    at date NOT NULL
);
CREATE MATERIALIZED VIEW daily_hits AS SELECT at, count(*) AS n FROM hit GROUP BY at;
CREATE MATERIALIZED VIEW stale_mv AS SELECT 1 AS one;
INSERT INTO hit VALUES (1, '/', '2024-01-01'), (2, '/a', '2024-01-01');
-- expect-rows: SELECT count(*) FROM hit => 2
