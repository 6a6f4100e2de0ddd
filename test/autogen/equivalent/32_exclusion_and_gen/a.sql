CREATE EXTENSION btree_gist;
CREATE TABLE r (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));
CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED);
