CREATE TABLE price (
    id integer PRIMARY KEY,
    amount numeric NOT NULL,
    changed integer NOT NULL DEFAULT 0
);
CREATE FUNCTION price_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed := OLD.changed + 1;
    RETURN NEW;
END
$$;
CREATE TRIGGER price_bump BEFORE UPDATE ON price
    FOR EACH ROW WHEN (OLD.amount IS DISTINCT FROM NEW.amount) EXECUTE FUNCTION price_bump();
INSERT INTO price VALUES (1, 10, 0);
-- expect-rows: SELECT count(*) FROM price => 1
