CREATE TABLE hot (
    id integer PRIMARY KEY,
    v integer
) WITH (fillfactor = 90);
CREATE TABLE cold (
    id integer PRIMARY KEY
) WITH (autovacuum_enabled = false);
INSERT INTO hot VALUES (1, 1);
-- expect-rows: SELECT count(*) FROM hot => 1
