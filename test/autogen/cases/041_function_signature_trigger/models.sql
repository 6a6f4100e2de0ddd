-- A function whose signature changes (a parameter added) while a CHECK constraint depends on
-- it, and a trigger function replaced by one with another name: the constraint and the
-- trigger must be dropped before, and recreated after, the functions change.
CREATE TABLE app_user (
    id integer PRIMARY KEY,
    email text NOT NULL,
    updated_at timestamptz
);
CREATE FUNCTION normalize_email(e text, strip boolean DEFAULT true) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN strip THEN lower(btrim(e)) ELSE lower(e) END $$;
ALTER TABLE app_user ADD CONSTRAINT app_user_email_normalized CHECK (email = normalize_email(email));
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END
$$;
CREATE TRIGGER app_user_touch BEFORE UPDATE ON app_user
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
