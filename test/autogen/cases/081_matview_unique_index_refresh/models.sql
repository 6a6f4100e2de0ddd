-- A materialized view with a unique index (needed by REFRESH MATERIALIZED VIEW CONCURRENTLY)
-- gains a column: it is dropped and recreated, populated (WITH DATA, so it can be queried right
-- after the upgrade), and its unique index recreated; a second index is added.
CREATE TABLE sale (
    id integer PRIMARY KEY,
    region text NOT NULL,
    amount numeric(10,2) NOT NULL
);
CREATE MATERIALIZED VIEW region_total AS
    SELECT region, sum(amount) AS total, count(*) AS n FROM sale GROUP BY region;
CREATE UNIQUE INDEX region_total_region ON region_total (region);
CREATE INDEX region_total_total ON region_total (total DESC);
