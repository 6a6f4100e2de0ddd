CREATE TABLE region (code char(2), sub integer, name text, PRIMARY KEY (code, sub));
CREATE TABLE employee (
    id integer PRIMARY KEY,
    manager_id integer REFERENCES employee (id),
    region_code char(2),
    region_sub integer,
    tenant integer NOT NULL DEFAULT 1,
    FOREIGN KEY (region_code, region_sub) REFERENCES region (code, sub)
);
CREATE TABLE assignment (
    tenant integer NOT NULL,
    employee_id integer,
    backup_id integer,
    CONSTRAINT assignment_employee_fk FOREIGN KEY (employee_id) REFERENCES employee (id) DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO region VALUES ('no', 1, 'oslo'), ('se', 1, 'sthlm');
INSERT INTO employee VALUES (1, NULL, 'no', 1, 1), (2, 1, 'se', 1, 1), (3, 1, NULL, NULL, 1);
INSERT INTO assignment VALUES (1, 2, 3);
-- expect-rows: SELECT string_agg(id || ':' || COALESCE(manager_id::text, '-'), ',' ORDER BY id) FROM employee => 1:-,2:1,3:1
-- expect-rows: SELECT count(*) FROM assignment => 1
