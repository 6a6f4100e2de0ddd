-- ev_by_kind keeps its query (so it keeps its rows): only its comments and its index change.
-- ev_max's query changes (recreated): its new comment and its index must come back.
CREATE TABLE ev (id integer PRIMARY KEY, kind text, n integer);
CREATE MATERIALIZED VIEW ev_by_kind AS SELECT kind, sum(n) AS total FROM ev GROUP BY kind;
CREATE UNIQUE INDEX ev_by_kind_kind ON ev_by_kind (kind) INCLUDE (total);
CREATE INDEX ev_by_kind_total ON ev_by_kind (total DESC);
COMMENT ON MATERIALIZED VIEW ev_by_kind IS 'totals per kind (v2)';
COMMENT ON COLUMN ev_by_kind.kind IS 'the kind';
CREATE MATERIALIZED VIEW ev_max AS SELECT max(n) AS m, min(n) AS lo FROM ev;
CREATE INDEX ev_max_m ON ev_max (m, lo);
COMMENT ON MATERIALIZED VIEW ev_max IS 'largest and smallest n';
