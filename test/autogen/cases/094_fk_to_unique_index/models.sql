-- Foreign keys onto plain unique indexes (not constraints): the index an existing FK uses is
-- redefined (gains INCLUDE, so drop the FK, recreate the index, re-add the FK), and a new
-- unique index plus a new FK onto it (index first, then the FK).
CREATE TABLE country (
    id integer PRIMARY KEY,
    iso char(2) NOT NULL,
    iso3 char(3) NOT NULL,
    name text NOT NULL
);
CREATE UNIQUE INDEX country_iso_key_idx ON country (iso) INCLUDE (name);
CREATE UNIQUE INDEX country_iso3_key_idx ON country (iso3);
CREATE TABLE city (
    id integer PRIMARY KEY,
    country_iso char(2) NOT NULL REFERENCES country (iso),
    country_iso3 char(3) REFERENCES country (iso3),
    name text NOT NULL
);
