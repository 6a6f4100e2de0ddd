CREATE TABLE t (s text CHECK (s IN ('a', 'b', 'c')), n int CHECK (n BETWEEN 1 AND 10));
