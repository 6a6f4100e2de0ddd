CREATE EXTENSION pg_trgm;
CREATE EXTENSION btree_gist;
CREATE TABLE doc (
    id integer PRIMARY KEY,
    owner integer NOT NULL,
    title text NOT NULL,
    valid tstzrange NOT NULL,
    ts timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT doc_one_version EXCLUDE USING gist (owner WITH =, valid WITH &&)
);
CREATE INDEX doc_title_trgm ON doc USING gist (title gist_trgm_ops(siglen = 32));
CREATE INDEX doc_ts_brin ON doc USING brin (ts timestamptz_minmax_multi_ops(values_per_range = 16));
INSERT INTO doc (id, owner, title, valid) VALUES (1, 1, 'alpha', '[2024-01-01,2024-02-01)'), (2, 1, 'beta', '[2024-02-01,2024-03-01)');
-- expect-rows: SELECT count(*) FROM doc => 2
