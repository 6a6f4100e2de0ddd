CREATE TYPE currency AS ENUM ('EUR', 'USD', 'NOK', 'XTS');
CREATE TYPE money_amount AS (amount numeric(12,2), cur currency);
CREATE TABLE price (
    id integer PRIMARY KEY,
    list money_amount NOT NULL,
    sale money_amount
);
CREATE FUNCTION to_eur(m money_amount) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE (m).cur WHEN 'EUR' THEN (m).amount WHEN 'USD' THEN (m).amount * 0.9 ELSE (m).amount * 0.085 END $$;
CREATE VIEW price_eur AS SELECT id, to_eur(list) AS list_eur FROM price;
INSERT INTO price VALUES (1, ROW(10, 'EUR'), NULL), (2, ROW(100, 'NOK'), ROW(80, 'NOK'));
-- expect-rows: SELECT string_agg(id || ':' || list::text || ':' || COALESCE(sale::text, '-'), ',' ORDER BY id) FROM price => 1:(10.00,EUR):-,2:(100.00,NOK):(80.00,NOK)
