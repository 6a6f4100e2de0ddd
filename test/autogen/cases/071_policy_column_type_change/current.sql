CREATE TABLE record (
    id integer PRIMARY KEY,
    owner_id integer NOT NULL,
    body text
);
ALTER TABLE record ENABLE ROW LEVEL SECURITY;
CREATE POLICY record_owner ON record USING (owner_id = 1);
INSERT INTO record VALUES (1, 1, 'a'), (2, 2, 'b');
-- expect-rows: SELECT count(*) FROM record => 2
