-- Domains changing while in use by columns, a composite type attribute, a function signature
-- and a view: the citext email domain gets a second named check and a NOT NULL-free default
-- (ALTER DOMAIN ADD CONSTRAINT / SET DEFAULT, the rows satisfy it), the percent domain's check
-- is replaced by a bounded one under the same name (drop + add constraint, not the domain), a
-- new domain over an array type is added and used, the domains get comments.
CREATE EXTENSION citext;
CREATE DOMAIN email AS citext DEFAULT 'nobody@example.org'
    CONSTRAINT email_check CHECK (VALUE ~ '^[^@]+@[^@]+$')
    CONSTRAINT email_length CHECK (length(VALUE) <= 254);
CREATE DOMAIN percent AS numeric(5,2) CONSTRAINT percent_check CHECK (VALUE >= 0 AND VALUE <= 100);
CREATE DOMAIN tag_list AS text[] NOT NULL DEFAULT '{}' CHECK (cardinality(VALUE) <= 10);
CREATE TYPE contact_card AS (name text, mail email);
CREATE TABLE subscriber (
    id integer PRIMARY KEY,
    mail email NOT NULL UNIQUE,
    discount percent DEFAULT 0,
    card contact_card,
    tags tag_list
);
CREATE FUNCTION normalize_mail(m email) RETURNS email LANGUAGE sql IMMUTABLE AS $$ SELECT lower(m::text)::email $$;
CREATE VIEW subscriber_mail AS SELECT id, normalize_mail(mail) AS mail, (card).name AS card_name FROM subscriber;
COMMENT ON DOMAIN email IS 'RFC-ish address';
COMMENT ON DOMAIN percent IS '0..100';
