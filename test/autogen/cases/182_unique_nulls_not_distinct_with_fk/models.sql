-- The unique constraint becomes NULLS NOT DISTINCT (same name): it has to be dropped and re-added,
-- and the FK that depends on its index with it.
CREATE TABLE account (id integer PRIMARY KEY, email text, CONSTRAINT account_email_key UNIQUE NULLS NOT DISTINCT (email));
CREATE TABLE login (id integer PRIMARY KEY, email text REFERENCES account (email) ON UPDATE CASCADE);
