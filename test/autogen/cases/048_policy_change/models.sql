-- Policies change: a USING expression (ALTER POLICY), a command (FOR SELECT -> FOR ALL:
-- drop and create), roles (ALTER POLICY ... TO), a WITH CHECK added; one policy dropped.
CREATE TABLE doc (
    id integer PRIMARY KEY,
    tenant integer NOT NULL,
    public boolean NOT NULL DEFAULT false
);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_tenant ON doc USING (tenant = 1 OR tenant = 2);
CREATE POLICY doc_read ON doc FOR ALL USING (public);
CREATE POLICY doc_write ON doc FOR UPDATE TO pg_read_all_data, pg_write_all_data USING (true) WITH CHECK (tenant > 0);
