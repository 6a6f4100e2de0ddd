CREATE TABLE emp (
    id integer PRIMARY KEY,
    name text NOT NULL,
    salary numeric NOT NULL,
    dept text
);
CREATE VIEW emp_base AS SELECT id, name, salary, dept FROM emp;
CREATE VIEW emp_rich AS SELECT id, name FROM emp_base WHERE salary > 100;
CREATE VIEW emp_rich_count AS SELECT count(*) AS n FROM emp_rich;
INSERT INTO emp VALUES (1, 'a', 50, 'x'), (2, 'b', 500, 'y');
-- expect-rows: SELECT n FROM emp_rich_count => 1
