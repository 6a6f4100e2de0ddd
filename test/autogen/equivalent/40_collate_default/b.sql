CREATE TABLE t (a text, b varchar(5));
