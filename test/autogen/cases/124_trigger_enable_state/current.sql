CREATE TABLE outbox (id integer PRIMARY KEY, payload text, seen boolean DEFAULT false);
CREATE FUNCTION outbox_mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.seen := true; RETURN NEW; END $$;
CREATE TRIGGER outbox_a BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_mark();
CREATE TRIGGER outbox_b BEFORE UPDATE ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_mark();
CREATE TRIGGER outbox_c BEFORE DELETE ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_mark();
ALTER TABLE outbox DISABLE TRIGGER outbox_c;
INSERT INTO outbox VALUES (1, 'x', false);
-- expect-rows: SELECT count(*) FROM outbox => 1
