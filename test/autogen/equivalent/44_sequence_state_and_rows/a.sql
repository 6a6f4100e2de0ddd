CREATE SEQUENCE s START 10;
SELECT nextval('s'), nextval('s');
SELECT setval('s', 500);
CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, v text);
INSERT INTO t (v) SELECT 'x' FROM generate_series(1, 20);
CREATE MATERIALIZED VIEW mv AS SELECT count(*) AS n FROM t;
ANALYZE t;
