CREATE TABLE item (
    id integer PRIMARY KEY,
    obsolete_flag boolean,
    label text NOT NULL,
    legacy_code varchar(10) DEFAULT 'x'
);
INSERT INTO item VALUES (1, true, 'one', 'a'), (2, false, 'two', 'b');
-- expect-rows: SELECT string_agg(label, ',' ORDER BY id) FROM item => one,two
