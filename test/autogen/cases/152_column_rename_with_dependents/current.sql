CREATE TABLE person (
    id integer PRIMARY KEY,
    fullname text NOT NULL DEFAULT 'unknown',
    mail text,
    CONSTRAINT person_fullname_check CHECK (fullname <> '')
);
CREATE UNIQUE INDEX person_mail_key ON person (lower(mail));
CREATE TABLE pet (
    id integer PRIMARY KEY,
    person_id integer REFERENCES person (id),
    petname text
);
CREATE VIEW person_pets AS SELECT p.fullname, count(pet.id) AS pets FROM person p LEFT JOIN pet ON pet.person_id = p.id GROUP BY p.fullname;
COMMENT ON COLUMN person.mail IS 'contact address';
INSERT INTO person VALUES (1, 'Ann A', 'a@x'), (2, 'Bob B', NULL);
INSERT INTO pet VALUES (1, 1, 'rex');
-- expect-rows: SELECT count(*) FROM person => 2
-- expect-rows: SELECT count(*) FROM pet => 1
