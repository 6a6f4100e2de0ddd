-- the same without the setting
CREATE TABLE t (a int DEFAULT 1 CHECK (a > 0), b text);
CREATE INDEX ON t (lower(b));
CREATE VIEW v AS SELECT a, b FROM t;
