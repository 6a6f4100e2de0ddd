CREATE TABLE sale (
    id integer PRIMARY KEY,
    region text NOT NULL,
    amount numeric(10,2) NOT NULL
);
CREATE MATERIALIZED VIEW region_total AS
    SELECT region, sum(amount) AS total FROM sale GROUP BY region;
CREATE UNIQUE INDEX region_total_region ON region_total (region);
INSERT INTO sale VALUES (1, 'north', 10), (2, 'south', 20), (3, 'north', 5);
REFRESH MATERIALIZED VIEW CONCURRENTLY region_total;
-- expect-rows: SELECT count(*) FROM region_total => 2
