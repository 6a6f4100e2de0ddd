-- Views: a definition change that adds a column at the end (CREATE OR REPLACE VIEW works), a
-- new view with WITH (security_barrier) and a column comment, a dropped view.
CREATE TABLE sale (
    id integer PRIMARY KEY,
    region text NOT NULL,
    amount numeric NOT NULL,
    sold_on date NOT NULL
);
CREATE VIEW region_total AS
    SELECT region, sum(amount) AS total, count(*) AS n FROM sale GROUP BY region;
CREATE VIEW recent_sale WITH (security_barrier) AS
    SELECT id, region, amount FROM sale WHERE sold_on > DATE '2024-01-15';
COMMENT ON COLUMN recent_sale.amount IS 'gross amount';
