CREATE TABLE cache_entry (
    key text PRIMARY KEY,
    value bytea
);
CREATE UNLOGGED TABLE session (
    id uuid PRIMARY KEY,
    data jsonb
);
INSERT INTO cache_entry VALUES ('a', '\x00'), ('b', '\x01');
INSERT INTO session VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{}');
-- expect-rows: SELECT (SELECT count(*) FROM cache_entry) + (SELECT count(*) FROM session) => 3
