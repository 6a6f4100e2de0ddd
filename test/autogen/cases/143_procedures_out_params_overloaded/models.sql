-- Procedures with OUT/INOUT parameters (PG14+): one gains an OUT parameter (its identity
-- changes: DROP PROCEDURE with the right signature + CREATE), one is overloaded by a second
-- procedure with a different IN type, one changes body and becomes SECURITY DEFINER with a
-- search_path, one is dropped; comments on procedures identified by their IN arguments.
CREATE TABLE counter (name text PRIMARY KEY, val bigint NOT NULL DEFAULT 0);
CREATE PROCEDURE bump(IN p_name text, INOUT p_val bigint DEFAULT NULL)
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE counter SET val = val + 1 WHERE name = p_name RETURNING val INTO p_val;
END
$$;
CREATE PROCEDURE bump(IN p_names text[], OUT p_count integer)
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE counter SET val = val + 1 WHERE name = ANY (p_names);
    GET DIAGNOSTICS p_count = ROW_COUNT;
END
$$;
CREATE PROCEDURE stats(OUT n integer, OUT total bigint, OUT top text) LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public AS $$
BEGIN
    SELECT count(*), COALESCE(sum(val), 0) INTO n, total FROM counter;
    SELECT name INTO top FROM counter ORDER BY val DESC LIMIT 1;
END
$$;
COMMENT ON PROCEDURE bump(text, bigint) IS 'one';
COMMENT ON PROCEDURE bump(text[]) IS 'many';
COMMENT ON PROCEDURE stats IS 'summary';
