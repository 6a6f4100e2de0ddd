CREATE FUNCTION current_tenant() RETURNS integer LANGUAGE sql STABLE AS $$ SELECT 1 $$;
CREATE TABLE invoice (
    id integer PRIMARY KEY,
    tenant integer NOT NULL
);
ALTER TABLE invoice ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoice_tenant ON invoice USING (tenant = current_tenant());
INSERT INTO invoice VALUES (1, 1), (2, 2);
-- expect-rows: SELECT count(*) FROM invoice => 2
