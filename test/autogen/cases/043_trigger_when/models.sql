-- A trigger's WHEN clause changes (the trigger must be dropped and recreated), and a
-- constraint trigger, deferrable, is added.
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
    FOR EACH ROW WHEN (OLD.amount IS DISTINCT FROM NEW.amount AND NEW.amount > 0) EXECUTE FUNCTION price_bump();
CREATE FUNCTION price_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER price_check AFTER INSERT OR UPDATE ON price
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION price_check();
