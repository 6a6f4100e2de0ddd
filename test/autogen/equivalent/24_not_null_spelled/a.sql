CREATE TABLE t (a int NOT NULL, b text NULL, c int PRIMARY KEY);
