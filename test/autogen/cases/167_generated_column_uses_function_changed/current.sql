CREATE FUNCTION slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT lower(regexp_replace(t, '[^a-zA-Z0-9]+', '-', 'g')) $$;
CREATE TABLE page (
    id integer PRIMARY KEY,
    title varchar(100) NOT NULL,
    slug text GENERATED ALWAYS AS (slugify(title)) STORED
);
CREATE UNIQUE INDEX page_slug ON page (slug);
INSERT INTO page (id, title) VALUES (1, 'Hello World'), (2, 'A/B test');
-- expect-rows: SELECT string_agg(id || ':' || title, ',' ORDER BY id) FROM page => 1:Hello World,2:A/B test
