-- Three unique constraints u1 (a), u2 (b), u3 (c); an FK references u2's column.
CREATE TABLE item (id integer PRIMARY KEY, a text NOT NULL, b text NOT NULL, c text NOT NULL,
    CONSTRAINT item_u1 UNIQUE (a), CONSTRAINT item_u2 UNIQUE (b), CONSTRAINT item_u3 UNIQUE (c));
CREATE TABLE ref (id integer PRIMARY KEY, item_b text REFERENCES item (b));
INSERT INTO item VALUES (1, 'a1', 'b1', 'c1'), (2, 'a2', 'b2', 'c2');
INSERT INTO ref VALUES (1, 'b1');
-- expect-rows: SELECT count(*) FROM item JOIN ref ON ref.item_b = item.b => 1
