-- A probable rename: a column dropped and one of the same type added in the same table must be
-- flagged (a warning in the revision) rather than silently lose data; generated as drop + add.
CREATE TABLE account (
    id integer PRIMARY KEY,
    login text,
    mail varchar(100)
);
