-- Schema-wide names that move from one table to another in the same revision: a unique
-- constraint (its index name is schema-wide) and an index keep their names but now belong to
-- another table; the old ones must be dropped before the new ones are created (else "relation
-- ... already exists"), in both directions.
CREATE TABLE voucher_old (
    id integer PRIMARY KEY,
    code text NOT NULL
);
CREATE TABLE voucher_new (
    id integer PRIMARY KEY,
    code text NOT NULL,
    CONSTRAINT voucher_code_key UNIQUE (code)
);
CREATE INDEX voucher_code_lower ON voucher_new (lower(code));
