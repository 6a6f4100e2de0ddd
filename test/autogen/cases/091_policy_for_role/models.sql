-- Policies for specific roles: one policy's role list grows (to a role whose name needs
-- quoting), one is moved to another role and becomes restrictive (not alterable: drop +
-- create), one new policy for PUBLIC and a specific role.
DO $$ BEGIN CREATE ROLE pgm_c091_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgm_c091_writer NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "pgm c091 Auditor" NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE document (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text
);
ALTER TABLE document ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_read ON document FOR SELECT TO pgm_c091_reader, "pgm c091 Auditor" USING (true);
CREATE POLICY doc_write ON document AS RESTRICTIVE FOR INSERT TO pgm_c091_reader WITH CHECK (owner = current_user);
CREATE POLICY doc_delete ON document FOR DELETE TO PUBLIC, pgm_c091_writer USING (owner = current_user);
