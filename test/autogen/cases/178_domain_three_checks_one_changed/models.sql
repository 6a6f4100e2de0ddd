-- sku_len's bounds change (the rows still pass); the other checks, the function and the view
-- stay: the domain must not be dropped (the column and its rows depend on it).
CREATE DOMAIN sku AS text NOT NULL
    CONSTRAINT sku_len CHECK (length(VALUE) BETWEEN 2 AND 20)
    CONSTRAINT sku_upper CHECK (VALUE = upper(VALUE))
    CONSTRAINT sku_prefix CHECK (VALUE LIKE 'S%');
CREATE TABLE product (id integer PRIMARY KEY, code sku);
CREATE FUNCTION code_of(p integer) RETURNS sku LANGUAGE sql STABLE AS $$ SELECT code FROM product WHERE id = p $$;
CREATE VIEW product_v AS SELECT id, code FROM product;
