CREATE TABLE person (
    id integer PRIMARY KEY,
    first text,
    last text
);
CREATE VIEW person_v AS SELECT id, first FROM person;
CREATE FUNCTION person_v_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person (id, first) VALUES (NEW.id, NEW.first);
    RETURN NEW;
END
$$;
CREATE TRIGGER person_v_insert INSTEAD OF INSERT ON person_v
    FOR EACH ROW EXECUTE FUNCTION person_v_insert();
INSERT INTO person_v VALUES (1, 'ann');
-- expect-rows: SELECT count(*) FROM person => 1
