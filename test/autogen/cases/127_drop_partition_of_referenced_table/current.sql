CREATE TABLE booking_fact (
    id bigint NOT NULL,
    booked_on date NOT NULL,
    PRIMARY KEY (id, booked_on)
) PARTITION BY RANGE (booked_on);
CREATE TABLE booking_fact_2023 PARTITION OF booking_fact FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE booking_fact_2024 PARTITION OF booking_fact FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE booking_note (
    id integer PRIMARY KEY,
    booking_id bigint NOT NULL,
    booked_on date NOT NULL,
    note text,
    FOREIGN KEY (booking_id, booked_on) REFERENCES booking_fact (id, booked_on)
);
INSERT INTO booking_fact VALUES (1, '2024-02-02');
INSERT INTO booking_note VALUES (1, 1, '2024-02-02', 'kept');
-- expect-rows: SELECT count(*) FROM booking_note => 1
-- expect-rows: SELECT count(*) FROM booking_fact => 1
