CREATE TABLE t (a int) WITH (fillfactor=70, autovacuum_enabled=false);
CREATE TABLE s (a int);
CREATE VIEW v WITH (security_barrier) AS SELECT a FROM s;
