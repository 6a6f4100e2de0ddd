-- A whole schema and everything in it dropped; another table untouched.
CREATE TABLE main (id integer PRIMARY KEY);
