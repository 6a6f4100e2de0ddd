-- The sequence is gone: both defaults must be dropped before it (DROP SEQUENCE is refused while
-- a default uses it); the ids stay.
CREATE SCHEMA a;
CREATE SCHEMA b;
CREATE TABLE a.doc (id bigint PRIMARY KEY, v text);
CREATE TABLE b.doc (id bigint PRIMARY KEY, v text);
