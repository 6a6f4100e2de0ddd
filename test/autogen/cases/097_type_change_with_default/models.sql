-- Type changes on columns with defaults: integer -> text with a new default, text -> integer
-- (USING, values numeric) keeping an equivalent default, integer -> boolean (no assignment
-- cast, USING flag <> 0), text -> numeric. PostgreSQL refuses "default for column cannot be cast
-- automatically": drop the default, change the type, set the default.
CREATE TABLE setting_kv (
    id integer PRIMARY KEY,
    rank text NOT NULL DEFAULT 'none',
    quantity integer NOT NULL DEFAULT 1,
    flag boolean DEFAULT true,
    ratio numeric(4,2) DEFAULT 0.5
);
