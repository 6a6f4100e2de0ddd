-- Column types change under a check constraint and an expression index that use them:
-- varchar(12) -> text, integer -> numeric(5,2) (PostgreSQL rebuilds both; the definitions as
-- deparsed afterwards must compare equal to the models').
CREATE TABLE coupon (
    id integer PRIMARY KEY,
    code text NOT NULL CONSTRAINT coupon_code_check CHECK (length(code) >= 4),
    percent numeric(5,2) NOT NULL CONSTRAINT coupon_percent_check CHECK (percent BETWEEN 1 AND 100)
);
CREATE UNIQUE INDEX coupon_code_idx ON coupon (lower(code));
