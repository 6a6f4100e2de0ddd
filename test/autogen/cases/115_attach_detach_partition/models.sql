-- Partition maintenance on populated tables: an old partition detached into a standalone
-- archive table (DETACH PARTITION keeps its rows), a standalone table with the same columns
-- attached as a new partition (ATTACH PARTITION keeps its rows); neither may be dropped and
-- recreated empty.
CREATE TABLE log_entry (
    id bigint NOT NULL,
    at date NOT NULL,
    msg text
) PARTITION BY RANGE (at);
CREATE TABLE log_2023 (
    id bigint NOT NULL,
    at date NOT NULL,
    msg text
);
CREATE TABLE log_2024 PARTITION OF log_entry FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE log_2025_staging PARTITION OF log_entry FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
