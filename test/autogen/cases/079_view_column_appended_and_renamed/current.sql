CREATE TABLE product (
    id integer PRIMARY KEY,
    name text NOT NULL,
    price numeric(10,2) NOT NULL,
    stock integer NOT NULL DEFAULT 0
);
CREATE VIEW product_list AS SELECT id, name FROM product;
CREATE VIEW product_price AS SELECT id, price AS cost FROM product;
CREATE VIEW cheap_product AS SELECT id, cost FROM product_price WHERE cost < 10;
INSERT INTO product VALUES (1, 'pen', 1.5, 10), (2, 'desk', 200, 1);
-- expect-rows: SELECT count(*) FROM product => 2
