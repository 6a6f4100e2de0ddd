CREATE TABLE metric (
    id integer PRIMARY KEY,
    name text NOT NULL,
    value double precision NOT NULL
);
CREATE FUNCTION metric_stats() RETURNS TABLE (name text, avg_value double precision)
    LANGUAGE sql STABLE AS $$ SELECT name, avg(value) FROM metric GROUP BY name $$;
CREATE VIEW metric_report AS SELECT name, avg_value FROM metric_stats();
INSERT INTO metric VALUES (1, 'cpu', 0.5), (2, 'cpu', 0.7);
-- expect-rows: SELECT count(*) FROM metric => 2
CREATE FUNCTION metric_range(OUT lo double precision, OUT hi double precision)
    LANGUAGE plpgsql STABLE AS $$ BEGIN SELECT min(value), max(value) INTO lo, hi FROM metric; END $$;
