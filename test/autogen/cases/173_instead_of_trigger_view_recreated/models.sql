-- The view drops its age column and name changes type (text -> varchar): CREATE OR REPLACE VIEW
-- is refused, DROP VIEW takes the INSTEAD OF triggers and the comment with it; they must be
-- recreated (the update trigger unchanged, the insert one unchanged too).
CREATE TABLE person (id integer PRIMARY KEY, first text, last text, age integer);
CREATE VIEW person_v AS SELECT id, (first || ' ' || last)::varchar(200) AS name FROM person;
CREATE FUNCTION person_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person (id, first, last) VALUES (NEW.id, split_part(NEW.name, ' ', 1), split_part(NEW.name, ' ', 2));
    RETURN NEW;
END $$;
CREATE TRIGGER person_v_ins INSTEAD OF INSERT ON person_v FOR EACH ROW EXECUTE FUNCTION person_v_ins();
CREATE TRIGGER person_v_upd INSTEAD OF UPDATE ON person_v FOR EACH ROW EXECUTE FUNCTION person_v_ins();
COMMENT ON VIEW person_v IS 'people';
