-- Function bodies that are hard to quote back: a body containing $function$ and $$, a body
-- with a backslash, a tab and a unicode string; quoted function and parameter names with
-- defaults (body change through CREATE OR REPLACE); a plpgsql body with nested dollar quotes.
CREATE FUNCTION weird_text() RETURNS text LANGUAGE sql IMMUTABLE AS $body$ SELECT '$function$ and $$ and \n' || E'\t' || 'ünï' $body$;
CREATE FUNCTION "Mixed Case"("Arg One" integer, "select" text DEFAULT 'x') RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT "select" || ' ' || "Arg One" $$;
CREATE FUNCTION nested_dollar() RETURNS text LANGUAGE plpgsql AS $outer$
DECLARE
    q text := $q$it's a 'quoted' $$ string$q$;
BEGIN
    EXECUTE $x$SELECT 1$x$;
    RETURN q;
END
$outer$;
