-- Type changes with no implicit cast, which need ALTER COLUMN ... TYPE ... USING:
-- text -> integer, text -> boolean, text -> jsonb (and back, which is an assignment cast).
CREATE TABLE setting (
    id integer PRIMARY KEY,
    amount integer NOT NULL,
    enabled boolean,
    payload jsonb
);
