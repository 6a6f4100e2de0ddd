CREATE TABLE listing (
    id integer PRIMARY KEY,
    title varchar(50) NOT NULL,
    code text NOT NULL,
    summary varchar(200),
    price numeric(10,2),
    weight numeric,
    listed_at timestamp NOT NULL,
    expires_at timestamptz
);
CREATE INDEX listing_code_idx ON listing (code);
CREATE VIEW listing_titles AS SELECT id, title FROM listing;
SET TIME ZONE 'UTC';
INSERT INTO listing VALUES
    (1, 'Bike', 'BK-1', 'red bike', 120.50, 12.345, '2024-06-01 12:00:00', '2024-07-01 00:00:00+00'),
    (2, 'Lamp', 'LM-22', NULL, 9.99, NULL, '2024-06-02 08:30:00', NULL);
-- expect-rows: SELECT count(*) FROM listing => 2
-- expect-rows: SELECT string_agg(title || '/' || code || '/' || price::numeric(10,2), ',' ORDER BY id) FROM listing => Bike/BK-1/120.50,Lamp/LM-22/9.99
-- expect-rows: SELECT count(*) FROM listing WHERE listed_at IS NOT NULL => 2
