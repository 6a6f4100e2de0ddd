CREATE TABLE stock_item (
    id integer PRIMARY KEY,
    qty integer NOT NULL,
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
INSERT INTO stock_item VALUES (1, 5, NULL);
-- expect-rows: SELECT count(*) FROM stock_item => 1
