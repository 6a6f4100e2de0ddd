-- Add a table with a foreign key to an existing, populated table.
CREATE TABLE author (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE book (
    id integer PRIMARY KEY,
    author_id integer NOT NULL REFERENCES author (id),
    title text NOT NULL,
    published smallint
);
CREATE INDEX book_author_id_idx ON book (author_id);
