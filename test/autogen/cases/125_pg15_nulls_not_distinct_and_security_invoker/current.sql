CREATE TABLE device (
    id integer PRIMARY KEY,
    serial text,
    vendor text,
    CONSTRAINT device_serial_key UNIQUE (vendor, serial)
);
CREATE INDEX device_vendor_idx ON device (vendor);
CREATE VIEW device_list AS SELECT id, serial FROM device;
INSERT INTO device VALUES (1, 'S1', 'acme'), (2, NULL, 'acme');
-- expect-rows: SELECT count(*) FROM device => 2
