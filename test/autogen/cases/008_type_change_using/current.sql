CREATE TABLE setting (
    id integer PRIMARY KEY,
    amount text NOT NULL,
    enabled text,
    payload text
);
INSERT INTO setting VALUES (1, '10', 'true', '{"a": 1}'), (2, '25', 'false', '[]'), (3, '0', NULL, NULL);
-- expect-rows: SELECT count(*) FROM setting => 3
-- expect-rows: SELECT string_agg(amount::text, ',' ORDER BY id) FROM setting => 10,25,0
