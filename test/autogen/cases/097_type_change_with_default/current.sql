CREATE TABLE setting_kv (
    id integer PRIMARY KEY,
    rank integer NOT NULL DEFAULT 0,
    quantity text NOT NULL DEFAULT '1',
    flag integer DEFAULT 1,
    ratio text DEFAULT '0.5'
);
INSERT INTO setting_kv VALUES (1, 3, '42', 0, '0.25'), (2, 7, '8', 1, '1.5');
INSERT INTO setting_kv (id) VALUES (3);
-- expect-rows: SELECT count(*) FROM setting_kv => 3
-- expect-rows: SELECT sum(quantity::integer) FROM setting_kv => 51
-- expect-rows: SELECT string_agg(rank::text, ',' ORDER BY id) FROM setting_kv => 3,7,0
