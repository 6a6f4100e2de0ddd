CREATE TABLE log_entry (
    id bigint NOT NULL,
    at date NOT NULL,
    msg text
) PARTITION BY RANGE (at);
CREATE TABLE log_2023 PARTITION OF log_entry FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE log_2024 PARTITION OF log_entry FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE log_2025_staging (
    id bigint NOT NULL,
    at date NOT NULL,
    msg text
);
INSERT INTO log_entry VALUES (1, '2023-06-01', 'old'), (2, '2024-06-01', 'new');
INSERT INTO log_2025_staging VALUES (3, '2025-02-02', 'staged');
-- expect-rows: SELECT count(*) FROM log_2023 => 1
-- expect-rows: SELECT count(*) FROM log_2024 => 1
-- expect-rows: SELECT count(*) FROM log_2025_staging => 1
