CREATE TYPE st AS ENUM ('new');
ALTER TYPE st ADD VALUE 'done';
ALTER TYPE st ADD VALUE 'open' BEFORE 'done';
ALTER TYPE st ADD VALUE 'archived' AFTER 'done';
CREATE TABLE t (s st DEFAULT 'new');
