CREATE TABLE reading (
    sensor integer NOT NULL,
    at timestamptz NOT NULL,
    value numeric,
    inserted_by text
) PARTITION BY LIST (sensor);
CREATE TABLE reading_1 PARTITION OF reading FOR VALUES IN (1);
CREATE TABLE reading_2 PARTITION OF reading FOR VALUES IN (2);
CREATE FUNCTION reading_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.inserted_by := current_user;
    RETURN NEW;
END
$$;
INSERT INTO reading VALUES (1, '2024-01-01', 1.5, NULL), (2, '2024-01-01', 2.5, NULL);
-- expect-rows: SELECT count(*) FROM reading => 2
