CREATE TABLE voucher_old (
    id integer PRIMARY KEY,
    code text NOT NULL,
    CONSTRAINT voucher_code_key UNIQUE (code)
);
CREATE INDEX voucher_code_lower ON voucher_old (lower(code));
CREATE TABLE voucher_new (
    id integer PRIMARY KEY,
    code text NOT NULL
);
INSERT INTO voucher_old VALUES (1, 'A');
INSERT INTO voucher_new VALUES (1, 'B'), (2, 'C');
-- expect-rows: SELECT count(*) FROM voucher_new => 2
