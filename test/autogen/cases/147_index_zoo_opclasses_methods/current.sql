CREATE EXTENSION pg_trgm;
CREATE EXTENSION btree_gist;
CREATE TABLE event (
    id bigint PRIMARY KEY,
    kind text NOT NULL,
    path text,
    payload jsonb NOT NULL DEFAULT '{}',
    at timestamptz NOT NULL,
    token text,
    room integer,
    span tsrange
);
CREATE INDEX event_path_prefix ON event (path text_pattern_ops);
CREATE INDEX event_payload ON event USING gin (payload);
CREATE INDEX event_at_brin ON event USING brin (at) WITH (pages_per_range = 32);
CREATE INDEX event_token_hash ON event USING hash (token);
CREATE UNIQUE INDEX event_kind_token ON event (kind, token);
CREATE INDEX event_kind_cover ON event (kind) INCLUDE (at);
CREATE INDEX event_kind_trgm ON event USING gist (kind gist_trgm_ops);
CREATE INDEX event_room_span ON event USING gist (room, span);
INSERT INTO event VALUES (1, 'click', '/a/b', '{"x": 1}', '2024-01-01', 't1', 1, '[2024-01-01,2024-01-02)'),
                         (2, 'view', '/a', '{}', '2024-01-02', NULL, 2, NULL);
-- expect-rows: SELECT count(*) FROM event => 2
