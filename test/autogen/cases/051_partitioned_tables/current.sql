CREATE TABLE measurement (
    id bigint NOT NULL,
    logdate date NOT NULL,
    value integer
) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_2023 PARTITION OF measurement FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE measurement_old PARTITION OF measurement FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
INSERT INTO measurement VALUES (1, '2023-05-01', 10), (2, '2023-06-01', 20);
-- expect-rows: SELECT count(*) FROM measurement => 2
