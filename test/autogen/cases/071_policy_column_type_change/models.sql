-- A column used in a policy expression changes type (PostgreSQL refuses "cannot alter type
-- of a column used in a policy definition"): the policy is dropped and recreated around it.
CREATE TABLE record (
    id integer PRIMARY KEY,
    owner_id bigint NOT NULL,
    body text
);
ALTER TABLE record ENABLE ROW LEVEL SECURITY;
CREATE POLICY record_owner ON record USING (owner_id = 1);
