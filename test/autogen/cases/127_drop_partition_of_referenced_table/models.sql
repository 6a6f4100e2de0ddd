-- Retention: an old, empty partition of a partitioned table that a foreign key from another
-- table references is dropped (a plain DROP TABLE is refused because the FK depends on every
-- partition: DETACH PARTITION first, then DROP TABLE), and a new one added; on downgrade the
-- partition is created again under the FK.
CREATE TABLE booking_fact (
    id bigint NOT NULL,
    booked_on date NOT NULL,
    PRIMARY KEY (id, booked_on)
) PARTITION BY RANGE (booked_on);
CREATE TABLE booking_fact_2024 PARTITION OF booking_fact FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE booking_fact_2025 PARTITION OF booking_fact FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE booking_note (
    id integer PRIMARY KEY,
    booking_id bigint NOT NULL,
    booked_on date NOT NULL,
    note text,
    FOREIGN KEY (booking_id, booked_on) REFERENCES booking_fact (id, booked_on)
);
