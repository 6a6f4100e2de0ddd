-- A function used by an expression index and by a partial index predicate changes signature
-- (a second, defaulted parameter; DROP FUNCTION is refused while the indexes use it): drop the
-- indexes, drop and create the function, recreate the indexes.
CREATE FUNCTION normalize_phone(p text, keep_plus boolean DEFAULT false) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN keep_plus THEN regexp_replace(p, '[^0-9+]', '', 'g') ELSE regexp_replace(p, '[^0-9]', '', 'g') END $$;
CREATE TABLE phone_book (
    id integer PRIMARY KEY,
    phone text NOT NULL
);
CREATE UNIQUE INDEX phone_book_norm ON phone_book (normalize_phone(phone));
CREATE INDEX phone_book_norm_partial ON phone_book (id) WHERE normalize_phone(phone) <> '';
