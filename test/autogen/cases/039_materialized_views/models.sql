-- Materialized views: the definition changes (drop and recreate, with its index), an index
-- is added on one, a new one WITH NO DATA, one dropped.
CREATE TABLE hit (
    id integer PRIMARY KEY,
    url text NOT NULL,
    at date NOT NULL
);
CREATE MATERIALIZED VIEW daily_hits AS
    SELECT at, url, count(*) AS n FROM hit GROUP BY at, url;
CREATE UNIQUE INDEX daily_hits_at_url_idx ON daily_hits (at, url);
CREATE MATERIALIZED VIEW url_list AS SELECT DISTINCT url FROM hit WITH NO DATA;
