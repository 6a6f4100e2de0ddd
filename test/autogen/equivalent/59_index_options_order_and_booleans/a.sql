CREATE TABLE t2 (id int);
CREATE INDEX t2_i ON t2 (id) WITH (fillfactor = 40, deduplicate_items = off);
