CREATE TABLE item (id integer PRIMARY KEY, label text, price numeric(10,2));
CREATE VIEW item_labels AS SELECT id, label FROM item;
CREATE FUNCTION item_count(min_id integer) RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM item WHERE id >= min_id';
-- granted outside the models, which autogenerate does not compare by default
GRANT SELECT ON item_labels TO PUBLIC;
REVOKE EXECUTE ON FUNCTION item_count(integer) FROM PUBLIC;
INSERT INTO item VALUES (1, 'a', 1.50);
-- expect-rows: SELECT has_table_privilege('public', 'item_labels', 'SELECT')::text => true
-- expect-rows: SELECT count(*) FROM item => 1
