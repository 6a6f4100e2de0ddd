CREATE FUNCTION normalize_phone(p text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT regexp_replace(p, '[^0-9]', '', 'g') $$;
CREATE TABLE phone_book (
    id integer PRIMARY KEY,
    phone text NOT NULL
);
CREATE UNIQUE INDEX phone_book_norm ON phone_book (normalize_phone(phone));
CREATE INDEX phone_book_norm_partial ON phone_book (id) WHERE normalize_phone(phone) <> '';
INSERT INTO phone_book VALUES (1, '+49 (30) 123'), (2, '555-0100');
-- expect-rows: SELECT count(*) FROM phone_book => 2
