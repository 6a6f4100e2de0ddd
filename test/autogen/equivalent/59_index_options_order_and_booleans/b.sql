CREATE TABLE t2 (id int);
CREATE INDEX t2_i ON t2 (id) WITH (deduplicate_items = false, fillfactor = 40);
