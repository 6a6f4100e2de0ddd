CREATE TABLE word (
    id integer PRIMARY KEY,
    spelling text NOT NULL,
    code varchar(10) COLLATE "C"
);
CREATE INDEX word_spelling_idx ON word (spelling);
INSERT INTO word VALUES (1, 'apple', 'A'), (2, 'Banana', 'b');
-- expect-rows: SELECT count(*) FROM word => 2
