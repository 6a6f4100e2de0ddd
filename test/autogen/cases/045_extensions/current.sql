CREATE EXTENSION IF NOT EXISTS hstore;
CREATE TABLE profile (
    id integer PRIMARY KEY,
    email text NOT NULL,
    attrs hstore
);
INSERT INTO profile VALUES (1, 'A@Example.com', 'a=>1');
-- expect-rows: SELECT count(*) FROM profile => 1
