-- Two unlogged tables, one referencing the other, become logged: SET LOGGED must run on the
-- referenced table first (a logged table cannot reference an unlogged one), and on downgrade
-- SET UNLOGGED on the referencing table first; a new logged table references the formerly
-- unlogged one.
CREATE TABLE session_parent (
    id integer PRIMARY KEY,
    label text
);
CREATE TABLE cache_batch (
    id integer PRIMARY KEY,
    parent_id integer REFERENCES session_parent (id)
);
CREATE TABLE cache_entry (
    id integer PRIMARY KEY,
    batch_id integer NOT NULL REFERENCES cache_batch (id),
    payload text
);
CREATE TABLE cache_audit (
    id integer PRIMARY KEY,
    entry_id integer REFERENCES cache_entry (id)
);
