CREATE TABLE staff (
    id integer PRIMARY KEY,
    dept text NOT NULL,
    salary numeric(10,2) NOT NULL,
    active boolean NOT NULL DEFAULT true
);
ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
CREATE POLICY staff_dept ON staff USING (dept = current_setting('app.dept', true));
CREATE VIEW active_staff AS SELECT id, dept, salary FROM staff WHERE active WITH LOCAL CHECK OPTION;
CREATE VIEW sales_staff WITH (security_barrier) AS SELECT id, salary FROM active_staff WHERE dept = 'sales';
INSERT INTO staff VALUES (1, 'sales', 1000, true), (2, 'ops', 2000, false);
-- expect-rows: SELECT count(*) FROM staff => 2
