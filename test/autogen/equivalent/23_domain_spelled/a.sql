CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE DOMAIN email AS text NOT NULL CONSTRAINT email_at CHECK (VALUE LIKE '%@%');
CREATE TABLE t (a posint, e email);
