-- A primary key changes type (integer -> bigint) while three tables reference it (one FK
-- deferrable, one ON UPDATE CASCADE, one part of a composite PK), two views use it and a policy
-- compares the referencing column: the FKs, views and policy go around the type changes of the
-- PK and all three referencing columns, with the rows kept.
CREATE TABLE account (
    id bigint PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE project (
    id integer PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    title text
);
CREATE TABLE invoice (
    id integer PRIMARY KEY,
    account_id bigint NOT NULL,
    amount numeric(10,2),
    CONSTRAINT invoice_account_fk FOREIGN KEY (account_id) REFERENCES account (id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE membership (
    account_id bigint REFERENCES account (id) ON UPDATE CASCADE,
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
    USING (account_id = current_setting('app.account', true)::bigint);
