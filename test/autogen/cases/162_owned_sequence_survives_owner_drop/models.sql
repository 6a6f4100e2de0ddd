-- The table owning a serial's sequence is dropped while another table's default keeps using that
-- sequence (the models declare the sequence free-standing): the ownership must be removed (OWNED
-- BY NONE) before DROP TABLE, which would otherwise drop the sequence or fail on the dependent
-- default, and the sequence must keep its position.  A view over both tables goes first. The
-- audit table's owned sequence is dropped with the table (nothing else uses it).
CREATE SEQUENCE legacy_order_id_seq AS integer;
CREATE TABLE new_order (
    id integer PRIMARY KEY DEFAULT nextval('legacy_order_id_seq'),
    ref text NOT NULL
);
CREATE VIEW all_orders AS SELECT id, ref FROM new_order;
