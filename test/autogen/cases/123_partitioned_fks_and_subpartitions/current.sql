CREATE TABLE region (code text PRIMARY KEY);
CREATE TABLE sale_fact (
    id bigint NOT NULL,
    region text NOT NULL,
    sold_on date NOT NULL,
    amount numeric(10,2),
    PRIMARY KEY (id, region, sold_on)
) PARTITION BY LIST (region);
CREATE TABLE sale_fact_eu PARTITION OF sale_fact FOR VALUES IN ('eu') PARTITION BY RANGE (sold_on);
CREATE TABLE sale_fact_eu_2024 PARTITION OF sale_fact_eu FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE sale_fact_us PARTITION OF sale_fact FOR VALUES IN ('us');
INSERT INTO region VALUES ('eu'), ('us');
INSERT INTO sale_fact VALUES (1, 'eu', '2024-03-03', 10), (2, 'us', '2024-04-04', 20);
-- expect-rows: SELECT count(*) FROM sale_fact => 2
-- expect-rows: SELECT count(*) FROM sale_fact_eu_2024 => 1
