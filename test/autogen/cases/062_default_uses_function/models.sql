-- A column default calls a function whose signature changes (a parameter with a default is
-- added): the default must be dropped, the function replaced, the default set again.
CREATE FUNCTION new_code(prefix text DEFAULT 'V') RETURNS text LANGUAGE sql VOLATILE
    AS $$ SELECT prefix || '-' || floor(random() * 1000)::int $$;
CREATE TABLE voucher (
    id integer PRIMARY KEY,
    code text NOT NULL DEFAULT new_code()
);
