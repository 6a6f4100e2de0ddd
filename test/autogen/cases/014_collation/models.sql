-- Column collation: add COLLATE "C" to an indexed column, and return another to the default.
CREATE TABLE word (
    id integer PRIMARY KEY,
    spelling text COLLATE "C" NOT NULL,
    code varchar(10)
);
CREATE INDEX word_spelling_idx ON word (spelling);
