DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgm_c146_reader') THEN CREATE ROLE pgm_c146_reader; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgm_c146_writer') THEN CREATE ROLE pgm_c146_writer; END IF;
END $$;
CREATE TABLE document (
    id integer PRIMARY KEY,
    tenant_id integer NOT NULL,
    owner name NOT NULL DEFAULT current_user,
    classified boolean NOT NULL DEFAULT false,
    body text
);
ALTER TABLE document ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_tenant ON document
    USING (tenant_id = current_setting('app.tenant', true)::integer);
CREATE POLICY doc_write ON document FOR UPDATE TO pgm_c146_writer
    USING (owner = current_user);
CREATE POLICY doc_no_classified ON document AS RESTRICTIVE FOR SELECT
    USING (NOT classified);
INSERT INTO document VALUES (1, 1, 'postgres', false, 'a'), (2, 1, 'postgres', true, 'b');
-- expect-rows: SELECT count(*) FROM document => 2
