-- Triggers: events and timing of a trigger change (same name), a trigger with arguments and
-- UPDATE OF columns is added, a disabled trigger, a statement trigger with a transition table,
-- a dropped trigger.
CREATE TABLE account (
    id integer PRIMARY KEY,
    balance numeric NOT NULL DEFAULT 0
);
CREATE TABLE audit (
    id bigserial PRIMARY KEY,
    account_id integer,
    op text,
    at timestamptz DEFAULT now()
);
CREATE FUNCTION account_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit (account_id, op) VALUES (NEW.id, TG_OP);
    RETURN NEW;
END
$$;
CREATE FUNCTION account_bulk() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit (op) SELECT 'bulk ' || count(*) FROM changed;
    RETURN NULL;
END
$$;
CREATE TRIGGER account_audit AFTER INSERT OR UPDATE ON account
    FOR EACH ROW EXECUTE FUNCTION account_audit();
CREATE TRIGGER account_balance BEFORE UPDATE OF balance ON account
    FOR EACH ROW EXECUTE FUNCTION account_audit('balance', 'x');
CREATE TRIGGER account_bulk AFTER UPDATE ON account
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION account_bulk();
ALTER TABLE account DISABLE TRIGGER account_balance;
