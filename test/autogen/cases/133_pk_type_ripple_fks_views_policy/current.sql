CREATE TABLE account (
    id integer PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE project (
    id integer PRIMARY KEY,
    account_id integer NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    title text
);
CREATE TABLE invoice (
    id integer PRIMARY KEY,
    account_id integer NOT NULL,
    amount numeric(10,2),
    CONSTRAINT invoice_account_fk FOREIGN KEY (account_id) REFERENCES account (id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE membership (
    account_id integer REFERENCES account (id) ON UPDATE CASCADE,
    member text NOT NULL,
    PRIMARY KEY (account_id, member)
);
CREATE INDEX invoice_account_idx ON invoice (account_id);
CREATE VIEW account_projects AS
    SELECT a.id, a.name, count(p.id) AS projects FROM account a LEFT JOIN project p ON p.account_id = a.id GROUP BY a.id, a.name;
CREATE VIEW account_billing AS
    SELECT a.id AS account_id, sum(i.amount) AS billed FROM account a JOIN invoice i ON i.account_id = a.id GROUP BY a.id;
ALTER TABLE invoice ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoice_by_account ON invoice
    USING (account_id = current_setting('app.account', true)::integer);
INSERT INTO account VALUES (1, 'a'), (2, 'b');
INSERT INTO project VALUES (1, 1, 'p1'), (2, 1, 'p2'), (3, 2, 'p3');
INSERT INTO invoice VALUES (1, 1, 10), (2, 2, 20.5);
INSERT INTO membership VALUES (1, 'x'), (2, 'y'), (2, 'z');
-- expect-rows: SELECT string_agg(id || ':' || projects, ',' ORDER BY id) FROM account_projects => 1:2,2:1
-- expect-rows: SELECT sum(billed) FROM account_billing => 30.50
-- expect-rows: SELECT count(*) FROM membership => 3
