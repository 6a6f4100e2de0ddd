CREATE TABLE t (id int PRIMARY KEY, old text, name text, older int);
ALTER TABLE t DROP COLUMN old;
ALTER TABLE t DROP COLUMN older;
CREATE VIEW v AS SELECT * FROM t;
