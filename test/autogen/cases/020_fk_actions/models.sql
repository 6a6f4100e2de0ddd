-- Foreign key actions: ON DELETE CASCADE -> SET NULL with ON UPDATE CASCADE; a new FK on a
-- unique (non-primary) column with MATCH FULL and ON DELETE RESTRICT; a dropped FK.
CREATE TABLE parent (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE child (
    id integer PRIMARY KEY,
    parent_id integer CONSTRAINT child_parent_id_fkey REFERENCES parent (id) ON DELETE SET NULL ON UPDATE CASCADE,
    parent_code text CONSTRAINT child_parent_code_fkey REFERENCES parent (code) MATCH FULL ON DELETE RESTRICT,
    other_id integer
);
