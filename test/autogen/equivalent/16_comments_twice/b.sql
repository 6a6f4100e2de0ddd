CREATE TABLE t (a int);
COMMENT ON TABLE t IS 'final';
