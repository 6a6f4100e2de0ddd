-- A chain five deep: function -> view -> view -> materialized view -> two indexes (one partial),
-- across two schemas, with comments on each level.  The function's return type changes
-- (integer -> numeric, DROP + CREATE), so both views change column types (CREATE OR REPLACE
-- VIEW cannot): the whole chain is dropped top-down and recreated bottom-up, comments included;
-- the base table also gains a column the first view uses.
CREATE SCHEMA rpt;
CREATE TABLE sale (
    id integer PRIMARY KEY,
    region text NOT NULL,
    qty integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    discount numeric(4,2) NOT NULL DEFAULT 0
);
CREATE FUNCTION line_total(q integer, p numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT round(q * p, 2) $$;
CREATE VIEW rpt.sale_line AS SELECT id, region, line_total(qty, unit_price) - discount AS total FROM sale;
CREATE VIEW rpt.region_total AS SELECT region, sum(total) AS total, count(*) AS n FROM rpt.sale_line GROUP BY region;
CREATE MATERIALIZED VIEW rpt.region_rank AS
    SELECT region, total, dense_rank() OVER (ORDER BY total DESC) AS rnk FROM rpt.region_total;
CREATE UNIQUE INDEX region_rank_region ON rpt.region_rank (region);
CREATE INDEX region_rank_rnk ON rpt.region_rank (rnk) WHERE rnk <= 10;
COMMENT ON MATERIALIZED VIEW rpt.region_rank IS 'Regions by revenue';
COMMENT ON COLUMN rpt.region_rank.rnk IS 'Dense rank';
COMMENT ON VIEW rpt.sale_line IS 'One row per sale, net of discount';
COMMENT ON VIEW rpt.region_total IS 'Totals per region';
