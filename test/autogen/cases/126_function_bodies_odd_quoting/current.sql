CREATE FUNCTION weird_text() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'plain' $$;
CREATE FUNCTION "Mixed Case"("Arg One" integer, "select" text DEFAULT 'x') RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT "select" || "Arg One" $$;
