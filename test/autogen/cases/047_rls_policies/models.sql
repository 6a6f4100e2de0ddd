-- Row-level security: enabled and forced on a table, a permissive and a restrictive policy,
-- policies for one command and for a role; RLS enabled without any policy on another table.
CREATE TABLE note (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text
);
ALTER TABLE note ENABLE ROW LEVEL SECURITY;
ALTER TABLE note FORCE ROW LEVEL SECURITY;
CREATE POLICY note_owner ON note USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY note_readers ON note FOR SELECT TO pg_read_all_data USING (true);
CREATE POLICY note_no_empty ON note AS RESTRICTIVE FOR INSERT WITH CHECK (body <> '');
CREATE TABLE open_data (id integer PRIMARY KEY);
ALTER TABLE open_data ENABLE ROW LEVEL SECURITY;
