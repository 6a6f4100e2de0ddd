-- A partition's bound changes (detach and re-attach, or drop and recreate), and the
-- partitioned parent's index is redefined under the same name.
CREATE TABLE logline (
    id integer NOT NULL,
    level integer NOT NULL,
    msg text
) PARTITION BY LIST (level);
CREATE TABLE logline_low PARTITION OF logline FOR VALUES IN (1, 2, 3);
CREATE TABLE logline_high PARTITION OF logline FOR VALUES IN (4, 5);
CREATE INDEX logline_id_idx ON logline (id, level);
