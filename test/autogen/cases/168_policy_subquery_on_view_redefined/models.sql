-- A policy's subquery reads a view whose column changes type (grp_id integer -> bigint through
-- the base table; the view must be dropped, and the policy depends on the view): the policy goes
-- around the view's recreation; the view also gains a role filter and a column.
CREATE TABLE grp (id bigint PRIMARY KEY, name text);
CREATE TABLE grp_member (grp_id bigint REFERENCES grp (id), member text, role text, PRIMARY KEY (grp_id, member));
CREATE VIEW my_groups AS SELECT grp_id, role FROM grp_member WHERE member = current_user AND role IS DISTINCT FROM 'banned';
CREATE TABLE post (id integer PRIMARY KEY, grp_id bigint REFERENCES grp (id), body text);
ALTER TABLE post ENABLE ROW LEVEL SECURITY;
CREATE POLICY post_group ON post USING (grp_id IN (SELECT grp_id FROM my_groups));
