CREATE TABLE contact (
    id integer PRIMARY KEY,
    email text,
    phone text NOT NULL
);
INSERT INTO contact VALUES (1, 'a@example.com', '123'), (2, 'b@example.com', '456');
-- expect-rows: SELECT count(*) FROM contact => 2
