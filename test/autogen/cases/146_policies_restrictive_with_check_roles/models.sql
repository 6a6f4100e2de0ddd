-- RLS policies changing in every way at once: USING and WITH CHECK added to the tenant policy
-- (ALTER POLICY), a permissive FOR UPDATE policy gains a role and a WITH CHECK, a restrictive
-- policy becomes permissive (drop + create: AS cannot be altered) and a new restrictive FOR
-- INSERT policy appears, a FOR DELETE policy is added for two roles, FORCE row level security,
-- the tenant column used by two policies changes type, comments on policies.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgm_c146_reader') THEN CREATE ROLE pgm_c146_reader; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgm_c146_writer') THEN CREATE ROLE pgm_c146_writer; END IF;
END $$;
CREATE TABLE document (
    id integer PRIMARY KEY,
    tenant_id bigint NOT NULL,
    owner name NOT NULL DEFAULT current_user,
    classified boolean NOT NULL DEFAULT false,
    body text
);
ALTER TABLE document ENABLE ROW LEVEL SECURITY;
ALTER TABLE document FORCE ROW LEVEL SECURITY;
CREATE POLICY doc_tenant ON document
    USING (tenant_id = current_setting('app.tenant', true)::bigint)
    WITH CHECK (tenant_id = current_setting('app.tenant', true)::bigint AND owner = current_user);
CREATE POLICY doc_write ON document FOR UPDATE TO pgm_c146_writer, pgm_c146_reader
    USING (owner = current_user) WITH CHECK (owner = current_user AND NOT classified);
CREATE POLICY doc_no_classified ON document FOR SELECT
    USING (NOT classified OR pg_has_role(current_user, 'pgm_c146_reader', 'member'));
CREATE POLICY doc_insert_tenant ON document AS RESTRICTIVE FOR INSERT
    WITH CHECK (tenant_id > 0);
CREATE POLICY doc_delete ON document FOR DELETE TO pgm_c146_writer, pgm_c146_reader
    USING (owner = current_user AND tenant_id = current_setting('app.tenant', true)::bigint);
COMMENT ON POLICY doc_tenant ON document IS 'tenant isolation';
COMMENT ON POLICY doc_insert_tenant ON document IS 'no tenant 0';
