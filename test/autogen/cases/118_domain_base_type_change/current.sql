CREATE DOMAIN short_code AS varchar(10) CHECK (VALUE ~ '^[A-Z0-9]+$');
CREATE TABLE coupon (
    id integer PRIMARY KEY,
    code short_code NOT NULL UNIQUE,
    alt_code short_code
);
CREATE VIEW coupon_codes AS SELECT id, code FROM coupon;
INSERT INTO coupon VALUES (1, 'SAVE10', NULL), (2, 'XMAS24', 'XMAS');
-- expect-rows: SELECT count(*) FROM coupon => 2
-- expect-rows: SELECT string_agg(code::text, ',' ORDER BY id) FROM coupon => SAVE10,XMAS24
