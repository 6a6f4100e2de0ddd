DO $$ BEGIN CREATE ROLE pgm_c091_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgm_c091_writer NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "pgm c091 Auditor" NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE document (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text
);
ALTER TABLE document ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_read ON document FOR SELECT TO pgm_c091_reader USING (true);
CREATE POLICY doc_write ON document FOR INSERT TO pgm_c091_writer WITH CHECK (owner = current_user);
INSERT INTO document VALUES (1, 'postgres', 'hello');
-- expect-rows: SELECT count(*) FROM document => 1
