CREATE TABLE grp (id integer PRIMARY KEY, name text);
CREATE TABLE grp_member (grp_id integer REFERENCES grp (id), member text, role text, PRIMARY KEY (grp_id, member));
CREATE VIEW my_groups AS SELECT grp_id FROM grp_member WHERE member = current_user;
CREATE TABLE post (id integer PRIMARY KEY, grp_id integer REFERENCES grp (id), body text);
ALTER TABLE post ENABLE ROW LEVEL SECURITY;
CREATE POLICY post_group ON post USING (grp_id IN (SELECT grp_id FROM my_groups));
INSERT INTO grp VALUES (1, 'g');
INSERT INTO post VALUES (1, 1, 'x');
-- expect-rows: SELECT count(*) FROM post => 1
