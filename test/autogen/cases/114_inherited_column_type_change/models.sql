-- Column changes on a partitioned table and on a plain INHERITS parent: type changes
-- (integer -> numeric(5,1), varchar(20) -> varchar(60)), a default and NOT NULL on the parent.
-- PostgreSQL propagates them to partitions and children and refuses them on an inherited
-- column ("cannot alter inherited column"): they must be emitted on the parent only.
CREATE TABLE measurement (
    city_id integer NOT NULL,
    logdate date NOT NULL,
    peaktemp numeric(5,1),
    unitsales bigint DEFAULT 0
) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_y2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurement_y2025 PARTITION OF measurement FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE animal (id integer PRIMARY KEY, name varchar(60) NOT NULL, weight numeric(6,2) NOT NULL DEFAULT 0);
CREATE TABLE dog (good boolean DEFAULT true) INHERITS (animal);
