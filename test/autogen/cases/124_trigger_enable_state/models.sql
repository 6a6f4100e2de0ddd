-- Trigger firing states: one trigger disabled, one set to fire on replicas only (ENABLE
-- REPLICA), a disabled one re-enabled as ALWAYS; the trigger definitions are unchanged, so no
-- trigger should be dropped and recreated (ALTER TABLE ... ENABLE/DISABLE TRIGGER).
CREATE TABLE outbox (id integer PRIMARY KEY, payload text, seen boolean DEFAULT false);
CREATE FUNCTION outbox_mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.seen := true; RETURN NEW; END $$;
CREATE TRIGGER outbox_a BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_mark();
CREATE TRIGGER outbox_b BEFORE UPDATE ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_mark();
CREATE TRIGGER outbox_c BEFORE DELETE ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_mark();
ALTER TABLE outbox DISABLE TRIGGER outbox_a;
ALTER TABLE outbox ENABLE REPLICA TRIGGER outbox_b;
ALTER TABLE outbox ENABLE ALWAYS TRIGGER outbox_c;
