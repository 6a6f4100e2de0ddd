CREATE TABLE measurement (
    city_id integer NOT NULL,
    logdate date NOT NULL,
    peaktemp integer,
    unitsales integer
) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_y2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurement_y2025 PARTITION OF measurement FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE animal (id integer PRIMARY KEY, name varchar(20) NOT NULL, weight integer);
CREATE TABLE dog (good boolean DEFAULT true) INHERITS (animal);
INSERT INTO measurement VALUES (1, '2024-05-01', 30, 10), (2, '2025-05-01', 31, NULL);
INSERT INTO dog VALUES (1, 'rex', 30, true);
INSERT INTO animal VALUES (2, 'cat', 4);
-- expect-rows: SELECT count(*) FROM measurement => 2
-- expect-rows: SELECT name FROM animal WHERE id = 1 => rex
