CREATE TABLE word (
    id integer PRIMARY KEY,
    w text NOT NULL,
    w_de text COLLATE "C",
    code varchar(10) COLLATE "C"
);
CREATE INDEX word_w ON word (w);
CREATE INDEX word_de ON word (w_de);
CREATE UNIQUE INDEX word_code ON word (code);
CREATE VIEW word_sorted AS SELECT id, w_de FROM word ORDER BY w_de;
INSERT INTO word VALUES (1, 'Zebra', 'Äpfel', 'b'), (2, 'apple', 'Zucker', 'A');
-- expect-rows: SELECT string_agg(w || '/' || w_de || '/' || code, ',' ORDER BY id) FROM word => Zebra/Äpfel/b,apple/Zucker/A
