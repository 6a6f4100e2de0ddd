-- Check constraints calling IMMUTABLE functions: one function's body changes (CREATE OR
-- REPLACE, the constraint stays), the other's parameter is renamed and its type widened
-- (CREATE OR REPLACE refuses: DROP FUNCTION needs the constraint dropped first, then both
-- recreated in order).
CREATE FUNCTION is_valid_sku(s text) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT s ~ '^[A-Z]{3}-[0-9]{1,6}$' $$;
CREATE FUNCTION is_positive(val bigint) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT val > 0 $$;
CREATE TABLE article (
    id integer PRIMARY KEY,
    sku text NOT NULL CONSTRAINT article_sku_valid CHECK (is_valid_sku(sku)),
    qty integer NOT NULL CONSTRAINT article_qty_positive CHECK (is_positive(qty))
);
