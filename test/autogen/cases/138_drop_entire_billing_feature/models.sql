-- Dropping an entire feature: a schema with an enum, a domain, a sequence, two tables (uuid
-- PK default from pgcrypto), a trigger and its function, an SQL function used by a view in
-- another schema, a view, a materialized view, RLS and a policy, plus the core table's column and
-- index that only served it, and the extension; the core table keeps its rows.
CREATE TABLE customer (
    id integer PRIMARY KEY,
    name text NOT NULL
);
