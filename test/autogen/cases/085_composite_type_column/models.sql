-- A composite type used as a table column type gains an attribute (ALTER TYPE ADD ATTRIBUTE
-- keeps the stored values); a new table uses a new composite type and an array of the old one.
CREATE TYPE address AS (street text, city text, zip text);
CREATE TYPE geo_point AS (lat double precision, lon double precision);
CREATE TABLE shop (
    id integer PRIMARY KEY,
    name text NOT NULL,
    location address
);
CREATE TABLE warehouse (
    id integer PRIMARY KEY,
    position geo_point,
    docks address[]
);
