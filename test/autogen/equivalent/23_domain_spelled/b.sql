CREATE DOMAIN posint integer;
ALTER DOMAIN posint ADD CHECK (VALUE > 0);
CREATE DOMAIN email text;
ALTER DOMAIN email SET NOT NULL;
ALTER DOMAIN email ADD CONSTRAINT email_at CHECK (VALUE ~~ '%@%'::text);
CREATE TABLE t (a posint, e email);
