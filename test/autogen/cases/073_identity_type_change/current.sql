CREATE TABLE big_event (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind smallint NOT NULL
);
INSERT INTO big_event (kind) VALUES (1), (2), (3);
-- expect-rows: SELECT string_agg(id::text, ',' ORDER BY id) FROM big_event => 1,2,3
