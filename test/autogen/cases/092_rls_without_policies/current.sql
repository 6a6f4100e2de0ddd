CREATE TABLE vault (id integer PRIMARY KEY, item text);
CREATE TABLE ledger (id integer PRIMARY KEY, entry text);
ALTER TABLE ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_all ON ledger USING (true);
CREATE TABLE plain (id integer PRIMARY KEY);
ALTER TABLE plain FORCE ROW LEVEL SECURITY;
INSERT INTO vault VALUES (1, 'gold');
-- expect-rows: SELECT count(*) FROM vault => 1
