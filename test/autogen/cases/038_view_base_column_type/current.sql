CREATE TABLE reading (
    id integer PRIMARY KEY,
    value integer NOT NULL,
    note varchar(20)
);
CREATE VIEW reading_v AS SELECT id, value, note FROM reading;
CREATE VIEW reading_high AS SELECT id, value FROM reading_v WHERE value > 10;
CREATE MATERIALIZED VIEW reading_stats AS SELECT max(value) AS top FROM reading_v;
INSERT INTO reading VALUES (1, 5, 'a'), (2, 50, 'b');
-- expect-rows: SELECT count(*) FROM reading_high => 1
