CREATE EXTENSION citext;
CREATE DOMAIN email AS citext CHECK (VALUE ~ '^[^@]+@[^@]+$');
CREATE DOMAIN percent AS numeric(5,2) CHECK (VALUE >= 0);
CREATE TYPE contact_card AS (name text, mail email);
CREATE TABLE subscriber (
    id integer PRIMARY KEY,
    mail email NOT NULL UNIQUE,
    discount percent DEFAULT 0,
    card contact_card
);
CREATE FUNCTION normalize_mail(m email) RETURNS email LANGUAGE sql IMMUTABLE AS $$ SELECT lower(m::text)::email $$;
CREATE VIEW subscriber_mail AS SELECT id, normalize_mail(mail) AS mail, (card).name AS card_name FROM subscriber;
INSERT INTO subscriber VALUES (1, 'Ann@X.org', 10, ROW('Ann', 'ann@x.org')), (2, 'bob@y.org', NULL, NULL);
-- expect-rows: SELECT string_agg(mail || '/' || COALESCE(discount::text, '-'), ',' ORDER BY id) FROM subscriber => Ann@X.org/10.00,bob@y.org/-
-- expect-rows: SELECT string_agg(mail::text, ',' ORDER BY id) FROM subscriber_mail => ann@x.org,bob@y.org
