-- A set-returning function's RETURNS TABLE gains a column (a result type change: DROP + CREATE)
-- while a view selects from it: the view is dropped first and recreated after (with the new
-- column); a plpgsql function with OUT parameters changes one's type.
CREATE TABLE metric (
    id integer PRIMARY KEY,
    name text NOT NULL,
    value double precision NOT NULL
);
CREATE FUNCTION metric_stats() RETURNS TABLE (name text, avg_value double precision, samples bigint)
    LANGUAGE sql STABLE AS $$ SELECT name, avg(value), count(*) FROM metric GROUP BY name $$;
CREATE VIEW metric_report AS SELECT name, avg_value, samples FROM metric_stats();
CREATE FUNCTION metric_range(OUT lo numeric, OUT hi numeric)
    LANGUAGE plpgsql STABLE AS $$ BEGIN SELECT min(value), max(value) INTO lo, hi FROM metric; END $$;
