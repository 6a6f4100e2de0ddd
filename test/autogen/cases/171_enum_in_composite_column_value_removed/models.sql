-- An enum nested in a composite type that populated columns use loses an unused value (so the
-- enum is recreated): the composite's attribute must move to the new enum while table columns
-- of the composite type hold rows (ALTER TYPE ... ALTER ATTRIBUTE TYPE is refused while a column
-- uses the composite), a function taking the composite and a view calling it go around.
CREATE TYPE currency AS ENUM ('EUR', 'USD', 'NOK');
CREATE TYPE money_amount AS (amount numeric(12,2), cur currency);
CREATE TABLE price (
    id integer PRIMARY KEY,
    list money_amount NOT NULL,
    sale money_amount
);
CREATE FUNCTION to_eur(m money_amount) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE (m).cur WHEN 'EUR' THEN (m).amount WHEN 'USD' THEN (m).amount * 0.9 ELSE (m).amount * 0.085 END $$;
CREATE VIEW price_eur AS SELECT id, to_eur(list) AS list_eur FROM price;
