-- Persistence: a logged table becomes UNLOGGED, an unlogged one LOGGED, a new unlogged table.
CREATE UNLOGGED TABLE cache_entry (
    key text PRIMARY KEY,
    value bytea
);
CREATE TABLE session (
    id uuid PRIMARY KEY,
    data jsonb
);
CREATE UNLOGGED TABLE scratch (id integer);
