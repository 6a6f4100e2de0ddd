CREATE TABLE document (
    id integer PRIMARY KEY,
    title text NOT NULL,
    legacy_ref text
);
CREATE TABLE invoice (
    amount numeric(10,2)
) INHERITS (document);
CREATE TABLE memo (
    body text
) INHERITS (document);
CREATE TABLE letter (
    recipient text
) INHERITS (document);
INSERT INTO document VALUES (1, 'plain', 'D-1');
INSERT INTO invoice VALUES (2, 'inv', 'INV-2', 10.50);
INSERT INTO memo VALUES (3, 'memo', 'M-3', 'hello');
INSERT INTO letter VALUES (4, 'letter', 'L-4', 'bob');
-- expect-rows: SELECT count(*) FROM ONLY document => 1
-- expect-rows: SELECT count(*) FROM letter WHERE legacy_ref = 'L-4' => 1
-- expect-rows: SELECT legacy_ref FROM ONLY invoice WHERE id = 2 => INV-2
-- expect-rows: SELECT recipient FROM letter WHERE id = 4 => bob
