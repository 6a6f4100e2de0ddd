CREATE SCHEMA staging;
CREATE TABLE staging.raw (id integer PRIMARY KEY, payload text);
CREATE INDEX raw_payload_idx ON staging.raw (payload);
CREATE VIEW staging.raw_v AS SELECT id FROM staging.raw;
CREATE FUNCTION staging.cleanup() RETURNS void LANGUAGE sql AS $$ DELETE FROM staging.raw $$;
CREATE SEQUENCE staging.batch_seq;
CREATE TABLE main (id integer PRIMARY KEY);
INSERT INTO main VALUES (1), (2);
-- expect-rows: SELECT count(*) FROM main => 2
