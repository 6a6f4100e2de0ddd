CREATE TABLE counter (name text PRIMARY KEY, n integer NOT NULL DEFAULT 0);
CREATE PROCEDURE bump(IN counter_name text) LANGUAGE sql AS $$
    UPDATE counter SET n = n + 1 WHERE name = counter_name
$$;
CREATE PROCEDURE old_proc() LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;
INSERT INTO counter VALUES ('a', 1);
-- expect-rows: SELECT n FROM counter WHERE name = 'a' => 1
