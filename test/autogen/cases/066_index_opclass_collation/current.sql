CREATE TABLE path (
    id integer PRIMARY KEY,
    p text NOT NULL,
    name text
);
CREATE INDEX path_p_idx ON path (p);
INSERT INTO path VALUES (1, '/a', 'a');
-- expect-rows: SELECT count(*) FROM path => 1
