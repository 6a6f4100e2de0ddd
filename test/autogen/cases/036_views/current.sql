CREATE TABLE sale (
    id integer PRIMARY KEY,
    region text NOT NULL,
    amount numeric NOT NULL,
    sold_on date NOT NULL
);
CREATE VIEW region_total AS
    SELECT region, sum(amount) AS total FROM sale GROUP BY region;
CREATE VIEW old_report AS SELECT id FROM sale;
INSERT INTO sale VALUES (1, 'north', 10, '2024-01-01'), (2, 'south', 5, '2024-02-01');
-- expect-rows: SELECT count(*) FROM sale => 2
