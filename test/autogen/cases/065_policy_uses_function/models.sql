-- A function used by a policy changes its return type (integer -> bigint: drop and create),
-- so the policy has to be dropped and recreated around it.
CREATE FUNCTION current_tenant() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT 1::bigint $$;
CREATE TABLE invoice (
    id integer PRIMARY KEY,
    tenant integer NOT NULL
);
ALTER TABLE invoice ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoice_tenant ON invoice USING (tenant = current_tenant());
