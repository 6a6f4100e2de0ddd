-- A foreign-key cycle: department.manager_id -> employee, employee.department_id ->
-- department, plus a self-reference.  Needs tables first, then the constraints; the downgrade
-- must drop the constraints before the tables.
CREATE TABLE misc (id integer PRIMARY KEY);

CREATE TABLE department (
    id integer PRIMARY KEY,
    name text NOT NULL,
    manager_id integer
);
CREATE TABLE employee (
    id integer PRIMARY KEY,
    department_id integer REFERENCES department (id),
    boss_id integer REFERENCES employee (id)
);
ALTER TABLE department ADD CONSTRAINT department_manager_id_fkey
    FOREIGN KEY (manager_id) REFERENCES employee (id) DEFERRABLE INITIALLY DEFERRED;
