CREATE TABLE measurement (
    id integer PRIMARY KEY,
    station varchar(8) NOT NULL,
    temp real NOT NULL,
    at date NOT NULL
);
CREATE VIEW daily AS SELECT station, at, avg(temp) AS avg_temp FROM measurement GROUP BY station, at;
CREATE MATERIALIZED VIEW station_stats AS SELECT station, count(*) AS days, max(avg_temp) AS hottest FROM daily GROUP BY station;
CREATE UNIQUE INDEX station_stats_pk ON station_stats (station);
CREATE MATERIALIZED VIEW hot_station AS SELECT station FROM station_stats WHERE hottest > 20 WITH NO DATA;
CREATE INDEX hot_station_idx ON hot_station (station);
ALTER MATERIALIZED VIEW station_stats SET (fillfactor = 80);
INSERT INTO measurement VALUES (1, 'osl', 10.5, '2024-06-01'), (2, 'osl', 21, '2024-06-02'), (3, 'rom', 30, '2024-06-01');
REFRESH MATERIALIZED VIEW station_stats;
-- expect-rows: SELECT string_agg(station || ':' || days, ',' ORDER BY station) FROM station_stats => osl:2,rom:1
