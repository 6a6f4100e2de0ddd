-- A row trigger created on a partitioned table (PostgreSQL clones it onto every partition,
-- which must not be created again), a check constraint and a NOT NULL on the parent
-- (cascading to partitions), a new DEFAULT partition.
CREATE TABLE reading (
    sensor integer NOT NULL,
    at timestamptz NOT NULL,
    value numeric NOT NULL,
    inserted_by text,
    CONSTRAINT reading_value_sane CHECK (value > -1000)
) PARTITION BY LIST (sensor);
CREATE TABLE reading_1 PARTITION OF reading FOR VALUES IN (1);
CREATE TABLE reading_2 PARTITION OF reading FOR VALUES IN (2);
CREATE TABLE reading_other PARTITION OF reading DEFAULT;
CREATE FUNCTION reading_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.inserted_by := current_user;
    RETURN NEW;
END
$$;
CREATE TRIGGER reading_stamp BEFORE INSERT ON reading FOR EACH ROW EXECUTE FUNCTION reading_stamp();
