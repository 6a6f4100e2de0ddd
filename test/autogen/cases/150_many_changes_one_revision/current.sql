CREATE TYPE shipping AS ENUM ('standard', 'express');
CREATE SEQUENCE invoice_seq;
CREATE TABLE client (
    id serial PRIMARY KEY,
    name varchar(40) NOT NULL,
    email text,
    phone text,
    note text DEFAULT 'none',
    created date DEFAULT CURRENT_DATE
);
CREATE TABLE shipment (
    id integer PRIMARY KEY,
    client_id integer REFERENCES client (id),
    mode shipping NOT NULL DEFAULT 'standard',
    weight_g integer,
    CONSTRAINT shipment_weight_check CHECK (weight_g > 0)
);
CREATE INDEX shipment_client_idx ON shipment (client_id);
CREATE INDEX client_email_idx ON client (email);
CREATE VIEW heavy AS SELECT id, weight_g FROM shipment WHERE weight_g > 1000;
CREATE FUNCTION grams_to_kg(g integer) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT g / 1000.0 $$;
COMMENT ON TABLE client IS 'clients';
INSERT INTO client (name, email, phone) VALUES ('ann', 'a@x', '1'), ('bob', NULL, '2');
INSERT INTO shipment VALUES (1, 1, 'standard', 500), (2, 1, 'express', 2500), (3, 2, 'standard', 1200);
-- expect-rows: SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM client => 1:ann,2:bob
-- expect-rows: SELECT string_agg(id || ':' || client_id || ':' || mode || ':' || weight_g, ',' ORDER BY id) FROM shipment => 1:1:standard:500,2:1:express:2500,3:2:standard:1200
