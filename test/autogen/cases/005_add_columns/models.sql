-- Add columns to a populated table: nullable, NOT NULL with a default, array, jsonb, numeric.
CREATE TABLE person (
    id integer PRIMARY KEY,
    name text NOT NULL,
    nickname varchar(40),
    active boolean NOT NULL DEFAULT true,
    tags text[] NOT NULL DEFAULT '{}',
    profile jsonb,
    score numeric(5,2) DEFAULT 0.5
);
