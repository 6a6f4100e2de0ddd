-- Sequence ownership: a free sequence becomes OWNED BY a column (and its default), an owned
-- sequence becomes free (OWNED BY NONE).
CREATE SEQUENCE widget_serial_seq;
CREATE SEQUENCE detached_seq;
CREATE TABLE widget (
    id integer PRIMARY KEY,
    serial_no integer DEFAULT nextval('widget_serial_seq')
);
ALTER SEQUENCE widget_serial_seq OWNED BY widget.serial_no;
