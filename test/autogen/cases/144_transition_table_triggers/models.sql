-- Statement triggers with transition tables: the insert trigger's transition table is renamed
-- (the function reads the new name: both change), an update trigger with OLD TABLE and NEW
-- TABLE and a delete trigger with OLD TABLE are added on a shared function reading TG_OP, and the
-- amount column changes type (triggers are not column-dependent here, the trigger must survive).
CREATE TABLE ledger (id integer PRIMARY KEY, account text NOT NULL, amount numeric(14,2) NOT NULL);
CREATE TABLE ledger_summary (account text PRIMARY KEY, total numeric(14,2) NOT NULL DEFAULT 0);
CREATE FUNCTION ledger_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_summary AS s (account, total)
    SELECT account, sum(amount) FROM inserted GROUP BY account
    ON CONFLICT (account) DO UPDATE SET total = s.total + EXCLUDED.total;
    RETURN NULL;
END
$$;
CREATE FUNCTION ledger_apply_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_summary s SET total = s.total - o.sum_amount
    FROM (SELECT account, sum(amount) AS sum_amount FROM old_rows GROUP BY account) o WHERE o.account = s.account;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO ledger_summary AS s (account, total)
        SELECT account, sum(amount) FROM new_rows GROUP BY account
        ON CONFLICT (account) DO UPDATE SET total = s.total + EXCLUDED.total;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER ledger_ins AFTER INSERT ON ledger REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_apply_insert();
CREATE TRIGGER ledger_upd AFTER UPDATE ON ledger REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_apply_change();
CREATE TRIGGER ledger_del AFTER DELETE ON ledger REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_apply_change();
