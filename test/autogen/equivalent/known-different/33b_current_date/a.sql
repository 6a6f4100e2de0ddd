CREATE TABLE t (d date DEFAULT now()::date);
