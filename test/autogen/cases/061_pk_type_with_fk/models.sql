-- integer -> bigint on a primary key that a foreign key references, and on the referencing
-- column; the data and the foreign key survive both ways.
CREATE TABLE author (
    id bigint PRIMARY KEY,
    name text
);
CREATE TABLE post (
    id integer PRIMARY KEY,
    author_id bigint NOT NULL REFERENCES author (id),
    title text
);
CREATE INDEX post_author_id_idx ON post (author_id);
