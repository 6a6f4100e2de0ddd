-- A view at the bottom of a chain of views changes incompatibly (a column removed and one
-- renamed): CREATE OR REPLACE is impossible, so the dependent views must be dropped first and
-- recreated afterwards, in dependency order.
CREATE TABLE emp (
    id integer PRIMARY KEY,
    name text NOT NULL,
    salary numeric NOT NULL,
    dept text
);
CREATE VIEW emp_base AS SELECT id, name, salary AS pay FROM emp;
CREATE VIEW emp_rich AS SELECT id, name FROM emp_base WHERE pay > 100;
CREATE VIEW emp_rich_count AS SELECT count(*) AS n FROM emp_rich;
