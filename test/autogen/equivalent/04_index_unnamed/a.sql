CREATE TABLE t (a int, b text);
CREATE INDEX ON t (a);
CREATE INDEX ON t (lower(b));
CREATE UNIQUE INDEX ON t (b) WHERE a > 0;
