CREATE TABLE t (id int, owner name);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON t USING (owner = current_user);
