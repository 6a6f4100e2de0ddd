-- The view's CTE (MATERIALIZED), window frame, ranking function and LATERAL subquery change, a
-- column is appended, and lines goes from bigint (count) to numeric (sum of qty): a column type
-- change, so CREATE OR REPLACE VIEW is refused and the dependent view must be dropped and
-- recreated (and changes too).
CREATE TABLE sale (id integer PRIMARY KEY, region text NOT NULL, amount numeric(10,2) NOT NULL, sold_on date NOT NULL);
CREATE TABLE sale_line (sale_id integer REFERENCES sale, sku text, qty integer);
CREATE VIEW sale_report AS
WITH r AS MATERIALIZED (SELECT region, sum(amount) AS total, count(*) AS n FROM sale GROUP BY region)
SELECT s.id, s.region,
       dense_rank() OVER (PARTITION BY s.region ORDER BY s.amount DESC) AS rn,
       sum(s.amount) OVER (PARTITION BY s.region ORDER BY s.sold_on RANGE BETWEEN INTERVAL '7 days' PRECEDING AND CURRENT ROW) AS running,
       r.total,
       l.lines,
       lag(s.amount) OVER (ORDER BY s.id) AS prev_amount
FROM sale s
JOIN r USING (region)
LEFT JOIN LATERAL (SELECT sum(sl.qty)::numeric AS lines FROM sale_line sl WHERE sl.sale_id = s.id) l ON true;
CREATE VIEW sale_top AS SELECT id, region, running, lines FROM sale_report WHERE rn = 1;
