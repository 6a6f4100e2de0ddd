CREATE TABLE account (
    id integer PRIMARY KEY,
    active boolean NOT NULL DEFAULT true
);
INSERT INTO account VALUES (1, true), (2, false), (3, true);
-- expect-rows: SELECT count(*) FROM account => 3
