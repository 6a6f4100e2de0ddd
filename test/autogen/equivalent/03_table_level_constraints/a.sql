CREATE TABLE t (a int, b int, c text, PRIMARY KEY (a, b), UNIQUE (c), CHECK (a < b));
