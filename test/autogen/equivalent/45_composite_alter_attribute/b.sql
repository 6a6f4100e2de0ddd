CREATE TYPE pt AS (x integer, y integer, label text);
CREATE TABLE t (p pt);
