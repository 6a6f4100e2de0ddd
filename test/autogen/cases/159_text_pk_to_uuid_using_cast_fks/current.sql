CREATE EXTENSION pgcrypto;
CREATE TABLE device (
    id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
    label text
);
CREATE TABLE reading (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id text NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    value text NOT NULL,
    taken text NOT NULL
);
CREATE INDEX reading_device_taken ON reading (device_id, taken);
CREATE VIEW latest AS SELECT DISTINCT ON (device_id) device_id, value, taken FROM reading ORDER BY device_id, taken DESC;
INSERT INTO device VALUES ('7f3c2f6e-1b9a-4a8e-9c1d-0e2a7b6c5d4e', 'a'), ('0a1b2c3d-4e5f-6789-abcd-ef0123456789', 'b');
INSERT INTO reading (device_id, value, taken) VALUES
    ('7f3c2f6e-1b9a-4a8e-9c1d-0e2a7b6c5d4e', '1.5', '2024-01-01 10:00:00+00'),
    ('7f3c2f6e-1b9a-4a8e-9c1d-0e2a7b6c5d4e', '2.25', '2024-01-02 10:00:00+00'),
    ('0a1b2c3d-4e5f-6789-abcd-ef0123456789', '-3', '2024-01-01 00:00:00+00');
-- expect-rows: SELECT string_agg(device_id::text || '=' || value::numeric::float8, ',' ORDER BY device_id) FROM latest => 0a1b2c3d-4e5f-6789-abcd-ef0123456789=-3,7f3c2f6e-1b9a-4a8e-9c1d-0e2a7b6c5d4e=2.25
-- expect-rows: SELECT count(*) FROM reading => 3
