CREATE TABLE product (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL CONSTRAINT product_price_check CHECK (price >= 0),
    stock integer NOT NULL,
    sku text
);
INSERT INTO product VALUES (1, 9.99, 3, 'A-1'), (2, 0, 0, 'B-2');
-- expect-rows: SELECT count(*) FROM product => 2
