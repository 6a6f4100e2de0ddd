-- A reporting view with a CTE, window functions and a LATERAL subquery, and a view on top.
CREATE TABLE sale (id integer PRIMARY KEY, region text NOT NULL, amount numeric(10,2) NOT NULL, sold_on date NOT NULL);
CREATE TABLE sale_line (sale_id integer REFERENCES sale, sku text, qty integer);
INSERT INTO sale VALUES (1, 'eu', 10, '2024-01-01'), (2, 'eu', 20, '2024-01-02'), (3, 'us', 5, '2024-01-03');
INSERT INTO sale_line VALUES (1, 'a', 1), (1, 'b', 2), (3, 'a', 7);
CREATE VIEW sale_report AS
WITH r AS (SELECT region, sum(amount) AS total FROM sale GROUP BY region)
SELECT s.id, s.region,
       row_number() OVER (PARTITION BY s.region ORDER BY s.sold_on) AS rn,
       sum(s.amount) OVER w AS running,
       r.total,
       l.lines
FROM sale s
JOIN r USING (region)
CROSS JOIN LATERAL (SELECT count(*) AS lines FROM sale_line sl WHERE sl.sale_id = s.id) l
WINDOW w AS (PARTITION BY s.region ORDER BY s.sold_on ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);
CREATE VIEW sale_top AS SELECT id, region, running FROM sale_report WHERE rn = 1;
-- expect-rows: SELECT count(*) FROM sale_line => 3
