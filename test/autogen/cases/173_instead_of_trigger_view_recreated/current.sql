-- An updatable-through-trigger view whose column list changes incompatibly.
CREATE TABLE person (id integer PRIMARY KEY, first text, last text, age integer);
INSERT INTO person VALUES (1, 'a', 'b', 30), (2, 'c', 'd', 40);
CREATE VIEW person_v AS SELECT id, first || ' ' || last AS name, age FROM person;
CREATE FUNCTION person_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person (id, first, last) VALUES (NEW.id, split_part(NEW.name, ' ', 1), split_part(NEW.name, ' ', 2));
    RETURN NEW;
END $$;
CREATE TRIGGER person_v_ins INSTEAD OF INSERT ON person_v FOR EACH ROW EXECUTE FUNCTION person_v_ins();
CREATE TRIGGER person_v_upd INSTEAD OF UPDATE ON person_v FOR EACH ROW EXECUTE FUNCTION person_v_ins();
COMMENT ON VIEW person_v IS 'people';
-- expect-rows: SELECT count(*) FROM person => 2
