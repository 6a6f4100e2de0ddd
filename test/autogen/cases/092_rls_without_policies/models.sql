-- Row level security switched on with no policy at all (deny by default), a table that keeps
-- RLS but loses FORCE and its only policy, a table where FORCE stays on without ENABLE.
CREATE TABLE vault (id integer PRIMARY KEY, item text);
ALTER TABLE vault ENABLE ROW LEVEL SECURITY;
CREATE TABLE ledger (id integer PRIMARY KEY, entry text);
ALTER TABLE ledger ENABLE ROW LEVEL SECURITY;
CREATE TABLE plain (id integer PRIMARY KEY);
ALTER TABLE plain FORCE ROW LEVEL SECURITY;
