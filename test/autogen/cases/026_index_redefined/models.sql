-- An index redefined under the same name (other columns, other order), another whose
-- direction changes.
CREATE TABLE visit (
    id integer PRIMARY KEY,
    page text NOT NULL,
    visitor integer,
    at timestamptz NOT NULL
);
CREATE INDEX visit_lookup_idx ON visit (visitor, page);
CREATE INDEX visit_at_idx ON visit (at DESC);
