CREATE TABLE parent (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE child (
    id integer PRIMARY KEY,
    parent_id integer CONSTRAINT child_parent_id_fkey REFERENCES parent (id) ON DELETE CASCADE,
    parent_code text,
    other_id integer CONSTRAINT child_other_id_fkey REFERENCES parent (id)
);
INSERT INTO parent VALUES (1, 'a'), (2, 'b');
INSERT INTO child VALUES (1, 1, 'a', 2), (2, 2, 'b', NULL);
-- expect-rows: SELECT count(*) FROM child => 2
