CREATE TABLE team (
    id integer PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE team_member (
    team_id integer NOT NULL REFERENCES team (id),
    user_name text NOT NULL,
    PRIMARY KEY (team_id, user_name)
);
CREATE TABLE project (
    id integer PRIMARY KEY,
    team_id integer NOT NULL REFERENCES team (id),
    title text
);
ALTER TABLE project ENABLE ROW LEVEL SECURITY;
CREATE POLICY project_team_only ON project
    USING (team_id IN (SELECT tm.team_id FROM team_member tm WHERE tm.user_name = current_user));
INSERT INTO team VALUES (1, 'core');
INSERT INTO team_member VALUES (1, 'postgres');
INSERT INTO project VALUES (1, 1, 'p');
-- expect-rows: SELECT count(*) FROM team_member => 1
