-- serial column
CREATE TABLE t (id serial PRIMARY KEY, n bigserial, note text);
