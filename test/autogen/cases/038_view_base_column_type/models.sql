-- A column type changes under a view that another view and a materialized view read
-- (ALTER COLUMN TYPE fails while views use the column): drop the views, alter, recreate them.
CREATE TABLE reading (
    id integer PRIMARY KEY,
    value bigint NOT NULL,
    note varchar(100)
);
CREATE VIEW reading_v AS SELECT id, value, note FROM reading;
CREATE VIEW reading_high AS SELECT id, value FROM reading_v WHERE value > 10;
CREATE MATERIALIZED VIEW reading_stats AS SELECT max(value) AS top FROM reading_v;
