-- A unique constraint referenced by an FK.
CREATE TABLE account (id integer PRIMARY KEY, email text, CONSTRAINT account_email_key UNIQUE (email));
CREATE TABLE login (id integer PRIMARY KEY, email text REFERENCES account (email) ON UPDATE CASCADE);
INSERT INTO account VALUES (1, 'a@x'), (2, NULL);
INSERT INTO login VALUES (1, 'a@x');
-- expect-rows: SELECT count(*) FROM login JOIN account USING (email) => 1
