-- The enum is renamed (same labels): the differ sees a new type and a dropped one; the column
-- moves to the new type through text, with its default and check, keeping its values.
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE orders (id integer PRIMARY KEY, state order_status NOT NULL DEFAULT 'new' CHECK (state <> 'shipped' OR id > 0));
