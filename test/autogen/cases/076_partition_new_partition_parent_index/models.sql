-- A range-partitioned table gains a partition (created with PARTITION OF, not as a plain
-- table), a primary key and indexes on the parent (cascading to every partition, must not be
-- created again per partition), a partition with its own extra local index, and a column added
-- on the parent only. The parent indexes must end up valid (an index made ON ONLY the parent
-- and never attached to the partitions' indexes stays invalid and indexes nothing).
CREATE TABLE event (
    id bigint NOT NULL,
    happened date NOT NULL,
    kind text NOT NULL,
    payload jsonb,
    source text,
    PRIMARY KEY (id, happened)
) PARTITION BY RANGE (happened);
CREATE TABLE event_2024 PARTITION OF event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE event_2025 PARTITION OF event FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE event_2026 PARTITION OF event FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX event_kind_idx ON event (kind);
CREATE INDEX event_payload_gin ON event USING gin (payload);
CREATE INDEX event_2024_kind_local ON event_2024 (kind);
