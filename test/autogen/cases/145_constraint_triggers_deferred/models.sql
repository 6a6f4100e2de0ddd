-- Constraint triggers: one becomes INITIALLY DEFERRED and gains a WHEN clause and an UPDATE OF
-- column list (drop + create), one new NOT DEFERRABLE constraint trigger with FROM another table,
-- an FK becomes DEFERRABLE INITIALLY DEFERRED, the debit/credit columns change type (used
-- by the WHEN clause: the trigger goes around the column type change).
CREATE TABLE journal (id integer PRIMARY KEY, balanced boolean NOT NULL DEFAULT false);
CREATE TABLE entry (
    id integer PRIMARY KEY,
    journal_id integer NOT NULL REFERENCES journal (id) DEFERRABLE INITIALLY DEFERRED,
    debit numeric(14,2) NOT NULL DEFAULT 0,
    credit numeric(14,2) NOT NULL DEFAULT 0
);
CREATE FUNCTION check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT sum(debit) - sum(credit) FROM entry WHERE journal_id = NEW.journal_id) <> 0 THEN
        RAISE EXCEPTION 'journal % unbalanced', NEW.journal_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION journal_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER entry_balanced AFTER INSERT OR UPDATE OF debit, credit ON entry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.debit <> 0 OR NEW.credit <> 0) EXECUTE FUNCTION check_balanced();
CREATE CONSTRAINT TRIGGER entry_journal_open AFTER INSERT ON entry FROM journal
    NOT DEFERRABLE FOR EACH ROW EXECUTE FUNCTION journal_locked();
COMMENT ON TRIGGER entry_balanced ON entry IS 'double entry';
