CREATE TABLE doc (
    id integer PRIMARY KEY,
    tenant integer NOT NULL,
    public boolean NOT NULL DEFAULT false
);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_tenant ON doc USING (tenant = 1);
CREATE POLICY doc_read ON doc FOR SELECT USING (public);
CREATE POLICY doc_write ON doc FOR UPDATE TO pg_read_all_data USING (true);
CREATE POLICY doc_gone ON doc FOR DELETE USING (false);
INSERT INTO doc VALUES (1, 1, true), (2, 2, false);
-- expect-rows: SELECT count(*) FROM doc => 2
