CREATE TABLE measurement (
    id integer PRIMARY KEY,
    sensor varchar(20) NOT NULL,
    reading real,
    taken_at timestamp,
    code char(3)
);
INSERT INTO measurement VALUES (1, 'a-1', 1.5, '2024-01-01 10:00', 'abc'), (2, 'b-2', 2.25, '2024-01-02 11:30', 'xyz');
-- expect-rows: SELECT count(*) FROM measurement => 2
-- expect-rows: SELECT string_agg(sensor, ',' ORDER BY id) FROM measurement => a-1,b-2
