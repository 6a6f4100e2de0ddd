-- Twenty-odd changes in one revision on populated tables: varchar widened, a column dropped and
-- one added, a default changed and one dropped, NOT NULL added where the rows allow it, a column
-- comment, the table comment changed, an enum value added in place and used by a new default,
-- an FK gains ON DELETE CASCADE, a check redefined under the same name, an index redefined and
-- one dropped, a new unique constraint, the view redefined (new column), the function body and
-- volatility changed, a sequence altered and used by a new column, a new table with an FK.
CREATE TYPE shipping AS ENUM ('standard', 'express', 'overnight');
CREATE SEQUENCE invoice_seq INCREMENT 10 START 100;
CREATE TABLE client (
    id serial PRIMARY KEY,
    name varchar(120) NOT NULL,
    email text,
    note text DEFAULT 'n/a',
    created date,
    vip boolean NOT NULL DEFAULT false,
    CONSTRAINT client_name_key UNIQUE (name)
);
CREATE TABLE shipment (
    id integer PRIMARY KEY,
    client_id integer NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    mode shipping NOT NULL DEFAULT 'overnight',
    weight_g integer,
    invoice_no bigint DEFAULT nextval('invoice_seq'),
    CONSTRAINT shipment_weight_check CHECK (weight_g > 0 AND weight_g < 100000)
);
CREATE INDEX shipment_client_idx ON shipment (client_id, mode);
CREATE FUNCTION grams_to_kg(g integer) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT round(g / 1000.0, 3) $$;
CREATE VIEW heavy AS SELECT id, weight_g, grams_to_kg(weight_g) AS kg FROM shipment WHERE weight_g > 1000;
CREATE TABLE shipment_event (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shipment_id integer NOT NULL REFERENCES shipment (id) ON DELETE CASCADE,
    at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE client IS 'paying clients';
COMMENT ON COLUMN client.vip IS 'gold tier';
