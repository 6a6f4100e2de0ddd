-- Views: one gains a column at the end (CREATE OR REPLACE VIEW is enough); one has a column
-- renamed (CREATE OR REPLACE VIEW refuses "cannot change name of view column"), and a view
-- reading it follows the new name.
CREATE TABLE product (
    id integer PRIMARY KEY,
    name text NOT NULL,
    price numeric(10,2) NOT NULL,
    stock integer NOT NULL DEFAULT 0
);
CREATE VIEW product_list AS SELECT id, name, stock FROM product;
CREATE VIEW product_price AS SELECT id, price AS unit_price FROM product;
CREATE VIEW cheap_product AS SELECT id, unit_price FROM product_price WHERE unit_price < 10;
