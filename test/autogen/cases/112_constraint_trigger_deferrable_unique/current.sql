CREATE TABLE seat (
    id integer PRIMARY KEY,
    row_no integer NOT NULL,
    pos integer NOT NULL,
    CONSTRAINT seat_position_key UNIQUE (row_no, pos)
);
CREATE FUNCTION seat_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.pos < 0 THEN RAISE EXCEPTION 'bad position'; END IF;
    RETURN NULL;
END
$$;
INSERT INTO seat VALUES (1, 1, 1), (2, 1, 2);
-- expect-rows: SELECT count(*) FROM seat => 2
