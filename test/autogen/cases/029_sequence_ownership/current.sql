CREATE TABLE widget (
    id integer PRIMARY KEY,
    serial_no integer
);
CREATE SEQUENCE widget_serial_seq;
CREATE SEQUENCE detached_seq OWNED BY widget.id;
INSERT INTO widget VALUES (1, 1), (2, 2);
-- expect-rows: SELECT count(*) FROM widget => 2
