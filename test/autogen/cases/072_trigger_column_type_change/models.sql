-- A column named by a trigger (UPDATE OF and WHEN) changes type (PostgreSQL refuses "cannot
-- alter type of a column used in a trigger definition"): the trigger is dropped and recreated.
CREATE TABLE stock_item (
    id integer PRIMARY KEY,
    qty numeric(10,3) NOT NULL,
    changed_at timestamptz
);
CREATE FUNCTION stock_item_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER stock_item_changed BEFORE UPDATE OF qty ON stock_item
    FOR EACH ROW WHEN (OLD.qty IS DISTINCT FROM NEW.qty) EXECUTE FUNCTION stock_item_changed();
