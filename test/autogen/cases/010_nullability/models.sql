-- Nullability: SET NOT NULL on a column without NULLs, DROP NOT NULL on another.
CREATE TABLE contact (
    id integer PRIMARY KEY,
    email text NOT NULL,
    phone text
);
