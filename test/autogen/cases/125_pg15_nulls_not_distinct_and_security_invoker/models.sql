-- PostgreSQL 15 features: a unique constraint becomes NULLS NOT DISTINCT, a unique index NULLS
-- NOT DISTINCT is added, a view becomes security_invoker; a column type change on a column a
-- NULLS NOT DISTINCT constraint covers.
CREATE TABLE device (
    id integer PRIMARY KEY,
    serial varchar(40),
    vendor text,
    CONSTRAINT device_serial_key UNIQUE NULLS NOT DISTINCT (vendor, serial)
);
CREATE INDEX device_vendor_idx ON device (vendor);
CREATE UNIQUE INDEX device_id_serial ON device (id, serial) NULLS NOT DISTINCT;
CREATE VIEW device_list WITH (security_invoker = true) AS SELECT id, serial FROM device;
