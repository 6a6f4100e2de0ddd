CREATE TABLE country (
    id integer PRIMARY KEY,
    iso char(2) NOT NULL,
    iso3 char(3) NOT NULL,
    name text NOT NULL
);
CREATE UNIQUE INDEX country_iso_key_idx ON country (iso);
CREATE TABLE city (
    id integer PRIMARY KEY,
    country_iso char(2) NOT NULL REFERENCES country (iso),
    name text NOT NULL
);
INSERT INTO country VALUES (1, 'DE', 'DEU', 'Germany'), (2, 'FR', 'FRA', 'France');
INSERT INTO city VALUES (1, 'DE', 'Berlin'), (2, 'FR', 'Paris');
-- expect-rows: SELECT count(*) FROM city => 2
