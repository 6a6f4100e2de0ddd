-- FROM t AS t: an alias equal to the table name
CREATE TABLE t (a int, b text);
CREATE VIEW v AS SELECT t.a, t.b FROM t AS t WHERE t.a > 1;
