CREATE TABLE thing (
    name text NOT NULL
);
INSERT INTO thing VALUES ('a'), ('b'), ('c');
-- expect-rows: SELECT count(*) FROM thing => 3
