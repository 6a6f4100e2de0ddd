CREATE TABLE job (
    id integer PRIMARY KEY,
    state text DEFAULT 'queued',
    priority integer DEFAULT 5,
    created_at timestamptz,
    retries integer
);
INSERT INTO job (id) VALUES (1), (2);
-- expect-rows: SELECT count(*) FROM job WHERE state = 'queued' => 2
