CREATE TABLE node (id integer PRIMARY KEY);
CREATE TABLE edge (
    id integer PRIMARY KEY,
    src integer NOT NULL CONSTRAINT edge_src_fkey REFERENCES node (id),
    dst integer NOT NULL CONSTRAINT edge_dst_fkey REFERENCES node (id) DEFERRABLE
);
INSERT INTO node VALUES (1), (2);
INSERT INTO edge VALUES (1, 1, 2);
-- expect-rows: SELECT count(*) FROM edge => 1
