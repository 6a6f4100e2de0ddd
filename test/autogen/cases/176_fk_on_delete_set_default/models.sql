-- owner_id gets DEFAULT 0 and ON DELETE SET DEFAULT; the composite FK becomes
-- ON DELETE SET NULL (team_id) (PostgreSQL 15 column list: org stays).
CREATE TABLE owner (id integer PRIMARY KEY, name text);
CREATE TABLE team (org integer, id integer, PRIMARY KEY (org, id));
CREATE TABLE thing (id integer PRIMARY KEY, owner_id integer DEFAULT 0 REFERENCES owner ON DELETE SET DEFAULT ON UPDATE CASCADE,
    org integer NOT NULL, team_id integer,
    CONSTRAINT thing_team_fk FOREIGN KEY (org, team_id) REFERENCES team ON DELETE SET NULL (team_id));
