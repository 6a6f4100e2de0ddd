-- An enum that loses an unused value ('delete') and gains one ('share'), used as an array
-- column (with an array default and a GIN index), a plain column and in a function signature:
-- the type must be recreated and the array column converted, the function and index recreated.
CREATE TYPE permission AS ENUM ('read', 'write', 'share', 'admin');
CREATE TABLE grant_set (
    id integer PRIMARY KEY,
    perms permission[] NOT NULL DEFAULT ARRAY['read']::permission[],
    main permission
);
CREATE FUNCTION has_perm(p permission[], want permission) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT want = ANY (p) $$;
CREATE INDEX grant_set_perms_gin ON grant_set USING gin (perms);
