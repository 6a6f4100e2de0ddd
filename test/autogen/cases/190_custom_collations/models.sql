-- Collations created by the user: an ICU case-insensitive (nondeterministic) one used by a
-- column and a unique index, and a libc one used by another column; they must exist before the
-- columns that use them, and go after them.
CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION plain_c (provider = libc, lc_collate = 'C', lc_ctype = 'C');
COMMENT ON COLLATION case_insensitive IS 'compares text ignoring case';
CREATE TABLE person (
    id integer PRIMARY KEY,
    email text COLLATE case_insensitive NOT NULL,
    name text COLLATE plain_c NOT NULL
);
CREATE UNIQUE INDEX person_email_key ON person (email);
