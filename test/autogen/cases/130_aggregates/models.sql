-- User-defined aggregates: one changes (a final function, a combine function, parallel safe),
-- one is dropped, a new one is created with a sort operator, and a view uses them.
CREATE FUNCTION sum_sq_step(numeric, numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT $1 + $2 * $2 $$;
CREATE FUNCTION sqrt_final(numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT sqrt($1) $$;
CREATE AGGREGATE sum_sq(numeric) (SFUNC = sum_sq_step, STYPE = numeric, INITCOND = '0',
    FINALFUNC = sqrt_final, COMBINEFUNC = numeric_add, PARALLEL = SAFE);
CREATE AGGREGATE new_max(integer) (SFUNC = int4larger, STYPE = integer, SORTOP = >);
CREATE TABLE reading (
    sensor integer NOT NULL,
    value numeric NOT NULL
);
CREATE VIEW sensor_norm AS
    SELECT sensor, sum_sq(value) AS norm, new_max(sensor) AS top FROM reading GROUP BY sensor;
