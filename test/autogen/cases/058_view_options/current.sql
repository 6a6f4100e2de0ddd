CREATE TABLE secret (
    id integer PRIMARY KEY,
    level integer NOT NULL,
    body text
);
CREATE VIEW low_secret AS SELECT id, level, body FROM secret WHERE level < 5;
CREATE VIEW barrier AS SELECT id FROM secret WITH CASCADED CHECK OPTION;
INSERT INTO secret VALUES (1, 1, 'a'), (2, 9, 'b');
-- expect-rows: SELECT count(*) FROM low_secret => 1
