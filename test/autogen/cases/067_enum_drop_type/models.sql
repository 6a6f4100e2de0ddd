-- An enum type dropped: its column becomes text (with its default converted), then the type
-- goes; the downgrade recreates the type and converts the column back, keeping the rows.
CREATE TABLE notification (
    id integer PRIMARY KEY,
    via text NOT NULL DEFAULT 'email'
);
