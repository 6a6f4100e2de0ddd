CREATE EXTENSION pgcrypto;
CREATE SCHEMA billing;
CREATE TABLE customer (
    id integer PRIMARY KEY,
    name text NOT NULL,
    plan text
);
CREATE TYPE billing.invoice_state AS ENUM ('open', 'paid', 'void');
CREATE DOMAIN billing.amount AS numeric(12,2) CHECK (VALUE >= 0);
CREATE SEQUENCE billing.invoice_no START 5000;
CREATE TABLE billing.invoice (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    no integer NOT NULL DEFAULT nextval('billing.invoice_no') UNIQUE,
    customer_id integer NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    state billing.invoice_state NOT NULL DEFAULT 'open',
    total billing.amount NOT NULL
);
CREATE TABLE billing.invoice_line (
    invoice_id uuid REFERENCES billing.invoice (id) ON DELETE CASCADE,
    pos integer,
    amount billing.amount NOT NULL,
    PRIMARY KEY (invoice_id, pos)
);
CREATE FUNCTION billing.recalc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE billing.invoice SET total = (SELECT COALESCE(sum(amount), 0) FROM billing.invoice_line WHERE invoice_id = NEW.invoice_id)
    WHERE id = NEW.invoice_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER invoice_line_recalc AFTER INSERT OR UPDATE ON billing.invoice_line FOR EACH ROW EXECUTE FUNCTION billing.recalc();
CREATE FUNCTION billing.customer_balance(c integer) RETURNS numeric LANGUAGE sql STABLE
    AS $$ SELECT COALESCE(sum(total), 0) FROM billing.invoice WHERE customer_id = c AND state = 'open' $$;
CREATE VIEW billing.open_invoice AS SELECT id, customer_id, total FROM billing.invoice WHERE state = 'open';
CREATE VIEW customer_with_balance AS SELECT c.id, c.name, billing.customer_balance(c.id) AS balance FROM customer c;
CREATE MATERIALIZED VIEW billing.monthly AS SELECT customer_id, sum(total) AS total FROM billing.invoice GROUP BY customer_id;
ALTER TABLE billing.invoice ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoice_owner ON billing.invoice USING (customer_id = current_setting('app.customer', true)::integer);
CREATE INDEX customer_plan_idx ON customer (plan);
COMMENT ON SCHEMA billing IS 'Billing feature';
COMMENT ON COLUMN customer.plan IS 'Billing plan';
INSERT INTO customer VALUES (1, 'ann', 'pro'), (2, 'bob', NULL);
INSERT INTO billing.invoice (customer_id, total) VALUES (1, 0);
-- expect-rows: SELECT string_agg(name, ',' ORDER BY id) FROM customer => ann,bob
