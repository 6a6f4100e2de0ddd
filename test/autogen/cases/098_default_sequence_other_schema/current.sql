CREATE SCHEMA ids;
CREATE SEQUENCE ids.order_no START 1000;
CREATE TABLE shop_order (
    id integer PRIMARY KEY,
    order_no bigint NOT NULL DEFAULT nextval('ids.order_no'),
    note text
);
INSERT INTO shop_order (id, note) VALUES (1, 'a'), (2, 'b');
-- expect-rows: SELECT count(*) FROM shop_order => 2
-- expect-rows: SELECT sum(order_no) FROM shop_order => 2001
