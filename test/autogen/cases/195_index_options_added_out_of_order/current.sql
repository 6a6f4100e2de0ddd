CREATE TABLE t2 (id integer, code text);
CREATE INDEX t2_i ON t2 (id) WITH (fillfactor = 50);
CREATE INDEX t2_code ON t2 (code) WITH (deduplicate_items = on, fillfactor = 70);
INSERT INTO t2 VALUES (1, 'a'), (2, 'b');
-- expect-rows: SELECT count(*) FROM t2 => 2
