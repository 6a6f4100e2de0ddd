-- Index methods and expressions: an expression index (lower(title)), GIN on jsonb with an
-- operator class, BRIN, hash, a descending multi-column btree with NULLS FIRST.
CREATE TABLE doc (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body jsonb,
    created date,
    k integer
);
CREATE INDEX doc_lower_title_idx ON doc (lower(title));
CREATE INDEX doc_body_idx ON doc USING gin (body jsonb_path_ops);
CREATE INDEX doc_created_brin ON doc USING brin (created);
CREATE INDEX doc_k_hash ON doc USING hash (k);
CREATE INDEX doc_created_k_idx ON doc (created DESC NULLS LAST, k NULLS FIRST);
