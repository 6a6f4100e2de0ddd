CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA crm;
CREATE TYPE crm.stage AS ENUM ('lead', 'won', 'lost');
CREATE TYPE crm.money_pair AS (amount numeric, currency char(3));
CREATE FUNCTION crm.is_email(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT t LIKE '%@%' $$;
CREATE DOMAIN crm.email AS citext CHECK (crm.is_email(VALUE::text));
CREATE SEQUENCE crm.deal_no;
CREATE TABLE crm.contact (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email crm.email NOT NULL UNIQUE,
    stage crm.stage NOT NULL DEFAULT 'lead'
);
CREATE TABLE crm.deal (
    id integer PRIMARY KEY DEFAULT nextval('crm.deal_no'),
    contact_id integer REFERENCES crm.contact (id),
    value crm.money_pair
);
CREATE TABLE public.self_ref (id integer PRIMARY KEY, parent integer REFERENCES public.self_ref (id));
CREATE FUNCTION crm.deals_of(c integer) RETURNS SETOF crm.deal LANGUAGE sql STABLE AS $$ SELECT * FROM crm.deal WHERE contact_id = c $$;
CREATE VIEW crm.won AS SELECT id, email FROM crm.contact WHERE stage = 'won';
CREATE MATERIALIZED VIEW crm.won_count AS SELECT count(*) AS n FROM crm.won;
CREATE FUNCTION crm.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER deal_touch BEFORE UPDATE ON crm.deal FOR EACH ROW EXECUTE FUNCTION crm.touch();
ALTER TABLE crm.contact ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_all ON crm.contact USING (crm.is_email(email::text));
CREATE PROCEDURE crm.reset() LANGUAGE sql AS $$ DELETE FROM crm.deal $$;
INSERT INTO crm.contact (email) VALUES ('a@b.c');
