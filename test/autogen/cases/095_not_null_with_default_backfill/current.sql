CREATE TABLE subscriber (
    id integer PRIMARY KEY,
    email text NOT NULL,
    status text,
    score integer
);
INSERT INTO subscriber VALUES (1, 'a@x', 'active', 5), (2, 'b@x', NULL, NULL), (3, 'c@x', NULL, 7);
-- expect-rows: SELECT count(*) FROM subscriber => 3
-- expect-rows: SELECT count(*) FROM subscriber WHERE status = 'active' => 1
