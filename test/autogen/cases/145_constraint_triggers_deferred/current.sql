CREATE TABLE journal (id integer PRIMARY KEY, balanced boolean NOT NULL DEFAULT false);
CREATE TABLE entry (
    id integer PRIMARY KEY,
    journal_id integer NOT NULL REFERENCES journal (id) DEFERRABLE,
    debit numeric(12,2) NOT NULL DEFAULT 0,
    credit numeric(12,2) NOT NULL DEFAULT 0
);
CREATE FUNCTION check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT sum(debit) - sum(credit) FROM entry WHERE journal_id = NEW.journal_id) <> 0 THEN
        RAISE EXCEPTION 'journal % unbalanced', NEW.journal_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER entry_balanced AFTER INSERT OR UPDATE ON entry
    DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION check_balanced();
INSERT INTO journal VALUES (1, true);
INSERT INTO entry VALUES (1, 1, 10, 10);
-- expect-rows: SELECT count(*) FROM entry => 1
