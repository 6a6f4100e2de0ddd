CREATE TABLE ledger (id integer PRIMARY KEY, account text NOT NULL, amount numeric(12,2) NOT NULL);
CREATE TABLE ledger_summary (account text PRIMARY KEY, total numeric(14,2) NOT NULL DEFAULT 0);
CREATE FUNCTION ledger_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_summary AS s (account, total)
    SELECT account, sum(amount) FROM new_rows GROUP BY account
    ON CONFLICT (account) DO UPDATE SET total = s.total + EXCLUDED.total;
    RETURN NULL;
END
$$;
CREATE TRIGGER ledger_ins AFTER INSERT ON ledger REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_apply_insert();
INSERT INTO ledger VALUES (1, 'cash', 10), (2, 'cash', 5.5), (3, 'bank', 100);
-- expect-rows: SELECT string_agg(account || '=' || total, ',' ORDER BY account) FROM ledger_summary => bank=100.00,cash=15.50
