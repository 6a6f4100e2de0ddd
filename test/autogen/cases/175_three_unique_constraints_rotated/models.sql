-- The names rotate over the columns: u1 (b), u2 (c), u3 (a); the FK on b now uses item_u1's
-- index, so it must be dropped before item_u2 goes and re-added after item_u1 exists.
CREATE TABLE item (id integer PRIMARY KEY, a text NOT NULL, b text NOT NULL, c text NOT NULL,
    CONSTRAINT item_u1 UNIQUE (b), CONSTRAINT item_u2 UNIQUE (c), CONSTRAINT item_u3 UNIQUE (a));
CREATE TABLE ref (id integer PRIMARY KEY, item_b text REFERENCES item (b));
