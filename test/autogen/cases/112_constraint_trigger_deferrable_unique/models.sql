-- A unique constraint becomes DEFERRABLE INITIALLY DEFERRED (so rows can swap positions in a
-- transaction; ALTER CONSTRAINT only works for FKs: drop + add), a deferrable constraint
-- trigger is created on an existing function, a primary key becomes DEFERRABLE.
CREATE TABLE seat (
    id integer,
    row_no integer NOT NULL,
    pos integer NOT NULL,
    CONSTRAINT seat_pkey PRIMARY KEY (id) DEFERRABLE,
    CONSTRAINT seat_position_key UNIQUE (row_no, pos) DEFERRABLE INITIALLY DEFERRED
);
CREATE FUNCTION seat_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.pos < 0 THEN RAISE EXCEPTION 'bad position'; END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER seat_check AFTER INSERT OR UPDATE ON seat
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION seat_check();
