CREATE TABLE account (
    id integer PRIMARY KEY,
    user_name text,
    mail varchar(100)
);
INSERT INTO account VALUES (1, 'ann', 'ann@example.com');
-- expect-rows: SELECT count(*) FROM account => 1
