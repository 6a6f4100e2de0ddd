-- A view with an INSTEAD OF trigger is redefined incompatibly (a column removed and one
-- renamed): the view is dropped and recreated, so its trigger must be recreated too.
CREATE TABLE person (
    id integer PRIMARY KEY,
    first text,
    last text
);
CREATE VIEW person_v AS SELECT id, first || ' ' || coalesce(last, '') AS full_name FROM person;
CREATE FUNCTION person_v_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person (id, first) VALUES (NEW.id, NEW.full_name);
    RETURN NEW;
END
$$;
CREATE TRIGGER person_v_insert INSTEAD OF INSERT ON person_v
    FOR EACH ROW EXECUTE FUNCTION person_v_insert();
