-- Without --compare-privileges, grants made outside the models survive when autogenerate
-- drops and creates their object again: the view gains a column (rebuilt) and keeps its
-- SELECT for PUBLIC, in the upgrade and in the downgrade.
CREATE TABLE item (id integer PRIMARY KEY, label text, price numeric(10,2));
CREATE VIEW item_labels AS SELECT id, label, price FROM item;
CREATE FUNCTION item_count(min_id integer) RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM item WHERE id >= min_id';
