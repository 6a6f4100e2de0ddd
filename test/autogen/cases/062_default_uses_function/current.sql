CREATE FUNCTION new_code() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT 'C-' || floor(random() * 1000)::int $$;
CREATE TABLE voucher (
    id integer PRIMARY KEY,
    code text NOT NULL DEFAULT new_code()
);
INSERT INTO voucher (id) VALUES (1), (2);
-- expect-rows: SELECT count(*) FROM voucher WHERE code LIKE 'C-%' => 2
