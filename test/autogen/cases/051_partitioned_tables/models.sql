-- Partitioned tables: a new partition, a dropped one, a default partition, an index and a
-- primary key on the parent (propagated to the partitions), a new column on the parent, a
-- new list-partitioned table with a sub-partitioned (hash) partition.
CREATE TABLE measurement (
    id bigint NOT NULL,
    logdate date NOT NULL,
    value integer,
    unit text,
    PRIMARY KEY (id, logdate)
) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_2023 PARTITION OF measurement FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurement_default PARTITION OF measurement DEFAULT;
CREATE INDEX measurement_value_idx ON measurement (value);

CREATE TABLE city (
    id integer NOT NULL,
    country text NOT NULL
) PARTITION BY LIST (country);
CREATE TABLE city_eu PARTITION OF city FOR VALUES IN ('fr', 'de', 'it') PARTITION BY HASH (id);
CREATE TABLE city_eu_0 PARTITION OF city_eu FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE city_eu_1 PARTITION OF city_eu FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE city_other PARTITION OF city DEFAULT;
