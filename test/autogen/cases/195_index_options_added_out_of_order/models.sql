-- Index storage parameters changed in place where ALTER INDEX ... SET leaves them in another
-- order than the models' (PostgreSQL keeps reloptions as written) and booleans spelt otherwise
-- (off / false): after the upgrade check must come clean, not report changed options forever.
CREATE TABLE t2 (id integer, code text);
CREATE INDEX t2_i ON t2 (id) WITH (fillfactor = 40, deduplicate_items = off);
CREATE INDEX t2_code ON t2 (code) WITH (deduplicate_items = true, fillfactor = 60);
