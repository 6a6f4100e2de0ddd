-- Operator class parameters and exclusion INCLUDE: a trigram GiST index changes siglen (32 ->
-- 64), a BRIN minmax_multi index changes values_per_range and gains pages_per_range, the
-- exclusion constraint gains an INCLUDE column and a fillfactor (drop + add), a new GIN trigram
-- index with an expression, and the title column changes type (all its indexes rebuilt).
CREATE EXTENSION pg_trgm;
CREATE EXTENSION btree_gist;
CREATE TABLE doc (
    id integer PRIMARY KEY,
    owner integer NOT NULL,
    title varchar(200) NOT NULL,
    valid tstzrange NOT NULL,
    ts timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT doc_one_version EXCLUDE USING gist (owner WITH =, valid WITH &&) INCLUDE (ts) WITH (fillfactor = 80)
);
CREATE INDEX doc_title_trgm ON doc USING gist (title gist_trgm_ops(siglen = 64));
CREATE INDEX doc_ts_brin ON doc USING brin (ts timestamptz_minmax_multi_ops(values_per_range = 32)) WITH (pages_per_range = 16);
CREATE INDEX doc_title_lower_trgm ON doc USING gin (lower(title) gin_trgm_ops);
