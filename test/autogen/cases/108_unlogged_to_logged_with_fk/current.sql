CREATE TABLE session_parent (
    id integer PRIMARY KEY,
    label text
);
CREATE UNLOGGED TABLE cache_batch (
    id integer PRIMARY KEY,
    parent_id integer REFERENCES session_parent (id)
);
CREATE UNLOGGED TABLE cache_entry (
    id integer PRIMARY KEY,
    batch_id integer NOT NULL REFERENCES cache_batch (id),
    payload text
);
INSERT INTO session_parent VALUES (1, 'p');
INSERT INTO cache_batch VALUES (1, 1);
INSERT INTO cache_entry VALUES (1, 1, 'x'), (2, 1, 'y');
-- expect-rows: SELECT count(*) FROM cache_entry => 2
-- expect-rows: SELECT count(*) FROM cache_batch => 1
