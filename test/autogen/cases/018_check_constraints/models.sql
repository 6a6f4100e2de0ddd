-- Check constraints: add a column check, add a table check over two columns, drop one.
CREATE TABLE product (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL,
    stock integer NOT NULL CONSTRAINT product_stock_check CHECK (stock >= 0),
    sku text,
    CONSTRAINT product_sku_format CHECK (sku ~ '^[A-Z]-[0-9]+$' AND stock < 1000000)
);
