CREATE TABLE app_user (
    id integer PRIMARY KEY,
    email text NOT NULL,
    updated_at timestamptz
);
CREATE FUNCTION normalize_email(e text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT lower(e) $$;
ALTER TABLE app_user ADD CONSTRAINT app_user_email_normalized CHECK (email = normalize_email(email));
CREATE FUNCTION app_user_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER app_user_touch BEFORE UPDATE ON app_user
    FOR EACH ROW EXECUTE FUNCTION app_user_touch();
INSERT INTO app_user VALUES (1, 'a@example.com', NULL);
-- expect-rows: SELECT count(*) FROM app_user => 1
