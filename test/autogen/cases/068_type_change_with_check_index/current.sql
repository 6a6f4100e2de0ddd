CREATE TABLE coupon (
    id integer PRIMARY KEY,
    code varchar(12) NOT NULL CONSTRAINT coupon_code_check CHECK (length(code) >= 4),
    percent integer NOT NULL CONSTRAINT coupon_percent_check CHECK (percent BETWEEN 1 AND 100)
);
CREATE UNIQUE INDEX coupon_code_idx ON coupon (lower(code));
INSERT INTO coupon VALUES (1, 'SPRING', 10), (2, 'WINTER', 25);
-- expect-rows: SELECT string_agg(code || ':' || percent::integer, ',' ORDER BY id) FROM coupon => SPRING:10,WINTER:25
