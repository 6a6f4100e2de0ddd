-- empty -> full: a small application schema built from nothing (types, sequence, tables,
-- constraints, indexes, a view, a function and a trigger), torn down again by the downgrade.
CREATE TYPE status AS ENUM ('new', 'active', 'closed');

CREATE SEQUENCE invoice_no START 1000;

CREATE TABLE customer (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    email varchar(200) UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoice (
    id bigserial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    number integer NOT NULL DEFAULT nextval('invoice_no'),
    status status NOT NULL DEFAULT 'new',
    total numeric(12,2) NOT NULL CHECK (total >= 0)
);
CREATE INDEX invoice_customer_id_idx ON invoice (customer_id);

CREATE VIEW open_invoice AS
    SELECT i.id, c.name, i.total FROM invoice i JOIN customer c ON c.id = i.customer_id
    WHERE i.status <> 'closed';

CREATE FUNCTION invoice_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.total > 1000000 THEN
        RAISE EXCEPTION 'total too large';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER invoice_guard BEFORE INSERT OR UPDATE ON invoice
    FOR EACH ROW EXECUTE FUNCTION invoice_guard();

COMMENT ON TABLE invoice IS 'Invoices issued to customers';
