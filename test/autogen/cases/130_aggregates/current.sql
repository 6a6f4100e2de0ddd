CREATE FUNCTION sum_sq_step(numeric, numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT $1 + $2 * $2 $$;
CREATE AGGREGATE sum_sq(numeric) (SFUNC = sum_sq_step, STYPE = numeric, INITCOND = '0');
CREATE AGGREGATE old_max(integer) (SFUNC = int4larger, STYPE = integer);
CREATE TABLE reading (
    sensor integer NOT NULL,
    value numeric NOT NULL
);
INSERT INTO reading VALUES (1, 2), (1, 3), (2, 4);
-- expect-rows: SELECT count(*) FROM reading => 3
