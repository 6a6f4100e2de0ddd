-- Domains: a constraint's expression changes (same name), a default and NOT NULL are added,
-- a new domain with a collation, one domain dropped (its column turned back into the base type).
CREATE DOMAIN email AS text CONSTRAINT email_check CHECK (VALUE ~ '^[^@]+@[^@]+$');
CREATE DOMAIN positive AS integer DEFAULT 1 NOT NULL CHECK (VALUE > 0);
CREATE DOMAIN label AS text COLLATE "C" CHECK (length(VALUE) <= 40);
CREATE TABLE signup (
    id positive PRIMARY KEY,
    address email NOT NULL,
    code varchar(10),
    note label
);
