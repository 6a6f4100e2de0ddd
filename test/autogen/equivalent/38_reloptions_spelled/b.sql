CREATE TABLE t (a int);
ALTER TABLE t SET (fillfactor = '70', autovacuum_enabled = off);
CREATE TABLE s (a int);
CREATE VIEW v AS SELECT a FROM s;
ALTER VIEW v SET (security_barrier = true);
