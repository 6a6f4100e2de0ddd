-- Procedures: a body change, a changed argument list (INOUT added: drop and create), a new
-- procedure with an SQL-standard body, one dropped.
CREATE TABLE counter (name text PRIMARY KEY, n integer NOT NULL DEFAULT 0);
CREATE PROCEDURE bump(IN counter_name text, INOUT new_value integer DEFAULT NULL) LANGUAGE plpgsql AS $$
BEGIN
    UPDATE counter SET n = n + 1 WHERE name = counter_name RETURNING n INTO new_value;
END
$$;
CREATE PROCEDURE reset_all()
BEGIN ATOMIC
    UPDATE counter SET n = 0;
END;
