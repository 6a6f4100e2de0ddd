CREATE TABLE t (created timestamptz DEFAULT now(), name text NOT NULL DEFAULT '', id int PRIMARY KEY);
