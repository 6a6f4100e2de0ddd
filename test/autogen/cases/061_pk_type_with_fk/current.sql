CREATE TABLE author (
    id integer PRIMARY KEY,
    name text
);
CREATE TABLE post (
    id integer PRIMARY KEY,
    author_id integer NOT NULL REFERENCES author (id),
    title text
);
CREATE INDEX post_author_id_idx ON post (author_id);
INSERT INTO author VALUES (1, 'ann'), (2, 'bob');
INSERT INTO post VALUES (1, 1, 'x'), (2, 1, 'y'), (3, 2, 'z');
-- expect-rows: SELECT count(*) FROM post JOIN author ON author.id = post.author_id => 3
