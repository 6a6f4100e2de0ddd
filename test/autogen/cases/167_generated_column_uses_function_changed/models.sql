-- A stored generated column calls a user function whose signature changes (text -> varchar
-- with a second defaulted parameter: DROP FUNCTION is refused while the generated column depends
-- on it): the generated column (and its unique index) is dropped, the function recreated, the
-- column re-added (recomputed); the title column's type changes at the same time.
CREATE FUNCTION slugify(t text, sep text DEFAULT '-') RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT lower(regexp_replace(t, '[^a-zA-Z0-9]+', sep, 'g')) $$;
CREATE TABLE page (
    id integer PRIMARY KEY,
    title text NOT NULL,
    slug text GENERATED ALWAYS AS (slugify(title, '_')) STORED
);
CREATE UNIQUE INDEX page_slug ON page (slug);
