-- A populated materialized view chain over a view whose base columns change type (real ->
-- numeric(5,2), varchar(8) -> text): the view and both materialized views are dropped and
-- recreated (the recreated one is populated again by CREATE MATERIALIZED VIEW, the WITH NO DATA
-- one stays unpopulated), their indexes and storage parameter come back, and an index is added.
CREATE TABLE measurement (
    id integer PRIMARY KEY,
    station text NOT NULL,
    temp numeric(5,2) NOT NULL,
    at date NOT NULL
);
CREATE VIEW daily AS SELECT station, at, avg(temp) AS avg_temp FROM measurement GROUP BY station, at;
CREATE MATERIALIZED VIEW station_stats AS SELECT station, count(*) AS days, max(avg_temp) AS hottest FROM daily GROUP BY station;
CREATE UNIQUE INDEX station_stats_pk ON station_stats (station);
CREATE INDEX station_stats_hottest ON station_stats (hottest DESC);
CREATE MATERIALIZED VIEW hot_station AS SELECT station FROM station_stats WHERE hottest > 20 WITH NO DATA;
CREATE INDEX hot_station_idx ON hot_station (station);
ALTER MATERIALIZED VIEW station_stats SET (fillfactor = 80);
