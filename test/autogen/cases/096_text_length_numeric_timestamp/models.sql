-- Length and precision changes on populated columns, one read by a view: varchar(50) -> text
-- (the view reads it), text -> varchar(20) (indexed, values fit), varchar(200) -> varchar(100),
-- numeric(10,2) -> numeric(12,4), numeric -> numeric(8,3), timestamp -> timestamptz.
CREATE TABLE listing (
    id integer PRIMARY KEY,
    title text NOT NULL,
    code varchar(20) NOT NULL,
    summary varchar(100),
    price numeric(12,4),
    weight numeric(8,3),
    listed_at timestamptz NOT NULL,
    expires_at timestamptz
);
CREATE INDEX listing_code_idx ON listing (code);
CREATE VIEW listing_titles AS SELECT id, title FROM listing;
