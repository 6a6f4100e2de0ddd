-- Columns renamed (flagged: seen as drop + add, the data of the renamed columns is not kept)
-- while a check, a unique expression index, a comment, an FK and a view depend on them: the
-- dependents are dropped before the old columns and recreated on the new ones; the added NOT
-- NULL column gets a default so the populated table accepts it (both directions: the default
-- must satisfy the check recreated on the column).  Rows are kept, not the renamed values.
CREATE TABLE person (
    id integer PRIMARY KEY,
    display_name text NOT NULL DEFAULT '?',
    email text,
    CONSTRAINT person_fullname_check CHECK (display_name <> '')
);
CREATE UNIQUE INDEX person_mail_key ON person (lower(email));
CREATE TABLE pet (
    id integer PRIMARY KEY,
    owner_id integer REFERENCES person (id),
    petname text
);
CREATE VIEW person_pets AS SELECT p.display_name, count(pet.id) AS pets FROM person p LEFT JOIN pet ON pet.owner_id = p.id GROUP BY p.display_name;
COMMENT ON COLUMN person.email IS 'contact address';
