CREATE TABLE event (
    id bigint NOT NULL,
    happened date NOT NULL,
    kind text NOT NULL,
    payload jsonb
) PARTITION BY RANGE (happened);
CREATE TABLE event_2024 PARTITION OF event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE event_2025 PARTITION OF event FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX event_2024_kind_local ON event_2024 (kind);
INSERT INTO event VALUES (1, '2024-03-01', 'a', NULL), (2, '2025-05-05', 'b', '{"x": 1}');
-- expect-rows: SELECT count(*) FROM event => 2
-- expect-rows: SELECT count(*) FROM event_2025 => 1
-- expect-rows: SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT i.indisvalid => 0
