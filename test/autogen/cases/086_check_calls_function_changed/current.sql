CREATE FUNCTION is_valid_sku(s text) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT s ~ '^[A-Z]{3}-[0-9]+$' $$;
CREATE FUNCTION is_positive(n integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT n > 0 $$;
CREATE TABLE article (
    id integer PRIMARY KEY,
    sku text NOT NULL CONSTRAINT article_sku_valid CHECK (is_valid_sku(sku)),
    qty integer NOT NULL CONSTRAINT article_qty_positive CHECK (is_positive(qty))
);
INSERT INTO article VALUES (1, 'ABC-1', 3), (2, 'XYZ-42', 1);
-- expect-rows: SELECT count(*) FROM article => 2
