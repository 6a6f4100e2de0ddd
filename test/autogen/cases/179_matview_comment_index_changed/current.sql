-- Two populated materialized views with comments and indexes.
CREATE TABLE ev (id integer PRIMARY KEY, kind text, n integer);
INSERT INTO ev VALUES (1, 'a', 1), (2, 'a', 2), (3, 'b', 3);
CREATE MATERIALIZED VIEW ev_by_kind AS SELECT kind, sum(n) AS total FROM ev GROUP BY kind;
CREATE UNIQUE INDEX ev_by_kind_kind ON ev_by_kind (kind);
COMMENT ON MATERIALIZED VIEW ev_by_kind IS 'totals per kind';
COMMENT ON COLUMN ev_by_kind.total IS 'sum of n';
CREATE MATERIALIZED VIEW ev_max AS SELECT max(n) AS m FROM ev;
CREATE INDEX ev_max_m ON ev_max (m);
COMMENT ON MATERIALIZED VIEW ev_max IS 'largest n';
-- expect-rows: SELECT string_agg(kind || '=' || total, ',' ORDER BY kind) FROM ev_by_kind => a=3,b=3
-- expect-rows: SELECT count(*) FROM ev => 3
