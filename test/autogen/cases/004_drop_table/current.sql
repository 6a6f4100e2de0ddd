CREATE TABLE keep (id integer PRIMARY KEY, v text);
CREATE TABLE legacy_log (
    id bigserial PRIMARY KEY,
    keep_id integer REFERENCES keep (id),
    message text NOT NULL DEFAULT '',
    logged_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX legacy_log_logged_at_idx ON legacy_log (logged_at);
INSERT INTO keep VALUES (1, 'a'), (2, 'b');
-- expect-rows: SELECT count(*) FROM keep => 2
