CREATE SCHEMA rpt;
CREATE TABLE sale (
    id integer PRIMARY KEY,
    region text NOT NULL,
    qty integer NOT NULL,
    unit_price numeric(10,2) NOT NULL
);
CREATE FUNCTION line_total(q integer, p numeric) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT (q * p)::integer $$;
CREATE VIEW rpt.sale_line AS SELECT id, region, line_total(qty, unit_price) AS total FROM sale;
CREATE VIEW rpt.region_total AS SELECT region, sum(total) AS total, count(*) AS n FROM rpt.sale_line GROUP BY region;
CREATE MATERIALIZED VIEW rpt.region_rank AS
    SELECT region, total, rank() OVER (ORDER BY total DESC) AS rnk FROM rpt.region_total;
CREATE UNIQUE INDEX region_rank_region ON rpt.region_rank (region);
CREATE INDEX region_rank_rnk ON rpt.region_rank (rnk) WHERE rnk <= 10;
COMMENT ON MATERIALIZED VIEW rpt.region_rank IS 'Regions by revenue';
COMMENT ON COLUMN rpt.region_rank.rnk IS 'Dense rank';
COMMENT ON VIEW rpt.sale_line IS 'One row per sale';
INSERT INTO sale VALUES (1, 'north', 2, 10.25), (2, 'south', 1, 99.99), (3, 'north', 3, 1.10);
REFRESH MATERIALIZED VIEW rpt.region_rank;
-- expect-rows: SELECT count(*) FROM sale => 3
