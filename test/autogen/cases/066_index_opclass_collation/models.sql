-- Index operator class and collation: text_pattern_ops replaces the default opclass (same
-- index name), a new index with COLLATE "C", a NULLS NOT DISTINCT unique index.
CREATE TABLE path (
    id integer PRIMARY KEY,
    p text NOT NULL,
    name text
);
CREATE INDEX path_p_idx ON path (p text_pattern_ops);
CREATE INDEX path_name_c_idx ON path (name COLLATE "C");
CREATE UNIQUE INDEX path_name_uniq ON path (name) NULLS NOT DISTINCT;
