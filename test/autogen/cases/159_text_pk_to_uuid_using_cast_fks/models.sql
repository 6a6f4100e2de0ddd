-- Types that need a USING cast, on populated tables: a text primary key holding UUIDs becomes
-- uuid (its default changes with it: the text-returning default must be dropped before the type
-- change and the new one set after), the referencing FK column too (FK dropped and re-added),
-- text -> numeric and text -> timestamptz columns used by an index and a DISTINCT ON view.
CREATE EXTENSION pgcrypto;
CREATE TABLE device (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    label text
);
CREATE TABLE reading (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id uuid NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    value numeric(8,2) NOT NULL,
    taken timestamptz NOT NULL
);
CREATE INDEX reading_device_taken ON reading (device_id, taken);
CREATE VIEW latest AS SELECT DISTINCT ON (device_id) device_id, value, taken FROM reading ORDER BY device_id, taken DESC;
