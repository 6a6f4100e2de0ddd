CREATE TYPE st AS ENUM ('new', 'open', 'done', 'archived');
CREATE TABLE t (s st DEFAULT 'new'::st);
