-- View options together with RLS: a LOCAL check option becomes CASCADED and the view gains
-- security_invoker (so the RLS policy applies to callers), the dependent security_barrier view
-- loses the barrier and gains a check option and a column, the salary column widens (both views
-- go around), the policy gains WITH CHECK, and a new updatable view with a check option over the
-- dependent view is added.
CREATE TABLE staff (
    id integer PRIMARY KEY,
    dept text NOT NULL,
    salary numeric(12,2) NOT NULL,
    active boolean NOT NULL DEFAULT true
);
ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
CREATE POLICY staff_dept ON staff USING (dept = current_setting('app.dept', true))
    WITH CHECK (dept = current_setting('app.dept', true) AND salary > 0);
CREATE VIEW active_staff WITH (security_invoker = on) AS SELECT id, dept, salary FROM staff WHERE active WITH CASCADED CHECK OPTION;
CREATE VIEW sales_staff AS SELECT id, dept, salary FROM active_staff WHERE dept = 'sales' WITH LOCAL CHECK OPTION;
CREATE VIEW well_paid_sales AS SELECT id, salary FROM sales_staff WHERE salary > 500 WITH CHECK OPTION;
