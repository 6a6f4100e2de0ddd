-- Table storage parameters: one changed, one added, one reset (ALTER TABLE SET / RESET).
CREATE TABLE hot (
    id integer PRIMARY KEY,
    v integer
) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.05);
CREATE TABLE cold (
    id integer PRIMARY KEY
);
