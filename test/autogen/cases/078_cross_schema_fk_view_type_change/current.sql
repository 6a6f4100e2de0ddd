CREATE SCHEMA auth;
CREATE SCHEMA sales;
CREATE SCHEMA reporting;
CREATE TABLE auth.app_user (
    id integer PRIMARY KEY,
    login text NOT NULL UNIQUE
);
CREATE TABLE sales.purchase (
    id integer PRIMARY KEY,
    buyer_id integer NOT NULL REFERENCES auth.app_user (id) ON DELETE CASCADE,
    amount numeric(10,2) NOT NULL
);
CREATE INDEX purchase_buyer_idx ON sales.purchase (buyer_id);
CREATE VIEW reporting.spend_per_user AS
    SELECT u.id, u.login, sum(p.amount) AS spent
      FROM auth.app_user u JOIN sales.purchase p ON p.buyer_id = u.id
     GROUP BY u.id, u.login;
INSERT INTO auth.app_user VALUES (1, 'ann'), (2, 'bob');
INSERT INTO sales.purchase VALUES (1, 1, 10), (2, 1, 5), (3, 2, 7.5);
-- expect-rows: SELECT count(*) FROM sales.purchase => 3
-- expect-rows: SELECT sum(buyer_id) FROM sales.purchase => 4
