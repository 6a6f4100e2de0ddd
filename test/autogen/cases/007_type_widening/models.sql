-- Widening type changes that keep every value: int -> bigint, varchar(20) -> varchar(100),
-- real -> double precision, timestamp -> timestamptz, char(3) -> text.
CREATE TABLE measurement (
    id bigint PRIMARY KEY,
    sensor varchar(100) NOT NULL,
    reading double precision,
    taken_at timestamptz,
    code text
);
