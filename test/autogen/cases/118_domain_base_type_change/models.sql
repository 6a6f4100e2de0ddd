-- A domain's base type changes (varchar(10) -> varchar(32); ALTER DOMAIN cannot do that) while
-- populated columns, a unique constraint and a view use it: the domain must be recreated and
-- the columns converted, keeping their rows.
CREATE DOMAIN short_code AS varchar(32) CHECK (VALUE ~ '^[A-Z0-9]+$');
CREATE TABLE coupon (
    id integer PRIMARY KEY,
    code short_code NOT NULL UNIQUE,
    alt_code short_code
);
CREATE VIEW coupon_codes AS SELECT id, code FROM coupon;
