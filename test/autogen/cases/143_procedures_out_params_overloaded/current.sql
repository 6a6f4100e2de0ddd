CREATE TABLE counter (name text PRIMARY KEY, val bigint NOT NULL DEFAULT 0);
CREATE PROCEDURE bump(IN p_name text, INOUT p_val bigint DEFAULT NULL)
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE counter SET val = val + 1 WHERE name = p_name RETURNING val INTO p_val;
END
$$;
CREATE PROCEDURE reset_all() LANGUAGE sql AS $$ UPDATE counter SET val = 0 $$;
CREATE PROCEDURE stats(OUT n integer, OUT total bigint) LANGUAGE plpgsql AS $$
BEGIN
    SELECT count(*), COALESCE(sum(val), 0) INTO n, total FROM counter;
END
$$;
INSERT INTO counter VALUES ('a', 1), ('b', 5);
-- expect-rows: SELECT sum(val) FROM counter => 6
