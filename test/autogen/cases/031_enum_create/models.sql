-- Create enum types and use them: a new column of the enum type, an enum array column, and a
-- text column converted to the enum (a type change that needs USING).
CREATE TYPE shirt_size AS ENUM ('small', 'medium', 'large');
CREATE TYPE colour AS ENUM ('red', 'green', 'blue');
CREATE TABLE shirt (
    id integer PRIMARY KEY,
    size shirt_size,
    colours colour[] DEFAULT '{}'
);
