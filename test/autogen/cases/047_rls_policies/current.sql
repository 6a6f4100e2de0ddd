CREATE TABLE note (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text
);
CREATE TABLE open_data (id integer PRIMARY KEY);
INSERT INTO note (id, body) VALUES (1, 'a'), (2, 'b');
-- expect-rows: SELECT count(*) FROM note => 2
