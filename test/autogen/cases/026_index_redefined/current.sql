CREATE TABLE visit (
    id integer PRIMARY KEY,
    page text NOT NULL,
    visitor integer,
    at timestamptz NOT NULL
);
CREATE INDEX visit_lookup_idx ON visit (page);
CREATE INDEX visit_at_idx ON visit (at);
INSERT INTO visit VALUES (1, '/', 1, now());
-- expect-rows: SELECT count(*) FROM visit => 1
