CREATE TABLE logline (
    id integer NOT NULL,
    level integer NOT NULL,
    msg text
) PARTITION BY LIST (level);
CREATE TABLE logline_low PARTITION OF logline FOR VALUES IN (1, 2);
CREATE TABLE logline_high PARTITION OF logline FOR VALUES IN (5);
CREATE INDEX logline_id_idx ON logline (id);
