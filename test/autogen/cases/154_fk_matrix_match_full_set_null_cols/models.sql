-- Foreign keys changing in every attribute at once: a self-reference gains ON DELETE SET NULL and
-- DEFERRABLE, a composite FK becomes MATCH FULL with ON UPDATE CASCADE (the rows satisfy MATCH
-- FULL), a deferred FK becomes NOT DEFERRABLE with ON DELETE SET NULL (employee_id) (PG15 column
-- list), a new FK on the backup column with ON DELETE SET DEFAULT and a NOT VALID FK added.
CREATE TABLE region (code char(2), sub integer, name text, PRIMARY KEY (code, sub));
CREATE TABLE employee (
    id integer PRIMARY KEY,
    manager_id integer,
    region_code char(2),
    region_sub integer,
    tenant integer NOT NULL DEFAULT 1,
    CONSTRAINT employee_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES employee (id) ON DELETE SET NULL DEFERRABLE,
    CONSTRAINT employee_region_code_region_sub_fkey FOREIGN KEY (region_code, region_sub) REFERENCES region (code, sub) MATCH FULL ON UPDATE CASCADE,
    CONSTRAINT employee_tenant_id_key UNIQUE (tenant, id)
);
CREATE TABLE assignment (
    tenant integer NOT NULL,
    employee_id integer,
    backup_id integer DEFAULT NULL,
    CONSTRAINT assignment_employee_fk FOREIGN KEY (tenant, employee_id) REFERENCES employee (tenant, id) ON DELETE SET NULL (employee_id),
    CONSTRAINT assignment_backup_fk FOREIGN KEY (backup_id) REFERENCES employee (id) ON DELETE SET DEFAULT,
    CONSTRAINT assignment_backup_tenant_fk FOREIGN KEY (tenant, backup_id) REFERENCES employee (tenant, id) NOT VALID
);
