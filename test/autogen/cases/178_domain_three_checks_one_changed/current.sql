-- A domain with three named checks and a NOT NULL, used by a table with rows, a function and a view.
CREATE DOMAIN sku AS text NOT NULL
    CONSTRAINT sku_len CHECK (length(VALUE) BETWEEN 3 AND 12)
    CONSTRAINT sku_upper CHECK (VALUE = upper(VALUE))
    CONSTRAINT sku_prefix CHECK (VALUE LIKE 'S%');
CREATE TABLE product (id integer PRIMARY KEY, code sku);
INSERT INTO product VALUES (1, 'S123'), (2, 'SABCDEF');
CREATE FUNCTION code_of(p integer) RETURNS sku LANGUAGE sql STABLE AS $$ SELECT code FROM product WHERE id = p $$;
CREATE VIEW product_v AS SELECT id, code FROM product;
-- expect-rows: SELECT string_agg(code, ',' ORDER BY id) FROM product_v => S123,SABCDEF
