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
CREATE TRIGGER account_audit AFTER INSERT ON account
    FOR EACH ROW EXECUTE FUNCTION account_audit();
CREATE TRIGGER account_gone AFTER DELETE ON account
    FOR EACH STATEMENT EXECUTE FUNCTION account_audit();
INSERT INTO account VALUES (1, 10), (2, 20);
-- expect-rows: SELECT count(*) FROM account => 2
-- expect-rows: SELECT count(*) FROM audit => 2
