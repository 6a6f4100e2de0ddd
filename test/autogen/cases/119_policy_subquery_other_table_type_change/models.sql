-- A policy on one table reads another table in a subquery; a column of that other table changes
-- type (PostgreSQL refuses "cannot alter type of a column used in a policy definition" for any
-- table the policy reads): the policy is dropped and recreated around it, along with the FKs.
CREATE TABLE team (
    id bigint PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE team_member (
    team_id bigint NOT NULL REFERENCES team (id),
    user_name text NOT NULL,
    PRIMARY KEY (team_id, user_name)
);
CREATE TABLE project (
    id integer PRIMARY KEY,
    team_id bigint NOT NULL REFERENCES team (id),
    title text
);
ALTER TABLE project ENABLE ROW LEVEL SECURITY;
CREATE POLICY project_team_only ON project
    USING (team_id IN (SELECT tm.team_id FROM team_member tm WHERE tm.user_name = current_user));
