CREATE TABLE product (
    id integer PRIMARY KEY,
    sku text NOT NULL,
    name text NOT NULL,
    price numeric(10,2) NOT NULL
);
CREATE TABLE stock (
    product_id integer PRIMARY KEY REFERENCES product (id),
    on_hand integer NOT NULL
);
INSERT INTO product VALUES (1, 'A-1', 'apple', 0.5), (2, 'B-2', 'bread', 2.25), (3, 'C-3', 'cheese', 7.8);
INSERT INTO stock VALUES (1, 100), (2, 10), (3, 0);
-- expect-rows: SELECT string_agg(sku || '=' || price, ',' ORDER BY id) FROM product => A-1=0.50,B-2=2.25,C-3=7.80
-- expect-rows: SELECT sum(on_hand) FROM stock => 110
