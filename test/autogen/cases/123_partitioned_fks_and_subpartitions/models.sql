-- Multi-level partitioning and foreign keys on partitioned tables: a sub-partition added under
-- a sub-partitioned partition, a new list partition that is itself partitioned, an FK from the
-- partitioned table to a plain table (cloned onto every partition, not to be created again),
-- an FK from a plain table to the partitioned table's primary key.
CREATE TABLE region (code text PRIMARY KEY);
CREATE TABLE sale_fact (
    id bigint NOT NULL,
    region text NOT NULL REFERENCES region (code),
    sold_on date NOT NULL,
    amount numeric(10,2),
    PRIMARY KEY (id, region, sold_on)
) PARTITION BY LIST (region);
CREATE TABLE sale_fact_eu PARTITION OF sale_fact FOR VALUES IN ('eu') PARTITION BY RANGE (sold_on);
CREATE TABLE sale_fact_eu_2024 PARTITION OF sale_fact_eu FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE sale_fact_eu_2025 PARTITION OF sale_fact_eu FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE sale_fact_us PARTITION OF sale_fact FOR VALUES IN ('us');
CREATE TABLE sale_fact_apac PARTITION OF sale_fact FOR VALUES IN ('apac') PARTITION BY RANGE (sold_on);
CREATE TABLE sale_fact_apac_2025 PARTITION OF sale_fact_apac FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE sale_refund (
    id integer PRIMARY KEY,
    sale_id bigint NOT NULL,
    region text NOT NULL,
    sold_on date NOT NULL,
    FOREIGN KEY (sale_id, region, sold_on) REFERENCES sale_fact (id, region, sold_on)
);
