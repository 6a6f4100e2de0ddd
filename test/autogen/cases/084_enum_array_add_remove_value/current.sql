CREATE TYPE permission AS ENUM ('read', 'write', 'delete', 'admin');
CREATE TABLE grant_set (
    id integer PRIMARY KEY,
    perms permission[] NOT NULL DEFAULT ARRAY['read']::permission[],
    main permission
);
CREATE FUNCTION has_perm(p permission[], want permission) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT want = ANY (p) $$;
CREATE INDEX grant_set_perms_gin ON grant_set USING gin (perms);
INSERT INTO grant_set VALUES (1, ARRAY['read', 'write']::permission[], 'write'),
                             (2, ARRAY['admin']::permission[], 'admin');
-- expect-rows: SELECT count(*) FROM grant_set => 2
-- expect-rows: SELECT array_to_string(perms, ',') FROM grant_set WHERE id = 1 => read,write
