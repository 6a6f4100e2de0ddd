-- FKs with plain NO ACTION; the child columns have no default.
CREATE TABLE owner (id integer PRIMARY KEY, name text);
INSERT INTO owner VALUES (0, 'nobody'), (1, 'x'), (2, 'y');
CREATE TABLE team (org integer, id integer, PRIMARY KEY (org, id));
INSERT INTO team VALUES (1, 1), (1, 2);
CREATE TABLE thing (id integer PRIMARY KEY, owner_id integer REFERENCES owner, org integer NOT NULL, team_id integer,
    CONSTRAINT thing_team_fk FOREIGN KEY (org, team_id) REFERENCES team);
INSERT INTO thing VALUES (1, 1, 1, 1), (2, 2, 1, 2);
-- expect-rows: SELECT sum(owner_id) || '/' || sum(team_id) FROM thing => 3/3
