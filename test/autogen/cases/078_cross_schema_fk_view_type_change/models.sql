-- Cross-schema dependencies: a primary key column referenced by a foreign key from another
-- schema and read by a view in a third schema changes type (integer -> bigint): the view and
-- the foreign key must be dropped before and recreated after, in the other schemas.
CREATE SCHEMA auth;
CREATE SCHEMA sales;
CREATE SCHEMA reporting;
CREATE TABLE auth.app_user (
    id bigint PRIMARY KEY,
    login text NOT NULL UNIQUE
);
CREATE TABLE sales.purchase (
    id integer PRIMARY KEY,
    buyer_id bigint NOT NULL REFERENCES auth.app_user (id) ON DELETE CASCADE,
    amount numeric(10,2) NOT NULL
);
CREATE INDEX purchase_buyer_idx ON sales.purchase (buyer_id);
CREATE VIEW reporting.spend_per_user AS
    SELECT u.id, u.login, sum(p.amount) AS spent
      FROM auth.app_user u JOIN sales.purchase p ON p.buyer_id = u.id
     GROUP BY u.id, u.login;
